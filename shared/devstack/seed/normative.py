"""Normative documents of 2018 (DOMAIN §5, §9.2 "about 4 per year, all reviewed and filed on
time"): drafted, reviewed for legality before adoption and publication, filed with the county
government's legal-affairs office within 30 days, registered, and the filing review concluded
with no issue — so the year's review and filing rates are both 100%, as the article says [A],
and the legal-affairs section reports them. Titles and dates are illustrative [DESIGN]; the small
scale publishes one document.
"""

from __future__ import annotations

from datetime import date, timedelta

from shared.devstack.seed.timeline import when, working_day_after
from shared.devstack.seed.world import CASES, World

# title, drafting unit, bases, drafted on
DOCUMENTS = (
    (
        "关于进一步规范国土资源行政执法工作的通知",
        "LEGAL",
        ["中华人民共和国行政处罚法", "国土资源行政处罚办法"],
        date(2018, 1, 15),
    ),
    ("孟津县国土资源局行政执法过错责任追究办法", "LEGAL", ["国土资源执法监察错案责任追究制度"], date(2018, 3, 5)),
    (
        "孟津县国土资源局行政执法评议考核办法",
        "OFFICE",
        ["国务院办公厅关于推行行政执法责任制的若干意见"],
        date(2018, 5, 7),
    ),
    (
        "关于加强耕地保护和占补平衡管理的通知",
        "FARM",
        ["中华人民共和国土地管理法", "基本农田保护条例"],
        date(2018, 7, 9),
    ),
)
MATERIALS = ["report", "text", "explanation", "bases", "review_opinion"]


def publish_documents(world: World) -> None:
    units = {unit.code for unit in world.staff.units}
    legal, director = world.actors.legal, world.actors.director
    for number, (title, unit, bases, drafted) in enumerate(DOCUMENTS if world.full else DOCUMENTS[:1], start=1):
        key = f"normative/2018/{number}"
        doc = world.post(
            legal,
            f"{CASES}/normative-documents",
            {
                "title": title,
                "drafting_unit_id": unit if unit in units else "LEGAL",
                "bases": bases,
                "drafted_at": when(drafted, 9),
            },
            kind="normative_document",
            key=key,
        )
        base = f"{CASES}/normative-documents/{doc}"
        day = drafted
        if number == 2:  # the accountability rules go out for public comment first
            closes = working_day_after(day, 10)
            world.post(
                legal,
                f"{base}/public-comment/opening",
                {"closes_on": closes.isoformat(), "channel": "县政府门户网站", "opened_at": when(day, 15)},
                kind="normative_comment_opened",
                key=f"{key}/comment-open",
            )
            day = working_day_after(closes, 1)
            world.post(
                legal,
                f"{base}/public-comment/closing",
                {"comments_count": 7, "closed_at": when(day, 10)},
                kind="normative_comment_closed",
                key=f"{key}/comment-close",
            )
        day = working_day_after(day, 5)
        world.post(
            legal,
            f"{base}/legality-reviews",
            {"result": "passed", "completed_at": when(day, 10)},
            kind="normative_legality_review",
            key=f"{key}/legality-review",
        )
        day = working_day_after(day, 3)
        world.post(
            director,
            f"{base}/adoption",
            {"meeting_id": f"局务会{day.isoformat()}", "adopted_at": when(day, 9)},
            kind="normative_adoption",
            key=f"{key}/adoption",
        )
        published = working_day_after(day, 2)
        world.post(
            legal,
            f"{base}/publication",
            {
                "doc_no": f"孟国土资〔2018〕{number * 3}号",
                "effective_on": (published + timedelta(days=31)).isoformat(),
                "channels": ["website", "gazette"],
                "published_at": when(published, 10),
            },
            kind="normative_publication",
            key=f"{key}/publication",
        )
        filed = working_day_after(published, 8)
        world.post(
            legal,
            f"{base}/filings",
            {"materials": MATERIALS, "filed_at": when(filed, 10)},
            kind="normative_filing",
            key=f"{key}/filing",
        )
        registered = working_day_after(filed, 3)
        world.post(
            legal,
            f"{base}/filing/registration",
            {"registered_at": when(registered, 10)},
            kind="normative_filing_registered",
            key=f"{key}/registration",
        )
        world.post(
            legal,
            f"{base}/filing/review-conclusion",
            {"outcome": "no_issue", "concluded_at": when(working_day_after(registered, 10), 10)},
            kind="normative_filing_reviewed",
            key=f"{key}/review-conclusion",
        )
    world.post(
        legal,
        f"{CASES}/normative-documents/rates/reports",
        {"period_from": "2018-01-01", "period_to": "2018-12-31", "as_of": "2018-12-31"},
        kind="normative_rates_report",
        key="normative/2018/rates",
    )

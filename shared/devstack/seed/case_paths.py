"""Penalty cases from filing to archive (DOMAIN §1.2 steps 2–11), along the paths §9.2's monthly mix
describes. Every filed case is carried to its end, so nothing is left for the present-day deadline
watch to find overdue:

- `fine_paid`: a fine below the hearing threshold, paid; `mining_fine` the same for sand mining,
  with the illegal gains confiscated;
- `demolition`: an organisation's fine above the hearing threshold plus a demolition order; the
  hearing is waived, the demolition verified on site and the fine paid;
- `hearing`: a citizen's large fine; the party asks for a hearing, which legal affairs holds; a
  decision after a hearing is major, so it passes the legal review;
- `major`: confiscation of the buildings: complex, so the leadership discusses it collectively,
  and major, so it passes the legal review (法制审核) before the decision;
- `no_penalty`: minor and corrected, no penalty decided;
- `transfer`: basic farmland over the criminal threshold: reported upward, discussed collectively
  (a serious violation) and transferred to the police;
- `court`: the party defaults; a payment demand, then the court's enforcement once the challenge
  period is over; `court_refused` the same, but the court refuses: the refusal recorded ends
  enforcement (duty discharged, DOMAIN §3.1 D) and the case closes as terminated.

Parties, amounts, document numbers and dates are illustrative [DESIGN].
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from shared.devstack.seed.client import Actor
from shared.devstack.seed.recording import clips
from shared.devstack.seed.timeline import when, working_day_after
from shared.devstack.seed.world import CASES, Actors, World

if TYPE_CHECKING:
    from shared.devstack.seed.leads_plan import LeadPlan

VIOLATION = {
    "fine_paid": ("illegal_occupation", "person", "非法占用耕地建房"),
    "mining_fine": ("illegal_mining", "person", "未取得采矿许可证擅自采砂"),
    "demolition": ("illegal_occupation", "organisation", "村办企业未批先建厂房"),
    "hearing": ("farmland_destruction", "person", "在耕地上挖土烧窑，破坏种植条件"),
    "major": ("illegal_occupation", "organisation", "非法占用耕地建设商品用房"),
    "no_penalty": ("illegal_occupation", "person", "临时占用耕地堆放建材"),
    "transfer": ("illegal_occupation", "organisation", "非法占用基本农田建设厂房"),
    "court": ("illegal_occupation", "person", "非法占用耕地建房"),
    "court_refused": ("refuse_return_land", "person", "拒不交还依法收回的土地"),
}
PENALTIES: dict[str, list[dict[str, Any]]] = {
    "fine_paid": [{"kind": "fine", "amount_yuan": 3600}],
    "mining_fine": [{"kind": "fine", "amount_yuan": 4000}, {"kind": "confiscate_gains", "amount_yuan": 12000}],
    "demolition": [{"kind": "fine", "amount_yuan": 60000}, {"kind": "demolish_within", "area_m2": 1200.0}],
    "hearing": [{"kind": "fine", "amount_yuan": 20000}],
    "major": [{"kind": "fine", "amount_yuan": 150000}, {"kind": "confiscate_buildings", "area_m2": 3500.0}],
    "court": [{"kind": "fine", "amount_yuan": 4200}],
    "court_refused": [{"kind": "fine", "amount_yuan": 3000}],
}
COURT = "孟津县人民法院"
PARTY_NAMES = {"person": "当事人{n}", "organisation": "{village}第{n}村民组办企业"}


class CaseRun:
    """One case being carried along its path; `day` moves forward one step at a time."""

    def __init__(self, world: World, plan: LeadPlan, case_id: str, filed: date) -> None:
        self.world = world
        self.plan = plan
        self.path = plan.path or ""
        self.base = f"{CASES}/cases/{case_id}"
        self.day = filed
        self.officer = Actors.officer(plan.unit)

    def step(self, name: str, body: dict[str, Any], *, actor: Actor | None = None) -> None:
        self.world.post(
            actor or self.officer,
            f"{self.base}/{name}",
            body,
            kind="case_" + name.replace("-", "_").replace("/", "_"),
            key=f"{self.plan.key}/case/{name}",
        )

    def advance(self, days: int) -> str:
        """The instant `days` working days after the previous step (0: the same day)."""
        self.day = working_day_after(self.day, days) if days else self.day
        return when(self.day, 10)

    def doc(self, prefix: str) -> str:
        return f"{prefix}-{self.plan.serial}"

    @property
    def team(self) -> list[dict[str, Any]]:
        return team(self.world, self.plan.team)

    @property
    def director(self) -> str:
        return self.world.officer_id(self.world.staff.director)

    def legal_member(self, index: int) -> str:
        legal = [m.key for m in self.world.staff.holders_of("LEGAL") if m.key not in self.world.staff.review_due]
        return self.world.officer_id(legal[index % len(legal)])


def team(world: World, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """Officers present at an on-site step, each showing the certificate (亮证执法)."""
    return [{"officer_id": world.officer_id(k), "certificate_shown": True} for k in keys]


FILING_CONDITIONS = dict.fromkeys(
    ("identified_party", "violation_fact", "liability", "jurisdiction", "within_limitation"), True
)


def filing_approver(world: World) -> str:
    """The deputy director in charge of enforcement approves filings (立案呈批表)."""
    deputies = world.staff.deputies
    return world.officer_id(deputies[1] if len(deputies) > 1 else world.staff.director)


def file_case(world: World, plan: LeadPlan, lead: str, verified: date) -> tuple[str, date]:
    violation, party_type, cause = VIOLATION[plan.path or ""]
    filed = working_day_after(verified, 3)
    number = plan.serial.split("-")[1]
    party = {"type": party_type, "name": PARTY_NAMES[party_type].format(n=number, village=plan.village)}
    case_id = world.post(
        Actors.officer(plan.unit),
        f"{CASES}/leads/{lead}/filing",
        {
            "case_no": f"孟国土资罚〔2018〕{number}号",
            "filing_form_no": f"LA-{plan.serial}",
            "party": party,
            "cause": cause,
            "facts_summary": f"{plan.village}：{cause}，占地{plan.area_mu}亩，其中耕地{plan.cultivated_mu}亩",
            "violation_type": violation,
            "conditions": FILING_CONDITIONS,
            "handling_officer_ids": [world.officer_id(k) for k in plan.team],
            "approved_by": filing_approver(world),
            "filed_at": when(filed, 15),
        },
        kind="case",
        key=f"{plan.key}/filing",
    )
    return case_id, filed


def investigate(run: CaseRun) -> None:
    plan = run.plan
    party = "当事人" if VIOLATION[run.path][1] == "person" else "法定代表人"
    clip = f"JLY-{plan.serial}-1"
    run.step(
        "inquiries",
        {
            "doc_no": run.doc("XW"),
            "officers": run.team,
            "interviewee_role": "party",
            "interviewee_name": party,
            "started_at": run.advance(2),
            "ended_at": when(run.day, 11),
            "signed": True,
            "clip_ids": [clip],
            "clips": clips(run.world, plan, "XW", run.day, start=10, end=11),
        },
    )
    run.step(
        "site-surveys",
        {
            "doc_no": run.doc("KC"),
            "officers": run.team,
            "measured_area_mu": plan.area_mu,
            "cultivated_mu": plan.cultivated_mu,
            "basic_farmland_mu": plan.basic_farmland_mu,
            "surveyed_at": when(run.day, 15),
            "clips": clips(run.world, plan, "KC", run.day, start=14, end=15),
        },
    )
    if run.path == "major":
        run.step(
            "evidence",
            {
                "doc_no": run.doc("ZJ"),
                "officers": run.team,
                "kind": "documentary",
                "original": True,
                "description": "规划许可、土地审批情况查询结果",
                "collected_at": run.advance(1),
            },
        )
    penalties = PENALTIES.get(run.path, [])
    run.step(
        "investigation-report",
        {
            "report_no": run.doc("DC"),
            "facts": f"经调查，{plan.village}{VIOLATION[run.path][2]}，事实清楚，证据确凿",
            "legal_basis": ["中华人民共和国土地管理法 第七十六条"],
            "proposed_penalties": penalties,
            "discretion_level": "serious" if run.path in ("major", "transfer") else "ordinary",
            "is_major": run.path == "major",
            "is_complex": run.path == "major",
            "submitted_at": run.advance(3),
        },
    )


def review(run: CaseRun) -> None:
    checklist = dict.fromkeys(
        ("filing_ok", "party_ok", "facts_evidence_ok", "characterisation_ok", "law_ok", "procedure_ok", "handling_ok"),
        True,
    )
    world = run.world
    run.step(
        "case-review",
        {
            "reviewer_id": run.legal_member(0),
            "opinion_no": run.doc("SL"),
            "checklist": checklist,
            "outcome": "approved",
            "opinion": "事实清楚，证据确凿，定性准确，程序合法",
            "reviewed_at": run.advance(2),
        },
        actor=world.actors.reviewer,
    )
    if run.path in ("major", "transfer"):  # serious violations: the heads of the bureau decide collectively
        lead = world.staff
        participants = [world.officer_id(lead.director), *(world.officer_id(k) for k in lead.deputies)]
        resolution = "同意没收地上建筑物并处罚款" if run.path == "major" else "同意移送公安机关"
        run.step(
            "collective-discussion",
            {
                "minutes_no": run.doc("JT"),
                "participant_ids": participants,
                "resolution": resolution,
                "held_at": run.advance(1),
            },
            actor=world.actors.director,
        )
    if run.path == "major":
        run.step(
            "legal-review",
            {
                "reviewer_id": run.legal_member(1),
                "opinion_no": run.doc("FS"),
                "result": "passed",
                "reviewed_at": run.advance(1),
            },
            actor=world.actors.legal,
        )


def notify(run: CaseRun) -> None:
    """The pre-decision notice, the right to a hearing where the penalty is eligible, and the party's answer."""
    penalties = PENALTIES[run.path]
    run.step(
        "penalty-notice",
        {"doc_no": run.doc("GZ"), "penalties": penalties, "service_method": "direct", "served_at": run.advance(1)},
    )
    eligible = run.path in ("demolition", "hearing", "major")
    if eligible:
        run.step("hearing-right-notice", {"doc_no": run.doc("TZ"), "served_at": when(run.day, 11)})
    if run.path == "hearing":
        world = run.world
        run.step(
            "statements",
            {"form": "written", "summary": "当事人提交书面陈述，称系自用窑厂", "received_at": run.advance(1)},
        )
        run.step("hearing-request", {"requested_at": when(run.day, 15)})
        notified = run.advance(1)
        hearing_day = working_day_after(run.day, 8)
        run.step(
            "hearing-schedule",
            {
                "notice_no": run.doc("TT"),
                "hearing_at": when(hearing_day, 9),
                "presider_id": run.legal_member(1),
                "public": True,
                "notified_at": notified,
            },
            actor=world.actors.legal,
        )
        run.day = hearing_day
        run.step(
            "hearing",
            {"transcript_no": run.doc("TB"), "report_no": run.doc("TG"), "held_at": when(run.day, 11)},
            actor=world.actors.legal,
        )
        run.step(
            "statement-review",
            {"adopted": False, "reason": "陈述理由不能成立，不予采纳", "reviewed_at": run.advance(1)},
        )
        # A decision after a hearing is a major one: it passes the legal review first.
        run.step(
            "legal-review",
            {
                "reviewer_id": run.legal_member(1),
                "opinion_no": run.doc("FS"),
                "result": "passed",
                "reviewed_at": run.advance(1),
            },
            actor=world.actors.legal,
        )
        return
    run.advance(1)
    if eligible:
        run.step("hearing-waiver", {"written": True, "waived_at": when(run.day, 9)})
    run.step("statement-waiver", {"written": True, "waived_at": when(run.day, 10)})


def decide(run: CaseRun) -> None:
    if run.path == "no_penalty":
        run.step(
            "decision/no-penalty",
            {
                "decision_no": run.doc("BY"),
                "reason": "minor",
                "approved_by": run.director,
                "decided_at": run.advance(1),
            },
        )
        run.step(
            "service",
            {
                "receipt_no": run.doc("SD"),
                "method": "direct",
                "recipient": "当事人",
                "officers": run.team,
                "served_at": run.advance(1),
            },
        )
        return
    if run.path == "transfer":
        run.step(
            "decision/transfer",
            {
                "transfer_no": run.doc("YS"),
                "to": "police",
                "reason": "非法占用基本农田逾五亩，涉嫌非法占用农用地罪",
                "approved_by": run.director,
                "transferred_at": run.advance(1),
            },
        )
        return
    run.step(
        "decision/penalty",
        {
            "decision_no": run.doc("JD"),
            "penalties": PENALTIES[run.path],
            "approved_by": run.director,
            "decided_at": run.advance(2),
        },
    )
    decided = run.day
    run.step(
        "service",
        {
            "receipt_no": run.doc("SD"),
            "method": "direct",
            "recipient": "当事人",
            "officers": run.team,
            "served_at": run.advance(1),
        },
    )
    run.step(
        "publication",
        {
            "reference": f"http://www.mengjin.gov.cn/zfgs/{run.plan.serial}",
            "published_at": when(working_day_after(decided, 3), 16),
        },
    )


def enforce(run: CaseRun) -> str:
    """Enforcement; answers the closure reason."""
    if run.path == "no_penalty":
        return "no_penalty"
    if run.path == "transfer":
        return "transferred"
    fine = next(p["amount_yuan"] for p in PENALTIES[run.path] if p["kind"] == "fine")
    if run.path in ("court", "court_refused"):
        return _court(run)
    if run.path == "demolition":
        run.step(
            "demolition-verification",
            {
                "record_no": run.doc("CC"),
                "restored_area_mu": run.plan.area_mu,
                "officers": run.team,
                "verified_at": run.advance(10),
            },
        )
    gains = next((p["amount_yuan"] for p in PENALTIES[run.path] if p["kind"] == "confiscate_gains"), 0)
    run.step("payments", {"amount_yuan": fine + gains, "receipt_no": run.doc("FK"), "paid_at": run.advance(5)})
    return "executed"


def _court(run: CaseRun) -> str:
    """The party neither pays nor challenges: the demand, then the court once the six-month
    litigation period is over (行政强制法 arts. 53-54)."""
    run.step("payment-demand", {"doc_no": run.doc("CG"), "served_at": run.advance(15)})
    run.day = run.day + timedelta(days=190)
    run.step("court-enforcement-application", {"doc_no": run.doc("QZ"), "court": COURT, "applied_at": run.advance(1)})
    refused = run.path == "court_refused"
    run.step(
        "court-enforcement-decision",
        {
            "accepted": not refused,
            "reason": "裁定不准予执行：被执行土地已由村集体收回" if refused else "裁定准予执行",
            "decided_at": run.advance(5),
        },
    )
    # A refusal recorded ends enforcement: duty discharged (执法监督规定 art. 31), the case closes as terminated.
    return "enforcement_terminated" if refused else "court_accepted"


def close_and_archive(run: CaseRun, reason: str) -> None:
    run.step(
        "closure",
        {"reason": reason, "form_no": run.doc("JA"), "approved_by": run.director, "closed_at": run.advance(2)},
    )
    run.step(
        "archive",
        {
            "archive_no": run.doc("GD"),
            "catalogue_no": run.doc("ML"),
            "volumes": 1,
            "pages": 30 + len(run.plan.serial) * 3,
            "archived_at": run.advance(8),
        },
    )


def carry_case(world: World, plan: LeadPlan, lead: str, verified: date) -> str:
    case_id, filed = file_case(world, plan, lead, verified)
    run = CaseRun(world, plan, case_id, filed)
    investigate(run)
    review(run)
    if plan.path not in ("no_penalty", "transfer"):
        notify(run)
    decide(run)
    close_and_archive(run, enforce(run))
    return case_id

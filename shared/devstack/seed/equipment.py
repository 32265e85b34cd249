"""The guarantee mechanism (the article [A], DOMAIN §9.1): over 1.3 million yuan invested, and 13
vehicles, 15 computers and 12 body cameras assigned to the enforcement units.

Fixed by the article: the amount (≥ 1.3M) and the counts. The split of the budget, the asset
numbers and which unit holds which asset follow §9.1's illustrative allocation: vehicles ENF 5,
leadership/office pool 2, stations 6 (four shared by two stations each, two of a station's own);
body cameras ENF 8 and 4 rotating among the stations; computers LEGAL 3, ENF 6, LANDUSE 2, PLAN 1,
OFFICE 2, PETITION 1. The small scale registers a handful.
"""

from __future__ import annotations

from datetime import date

from shared.devstack.seed.client import eventually
from shared.devstack.seed.timeline import when
from shared.devstack.seed.world import CASES, PERSONNEL, World

ASSIGNED = date(2017, 6, 12)
BUDGET = (
    (2017, "980000.00", "执法装备购置：执法车辆、电脑、执法记录仪"),
    (2017, "380000.00", "执法专项经费：培训、案卷评查、执法公示"),
)


def _allocation(kind: str, prefix: str, holders: list[tuple[str, int, str]]) -> list[tuple[str, str, str, str]]:
    assets: list[tuple[str, str, str, str]] = []
    for unit, count, note in holders:
        for _ in range(count):
            assets.append((f"{prefix}-2017-{len(assets) + 1:02d}", kind, note, unit))
    return assets


FULL_ASSETS = (
    _allocation(
        "vehicle",
        "CL",
        [
            ("ENF", 5, "执法巡查车"),
            ("OFFICE", 2, "局领导、办公室调度用车"),
            ("STN01", 1, "一所、二所共用"),
            ("STN03", 1, "三所、四所共用"),
            ("STN05", 1, "五所、六所共用"),
            ("STN07", 1, "七所、八所共用"),
            ("STN09", 1, "九所专用"),
            ("STN10", 1, "十所专用"),
        ],
    )
    + _allocation(
        "computer",
        "PC",
        [
            ("LEGAL", 3, "法制审核、案卷管理"),
            ("ENF", 6, "执法办案"),
            ("LANDUSE", 2, "用地审批"),
            ("PLAN", 1, "规划审查"),
            ("OFFICE", 2, "办公"),
            ("PETITION", 1, "信访登记"),
        ],
    )
    + _allocation(
        "body_camera",
        "JLY",
        [
            ("ENF", 8, "执法全过程记录"),
            ("STN02", 1, "站所轮换使用"),
            ("STN04", 1, "站所轮换使用"),
            ("STN06", 1, "站所轮换使用"),
            ("STN08", 1, "站所轮换使用"),
        ],
    )
)
SMALL_ASSETS = (
    _allocation("vehicle", "CL", [("ENF", 1, "执法巡查车"), ("STN01", 1, "一所、七所共用")])
    + _allocation("computer", "PC", [("LEGAL", 1, "法制审核"), ("ENF", 1, "执法办案")])
    + _allocation("body_camera", "JLY", [("ENF", 2, "执法全过程记录")])
)


def record_budget_and_assets(world: World) -> None:
    for index, (year, amount, purpose) in enumerate(BUDGET):
        world.post(
            world.actors.director,
            f"{PERSONNEL}/budget-records",
            {"year": year, "amount_yuan": amount, "purpose": purpose},
            kind="budget_record",
            key=f"budget/{year}/{index + 1}",
        )
    for asset_no, kind, note, unit in FULL_ASSETS if world.full else SMALL_ASSETS:
        world.post(
            world.actors.director,
            f"{PERSONNEL}/assets",
            {"asset_no": asset_no, "kind": kind, "description": note},
            kind=kind,
            key=f"asset/{asset_no}",
        )
        world.post(
            world.actors.director,
            f"{PERSONNEL}/assets/{asset_no}/assignment",
            {"unit_id": unit, "at": when(ASSIGNED, 10)},
            kind="asset_assignment",
            key=f"asset/{asset_no}/assignment",
        )


def wait_for_body_cameras(world: World) -> None:
    """Cases learns the body cameras from personnel's asset events, and takes a clip only from one
    it knows: wait until its register has them all before any act on site is recorded."""
    cameras = {
        asset_no for asset_no, kind, _, _ in (FULL_ASSETS if world.full else SMALL_ASSETS) if kind == "body_camera"
    }

    def projected() -> bool:
        page = world.client.get(world.actors.director, f"{CASES}/body-cameras", {"limit": 200})
        return cameras <= {camera["asset_no"] for camera in page["body_cameras"]}

    eventually(projected, what="the cases service to learn every body camera")

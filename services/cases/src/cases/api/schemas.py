"""Request pieces shared by the cases routes (strict: unknown fields are rejected) and the history view."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, Field, StringConstraints

from cases.domain.enforcers import TeamMember
from cases.domain.penalties import Penalty
from shared.web.requests import Request

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
DocNo = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Code = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")
]
When = Annotated[AwareDatetime | None, Field(description="when it happened (business time); default: now")]
Mu = Annotated[float, Field(ge=0, le=1_000_000)]
PenaltyKind = Literal[
    "warning",
    "fine",
    "confiscate_gains",
    "confiscate_property",
    "confiscate_buildings",
    "demolish_within",
    "order_stop_production",
    "revoke_licence",
    "other",
]


class OfficerPresent(Request):
    officer_id: UUID
    certificate_shown: bool = Field(description="the officer showed an enforcement certificate (亮证)")


class PenaltyRequest(Request):
    kind: PenaltyKind
    amount_yuan: Annotated[int, Field(ge=0, le=10_000_000_000)] | None = None
    area_m2: Annotated[float, Field(ge=0, le=100_000_000)] | None = None


Team = Annotated[list[OfficerPresent], Field(min_length=1, max_length=20)]


class ClipRequest(Request):
    """A body-camera clip that recorded the act (执法全过程记录)."""

    clip_id: DocNo
    device_id: Code = Field(description="the asset tag of the body camera")
    officer_id: UUID = Field(description="the officer who wore the camera; one of those who acted")
    started_at: AwareDatetime
    ended_at: AwareDatetime = Field(description="not before started_at; at most 12 hours before the act")
    storage_ref: Text = Field(description="where the file is kept")
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{64}$")] = Field(description="SHA-256 of the file")


Clips = Annotated[
    list[ClipRequest], Field(max_length=20, description="the body-camera clips that recorded the act, if any")
]
Penalties = Annotated[list[PenaltyRequest], Field(max_length=20)]


def team(members: list[OfficerPresent]) -> list[TeamMember]:
    return [TeamMember(m.officer_id, m.certificate_shown) for m in members]


def penalties(items: list[PenaltyRequest]) -> list[Penalty]:
    return [Penalty(p.kind, p.amount_yuan, p.area_m2) for p in items]


class ResponsibleRequest(Request):
    officer_id: UUID
    role: Literal["handler", "reviewer", "approver", "leader"]


Responsible = Annotated[list[ResponsibleRequest], Field(max_length=20)]


def responsible(items: list[ResponsibleRequest]) -> list[dict[str, Any]]:
    return [{"officer_id": r.officer_id, "role": r.role} for r in items]


class ActorResponse(BaseModel):
    id: str
    role: str


class HistoryEntryResponse(BaseModel):
    event_type: str
    aggregate_id: UUID
    version: int
    occurred_at: datetime
    recorded_at: datetime
    actor: ActorResponse
    correlation_id: str
    causation_id: str
    data: dict[str, Any]


class StopOrderRequest(Request):
    """A stop order served on a lead before filing, or on a case after it."""

    doc_no: DocNo = Field(description="责令停止违法行为通知书 number")
    correction_order_no: DocNo | None = Field(default=None, description="责令改正违法行为通知书 number")
    party: Text
    officers: Team
    issued_at: When = None
    clips: Clips = Field(default_factory=list)  # the clips that recorded the order served on site


Recipients = Annotated[
    list[Literal["county_government", "higher_bureau", "supervision_organ"]], Field(min_length=1, max_length=3)
]


class IneffectiveStopOrderRequest(Request):
    reported_to: Recipients
    reported_at: When = None

"""Bodies of the power-list, asset and rule routes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, Field

from personnel.api.schemas.common import Code, Instant, LongText, Text, Texts
from personnel.domain import AssetKind, PowerCategory
from personnel.domain.roster import RosterChannel
from shared.web.requests import Request


class SubjectRequest(Request):
    code: Code = Field(examples=["MJ-LR-BUREAU"])
    name: Text = Field(examples=["孟津县国土资源局"])
    legal_basis: Annotated[Texts, Field(min_length=1)]
    confirmed_at: Instant | None = None


class PowerItemRequest(Request):
    code: Code = Field(examples=["XZCF-001"])
    subject_code: Code
    category: PowerCategory
    name: Text
    legal_basis: Annotated[Texts, Field(min_length=1)]
    responsible_unit_id: Code
    procedure_template_id: Code


class PowerItemResponse(BaseModel):
    power_id: UUID
    code: str
    category: str
    name: str
    legal_basis: list[str]
    responsible_unit_id: str
    procedure_template_id: str
    published_at: datetime


class PowerPage(BaseModel):
    powers: list[PowerItemResponse]
    next_cursor: str | None


class BudgetRequest(Request):
    year: Annotated[int, Field(ge=2000, le=2100)]
    amount_yuan: Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=2)]
    purpose: Text


class AssetRequest(Request):
    asset_no: Code = Field(examples=["BC-2017-01"])
    kind: AssetKind
    description: LongText = ""


class AssetAssignmentRequest(Request):
    unit_id: Code | None = None
    officer_id: UUID | None = None
    at: Instant | None = None


class AssetResponse(BaseModel):
    asset_id: UUID
    asset_no: str
    kind: str
    description: str
    unit_id: str | None
    officer_id: UUID | None


class AssetPage(BaseModel):
    assets: list[AssetResponse]
    next_cursor: str | None


class RulesRequest(Request):
    effective_from: date
    values: Annotated[dict[Code, int], Field(min_length=1, max_length=10)] = Field(
        examples=[{"certificate_validity_years": 5, "review_interval_months": 12, "exam_pass_mark": 60}]
    )
    note: LongText = ""


class RuleVersionResponse(BaseModel):
    version: int
    effective_from: date | None
    note: str
    values: dict[str, Any]


class RosterPublicationRequest(Request):
    channel: RosterChannel = Field(description="where the roster is put before the public", examples=["website"])
    published_at: Instant | None = Field(
        default=None, description="when it was put before the public (default: now); each officer is judged then"
    )

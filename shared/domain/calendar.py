"""Calendar facts of the bureau: its time zone (dates in the domain are local calendar days)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

BUREAU_TIMEZONE = ZoneInfo("Asia/Shanghai")

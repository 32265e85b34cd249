"""Public events published by `cases`.

Consumers: assessment (scores, KPIs, accountability triggers).
"""

from __future__ import annotations

"""The nine client roles the gateway issue names, in its order: the tests' own statement of them, set
beside the gateway's `CLIENT_ROLES` by the role table's unit test."""

from __future__ import annotations

CLIENT_ROLES = (
    "director",
    "deputy_director",
    "unit_head",
    "officer",
    "legal_affairs",
    "case_reviewer",
    "assessment_secretariat",
    "auditor",
    "admin",
)

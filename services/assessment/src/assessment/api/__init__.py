"""HTTP API of assessment."""

from fastapi import APIRouter

from assessment.api import (
    audit_routes,
    complaint_routes,
    decision_routes,
    entry_routes,
    kpi_routes,
    matter_routes,
    ranking_routes,
    reward_routes,
    routes,
    scheme_routes,
)


def routers() -> list[APIRouter]:
    return [
        routes.router,
        scheme_routes.router,
        entry_routes.router,
        ranking_routes.router,
        decision_routes.router,
        reward_routes.router,
        matter_routes.router,
        complaint_routes.router,
        kpi_routes.router,
        audit_routes.router,
    ]

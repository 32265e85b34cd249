"""Dependencies of the personnel routes, read from the application state built by bootstrap."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from personnel.application import Personnel


def _personnel(request: Request) -> Personnel:
    application: Personnel = request.app.state.application
    return application


PersonnelDep = Annotated[Personnel, Depends(_personnel)]

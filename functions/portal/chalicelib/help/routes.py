"""Help suggestions on the ticket form: a click on a suggested article counts as a deflection (public)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib import web

if TYPE_CHECKING:
    from chalicelib.help import schemas

bp = Blueprint(__name__)


@web.route(bp, "/api/help/deflections", "POST", access="public", body="DeflectionBody", max_body_bytes=1024)
def record_deflection(body: schemas.DeflectionBody) -> None:
    """Count one click on a suggested help article ("Vielleicht hilft Ihnen das:") before sending."""
    from chalicelib.help import service

    service.record_deflection(page=body.page, client_address=web.client().ip_address)

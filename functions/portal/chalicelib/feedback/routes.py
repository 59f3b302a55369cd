"""Article feedback: "War dieser Artikel hilfreich?" under every help article (public, anonymous)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib import web

if TYPE_CHECKING:
    from chalicelib.feedback import schemas

bp = Blueprint(__name__)


@web.route(
    bp,
    "/api/feedback",
    "POST",
    access="public",
    body="FeedbackBody",
    response="FeedbackThanks",
    status=201,
    idempotent=True,
)
def create_feedback(body: schemas.FeedbackBody) -> schemas.FeedbackThanks:
    """Record an anonymous vote on a help article."""
    from chalicelib.feedback import schemas, service

    service.record_feedback(
        page=body.page,
        helpful=body.helpful,
        reason=body.reason,
        comment=body.comment,
        client_address=web.client().ip_address,
    )
    return schemas.FeedbackThanks(Message="Vielen Dank für Ihre Rückmeldung!")

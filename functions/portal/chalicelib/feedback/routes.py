"""Article feedback: "War dieser Artikel hilfreich?" under every help article (public, anonymous)."""

from chalice.app import Blueprint, Response

from chalicelib import web
from chalicelib.feedback import service

bp = Blueprint(__name__)

THANKS = {"Message": "Vielen Dank für Ihre Rückmeldung!"}


@bp.route("/api/feedback", methods=["POST"])
@web.public
def create_feedback() -> Response:
    from chalicelib.feedback.schemas import FeedbackBody

    body = web.parse_body(bp.current_request, FeedbackBody)
    service.record_feedback(
        page=body.page,
        helpful=body.helpful,
        reason=body.reason,
        comment=body.comment,
        client_address=web.client_ip(bp.current_request),
    )
    return Response(body=THANKS, status_code=201, headers={"Cache-Control": "no-store"})

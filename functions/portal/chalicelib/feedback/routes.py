"""Article feedback: "War dieser Artikel hilfreich?" under every help article (public, anonymous)."""

from typing import Annotated

from chalice.app import Blueprint, Response
from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from chalicelib import web
from chalicelib.feedback import service

bp = Blueprint(__name__)

THANKS = {"Message": "Vielen Dank für Ihre Rückmeldung!"}


class FeedbackBody(web.RequestModel):
    page: Annotated[
        str,
        Field(min_length=1, max_length=service.MAX_PAGE_LENGTH),
        AfterValidator(service.check_article_path),
    ]
    helpful: bool
    reason: Annotated[str | None, Field(max_length=40, validate_default=True)] = None
    comment: Annotated[str, Field(max_length=service.MAX_COMMENT_LENGTH)] = ""

    @field_validator("reason")
    @classmethod
    def _reason_fits_vote(cls, reason: str | None, info: ValidationInfo) -> str | None:
        return service.check_reason(reason, helpful=info.data.get("helpful"))


@bp.route("/api/feedback", methods=["POST"])
@web.public
def create_feedback() -> Response:
    body = web.parse_body(bp.current_request, FeedbackBody)
    service.record_feedback(
        page=body.page,
        helpful=body.helpful,
        reason=body.reason,
        comment=body.comment,
        client_address=web.client_ip(bp.current_request),
    )
    return Response(body=THANKS, status_code=201, headers={"Cache-Control": "no-store"})

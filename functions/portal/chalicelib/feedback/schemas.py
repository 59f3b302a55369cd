"""Request body of the feedback route (pydantic; imported by the view)."""

from typing import Annotated

from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from chalicelib.feedback import service
from chalicelib.schemas import RequestModel, ResponseModel


class FeedbackBody(RequestModel):
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


class FeedbackThanks(ResponseModel):
    Message: str

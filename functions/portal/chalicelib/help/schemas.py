"""Request body of the deflection route (pydantic; imported by the view)."""

from typing import Annotated

from pydantic import AfterValidator, Field

from chalicelib.help import service
from chalicelib.schemas import RequestModel


class DeflectionBody(RequestModel):
    page: Annotated[
        str,
        Field(min_length=1, max_length=service.MAX_PAGE_LENGTH),
        AfterValidator(service.check_article_path),
    ]

"""Request and response models of the ticket attachment routes (pydantic; imported by the views)."""

from typing import Annotated

from pydantic import Field

from chalicelib.schemas import RequestModel, ResponseModel


class AttachmentUploadBody(RequestModel):
    """The file the customer picked: its name and size as the browser reports them."""

    filename: Annotated[str, Field(min_length=1, max_length=1000)]
    size: Annotated[int, Field(ge=0)]


class PresignedPost(ResponseModel):
    """Where the page POSTs the form: `fields` first, then the file as `file`."""

    url: str
    fields: dict[str, str]


class AttachmentUpload(ResponseModel):
    id: str
    upload: PresignedPost
    max_bytes: int


class AttachmentLink(ResponseModel):
    """A presigned download URL, valid for 5 minutes."""

    url: str
    filename: str

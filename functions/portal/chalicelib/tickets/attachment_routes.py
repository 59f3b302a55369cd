"""Tickets: attachments — the upload form for S3 and download links for the ticket's customer and the team.

The page asks for an upload (`POST /api/tickets/attachments`), POSTs the file to the answered URL and
names the attachment's id when it sends the message; the ticket service checks the upload then
(`attachments.check`). Downloads answer a presigned URL (5 minutes) instead of the bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib import web
from chalicelib.principals import SignedIn

if TYPE_CHECKING:
    from chalicelib.tickets import attachment_schemas as schemas

bp = Blueprint(__name__)
SCHEMAS = "chalicelib.tickets.attachment_schemas"


@web.route(
    bp,
    "/api/tickets/attachments",
    "POST",
    access="customer",
    body="AttachmentUploadBody",
    response="AttachmentUpload",
    status=201,
    schemas=SCHEMAS,
)
def start_upload(body: schemas.AttachmentUploadBody) -> schemas.AttachmentUpload:
    """Start an upload: the form to POST the file to (PDF, PNG, JPEG, TXT, CSV, ZIP; up to 10 MB).

    The URL takes the file for 15 minutes; the upload is attached by naming its `id` in a message
    within a day. 60 uploads an hour.
    """
    from chalicelib.tickets import attachment_schemas, attachments

    attachment, post = attachments.start_upload(
        customer_number=web.current(SignedIn).customer_number, filename=body.filename, size=body.size
    )
    return attachment_schemas.AttachmentUpload(
        id=attachment.attachment_id,
        upload=attachment_schemas.PresignedPost(url=post["url"], fields=post["fields"]),
        max_bytes=attachments.MAX_BYTES,
    )


def _link(ticket_id: str, attachment_id: str, customer_number: str | None) -> schemas.AttachmentLink:
    from chalicelib.tickets import attachment_schemas, attachments

    attachment = attachments.for_ticket(
        ticket_id=ticket_id, attachment_id=attachment_id, customer_number=customer_number
    )
    return attachment_schemas.AttachmentLink(
        url=attachments.download_url(attachment), filename=attachment.filename
    )


@web.route(
    bp,
    "/api/tickets/{ticket_id}/attachments/{attachment_id}",
    "GET",
    access="customer",
    response="AttachmentLink",
    schemas=SCHEMAS,
)
def download_attachment(ticket_id: str, attachment_id: str) -> schemas.AttachmentLink:
    """A download link for an attachment of one of the customer's tickets (valid 5 minutes)."""
    return _link(ticket_id, attachment_id, web.current(SignedIn).customer_number)


@web.route(
    bp,
    "/api/team/tickets/{ticket_id}/attachments/{attachment_id}",
    "GET",
    access="staff",
    response="AttachmentLink",
    schemas=SCHEMAS,
)
def team_download_attachment(ticket_id: str, attachment_id: str) -> schemas.AttachmentLink:
    """A download link for an attachment of a ticket, for the support team (valid 5 minutes)."""
    return _link(ticket_id, attachment_id, None)

"""Helpers of the attachment tests (also used by tests/portal/authz.py): the ticket bucket, a ticket made
directly with the model, files in S3 and attachments in every state."""

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

PDF = (
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
ZIP = b"PK\x05\x06" + b"\x00" * 18  # an empty archive
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run"
)


def s3() -> Any:
    import boto3

    from chalicelib.settings import settings

    return boto3.client("s3", region_name=settings.aws_region)


def make_ticket_bucket() -> None:
    from chalicelib.settings import settings

    s3().create_bucket(
        Bucket=settings.ticket_bucket, CreateBucketConfiguration={"LocationConstraint": settings.aws_region}
    )


def put_object(attachment_id: str, data: bytes) -> None:
    from chalicelib.settings import settings

    s3().put_object(Bucket=settings.ticket_bucket, Key=f"attachments/{attachment_id}", Body=data)


def make_ticket(customer_number: str | None = "100001", **fields: Any) -> Any:
    """A confirmed portal ticket stored directly (the ticket service is not needed for attachments)."""
    from chalicelib.models import Ticket

    now = datetime.now(UTC)
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    values: dict[str, Any] = {
        "customer_number": customer_number,
        "email": "demo@example.com",
        "subject": "Frage zur Rechnung",
        "category": "rechnung",
        "status": "offen",
        "queue": "offen",
        "channel": "portal",
        "created_at": now,
        "updated_at": now,
        "reply_secret": secrets.token_hex(16),
        **fields,
    }
    ticket = Ticket("".join(secrets.choice(alphabet) for _ in range(8)), **values)
    ticket.save()
    return ticket


def pending_file(customer_number: str = "100001", filename: str = "Rechnung.pdf", **fields: Any) -> Any:
    """A pending upload's item, as start_upload stores it (without the object)."""
    from chalicelib.models import TicketAttachment

    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "customer_number": customer_number,
        "filename": filename,
        "declared_size": 100,
        "state": "pending",
        "created_at": now,
        "expires_at": now + timedelta(days=1),
        **fields,
    }
    attachment = TicketAttachment(secrets.token_urlsafe(16), **values)
    attachment.save()
    return attachment


def attached_file(ticket: Any, filename: str = "Rechnung.pdf", data: bytes = PDF) -> Any:
    """An attachment of `ticket` with its object in the bucket."""
    attachment = pending_file(
        ticket.customer_number or "guest",
        filename,
        state="attached",
        ticket_id=ticket.ticket_id,
        size=len(data),
        content_type="application/pdf",
        expires_at=None,
    )
    put_object(attachment.attachment_id, data)
    return attachment

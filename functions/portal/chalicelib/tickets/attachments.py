"""Ticket attachments: uploaded by the browser straight to S3, checked before a ticket refers to them.

1. `start_upload` checks name and declared size, counts the upload (60 an hour per customer), stores a
   `pending` TicketAttachment (gone after a day unless attached) and answers a presigned POST for
   `attachments/<id>` in the ticket bucket that S3 accepts only with 1 B–10 MB (content-length-range).
   Locally the form goes to the devserver's `/_dev/s3/<bucket>`, which passes it to the embedded S3: the
   page's CSP allows only its own origin.
2. `check` (the ticket service, before it writes a message that names the ids): the customer's own pending
   uploads only, the object's real size, and its type from its first bytes, never from its name.
3. `attach_in` marks them `attached` to the ticket inside the ticket's TransactWrite (conditional on still
   being pending: an upload is attached once).
4. `download_url`: a presigned GET, valid 5 minutes, that makes the browser save the file under its name.
"""

from __future__ import annotations

import codecs
import secrets
import unicodedata
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any
from urllib.parse import quote, urlsplit

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib import errors, throttle
from chalicelib.models import TicketAttachment
from chalicelib.models.base import connection, transaction
from chalicelib.settings import settings

MAX_BYTES = 10 * 1024 * 1024
MAX_PER_MESSAGE = 5
MAX_FILENAME = 200
PENDING_FOR = timedelta(days=1)
UPLOAD_SECONDS = 900
DOWNLOAD_SECONDS = 300
SNIFF_BYTES = 8192
UPLOADS_PER_CUSTOMER = throttle.Limit("ticket-upload", attempts=60, window_seconds=3600)
PREFIX = "attachments/"

# Extension → the family of types its content must have.
FAMILIES = {
    ".pdf": "pdf",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".txt": "text",
    ".csv": "text",
    ".zip": "zip",
}
FAMILY_NAMES = {
    "pdf": "keine PDF-Datei",
    "image": "kein Bild im Format PNG oder JPEG",
    "text": "keine Textdatei (UTF-8)",
    "zip": "kein ZIP-Archiv",
}
ALLOWED = ", ".join(extension.lstrip(".").upper() for extension in FAMILIES if extension != ".jpeg")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


# 1. Starting an upload


def clean_filename(filename: str) -> str:
    """The name as stored and shown (NFC); AttachmentRejected with a German reason for any other."""
    name = unicodedata.normalize("NFC", filename.strip())
    if not name:
        raise errors.AttachmentRejected("Bitte geben Sie den Namen der Datei an.")
    shown = name[:60] + ("…" if len(name) > 60 else "")
    if any(unicodedata.category(character) in ("Cc", "Cf", "Zl", "Zp") for character in name):
        raise errors.AttachmentRejected(
            "Der Dateiname enthält Steuerzeichen. Bitte benennen Sie die Datei um und versuchen Sie es erneut."
        )
    if len(name) > MAX_FILENAME:
        raise errors.AttachmentRejected(
            f"Der Dateiname „{shown}“ ist zu lang (höchstens {MAX_FILENAME} Zeichen). "
            "Bitte benennen Sie die Datei um."
        )
    if "/" in name or "\\" in name or name in (".", ".."):
        raise errors.AttachmentRejected(
            f"„{shown}“ ist kein gültiger Dateiname. Bitte wählen Sie die Datei erneut aus."
        )
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem.strip(". ") or f".{extension.lower()}" not in FAMILIES:
        raise errors.AttachmentRejected(
            f"Die Datei „{shown}“ hat keinen erlaubten Typ. Erlaubt sind {ALLOWED}."
        )
    return name


def start_upload(
    *, customer_number: str, filename: str, size: int
) -> tuple[TicketAttachment, dict[str, Any]]:
    """A pending attachment and the presigned POST (`{url, fields}`) the browser uploads it with."""
    name = clean_filename(filename)
    if size < 1:
        raise errors.AttachmentRejected(f"Die Datei „{name}“ ist leer.")
    if size > MAX_BYTES:
        raise errors.AttachmentRejected(
            f"Die Datei „{name}“ ist {_megabytes(size)} groß. Bitte hängen Sie nur Dateien bis "
            f"{MAX_BYTES // (1024 * 1024)} MB an."
        )
    now = datetime.now(UTC)
    attachment = TicketAttachment(
        secrets.token_urlsafe(16),  # 128 bits
        customer_number=customer_number,
        filename=name,
        declared_size=size,
        state="pending",
        created_at=now,
        expires_at=now + PENDING_FOR,
    )
    tx = transaction()
    hits: list[throttle.PendingHit] = []
    try:
        with tx:
            hits.append(throttle.consume_in(tx, UPLOADS_PER_CUSTOMER, customer_number))
            tx.save(attachment, condition=TicketAttachment.attachment_id.does_not_exist())
    except TransactWriteError as error:
        throttle.raise_if_refused(tx, error, hits)
        raise
    post = _s3().generate_presigned_post(
        Bucket=settings.ticket_bucket,
        Key=PREFIX + attachment.attachment_id,
        Conditions=[["content-length-range", 1, MAX_BYTES]],
        ExpiresIn=UPLOAD_SECONDS,
    )
    url = f"{settings.site_origin}/_dev/s3/{settings.ticket_bucket}" if settings.local_dev else post["url"]
    return attachment, {"url": url, "fields": dict(post["fields"])}


# 2. Checking uploads before a ticket refers to them


def check(*, customer_number: str, attachment_ids: list[str]) -> list[TicketAttachment]:
    """The customer's pending uploads, in the given order, with measured `size` and `content_type` (not
    saved: `attach_in` writes them with the ticket). Another customer's, an attached or an unknown id is
    AttachmentNotFound; an upload that is missing, too big or not what its name says is AttachmentRejected."""
    if len(attachment_ids) > MAX_PER_MESSAGE:
        raise errors.AttachmentRejected(f"Bitte hängen Sie höchstens {MAX_PER_MESSAGE} Dateien an.")
    if len(set(attachment_ids)) != len(attachment_ids):
        raise errors.AttachmentRejected("Jede Datei kann nur einmal angehängt werden.")
    if not attachment_ids:
        return []
    if any(not 1 <= len(attachment_id) <= 64 for attachment_id in attachment_ids):
        raise errors.AttachmentNotFound()
    found = {
        item.attachment_id: item for item in TicketAttachment.batch_get(attachment_ids, consistent_read=True)
    }
    now = datetime.now(UTC)
    checked: list[TicketAttachment] = []
    for attachment_id in attachment_ids:
        attachment = found.get(attachment_id)
        if (
            attachment is None
            or attachment.customer_number != customer_number
            or attachment.state != "pending"
            or (attachment.expires_at is not None and attachment.expires_at <= now)
        ):
            raise errors.AttachmentNotFound()
        size, head = _read_head(attachment)
        attachment.size = size
        attachment.content_type = _content_type(attachment.filename, head, complete=size <= len(head))
        checked.append(attachment)
    return checked


def _read_head(attachment: TicketAttachment) -> tuple[int, bytes]:
    """The object's size and first bytes; AttachmentRejected when it is missing, empty or too big."""
    from botocore.exceptions import ClientError

    key = PREFIX + attachment.attachment_id
    incomplete = errors.AttachmentRejected(
        f"Die Datei „{attachment.filename}“ wurde nicht vollständig hochgeladen. Bitte laden Sie sie erneut hoch."
    )
    try:
        size = int(_s3().head_object(Bucket=settings.ticket_bucket, Key=key)["ContentLength"])
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            raise incomplete from None
        raise
    if size < 1:
        raise incomplete
    if size > MAX_BYTES:
        raise errors.AttachmentRejected(
            f"Die Datei „{attachment.filename}“ ist {_megabytes(size)} groß. Bitte hängen Sie nur Dateien "
            f"bis {MAX_BYTES // (1024 * 1024)} MB an."
        )
    try:
        body = _s3().get_object(Bucket=settings.ticket_bucket, Key=key, Range=f"bytes=0-{SNIFF_BYTES - 1}")[
            "Body"
        ]
        head: bytes = body.read(SNIFF_BYTES)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            raise incomplete from None
        raise
    return size, head


def detect(head: bytes, *, complete: bool) -> str | None:
    """The type of a file from its first bytes (`complete`: they are the whole file), or None."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "application/zip"
    if b"\x00" in head:
        return None
    text = head[3:] if head.startswith(codecs.BOM_UTF8) else head
    try:
        # A multi-byte character may be cut at the end of the first bytes: only a whole file must end whole.
        codecs.getincrementaldecoder("utf-8")().decode(text, final=complete)
    except UnicodeDecodeError:
        return None
    return "text/plain"


def _content_type(filename: str, head: bytes, *, complete: bool) -> str:
    extension = "." + filename.rpartition(".")[2].lower()
    family = FAMILIES[extension]
    detected = detect(head, complete=complete)
    fits = {
        "pdf": detected == "application/pdf",
        "image": detected in ("image/png", "image/jpeg"),
        "text": detected == "text/plain",
        "zip": detected == "application/zip",
    }[family]
    if detected is None or not fits:
        raise errors.AttachmentRejected(
            f"Die Datei „{filename}“ ist {FAMILY_NAMES[family]}, wie ihr Name sagt. Bitte prüfen Sie die Datei "
            "und laden Sie sie erneut hoch."
        )
    if family == "text":
        return "text/csv" if extension == ".csv" else "text/plain"
    return detected


# 3. Attaching them to a ticket


def attach_in(tx: TransactWrite, attachments: list[TicketAttachment], *, ticket_id: str) -> None:
    """Mark checked uploads (`check`) attached to `ticket_id`, as part of the ticket's TransactWrite.

    Each update is conditional on the upload still being the customer's pending one, so an upload is
    attached to one message only; a parallel attach cancels the transaction (ConditionalCheckFailed).
    """
    for attachment in attachments:
        if attachment.size is None or attachment.content_type is None:
            raise ValueError(f"attachment {attachment.attachment_id} was not checked")
        tx.update(
            attachment,
            actions=[
                TicketAttachment.state.set("attached"),
                TicketAttachment.ticket_id.set(ticket_id),
                TicketAttachment.size.set(attachment.size),
                TicketAttachment.content_type.set(attachment.content_type),
                TicketAttachment.expires_at.remove(),
            ],
            condition=(TicketAttachment.state == "pending")
            & (TicketAttachment.customer_number == attachment.customer_number),
        )


def load_for(ticket_id: str, ids: list[str]) -> dict[str, TicketAttachment]:
    """The attachments of `ticket_id` among `ids` (one BatchGet), by id; others are left out."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    return {
        item.attachment_id: item
        for item in TicketAttachment.batch_get(wanted)
        if item.ticket_id == ticket_id and item.state == "attached"
    }


# 4. Downloads


def for_ticket(*, ticket_id: str, attachment_id: str, customer_number: str | None) -> TicketAttachment:
    """An attachment of the ticket (one TransactGetItems with the ticket); with `customer_number`, only
    when the ticket is that customer's. Anything else is AttachmentNotFound."""
    from pynamodb.exceptions import DoesNotExist
    from pynamodb.transactions import TransactGet

    from chalicelib.models import Ticket

    if not 1 <= len(ticket_id) <= 64 or not 1 <= len(attachment_id) <= 64:
        raise errors.AttachmentNotFound()
    with TransactGet(connection=connection()) as get:
        ticket_future = get.get(Ticket, ticket_id)
        attachment_future = get.get(TicketAttachment, attachment_id)
    try:
        ticket, attachment = ticket_future.get(), attachment_future.get()
    except DoesNotExist:
        raise errors.AttachmentNotFound() from None
    if customer_number is not None and ticket.customer_number != customer_number:
        raise errors.AttachmentNotFound()
    if attachment.ticket_id != ticket.ticket_id or attachment.state != "attached":
        raise errors.AttachmentNotFound()
    return attachment


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback name and the UTF-8 name (RFC 6266, RFC 5987)."""
    folded = filename
    for umlaut, spelled in (
        ("ä", "ae"),
        ("ö", "oe"),
        ("ü", "ue"),
        ("Ä", "Ae"),
        ("Ö", "Oe"),
        ("Ü", "Ue"),
        ("ß", "ss"),
    ):
        folded = folded.replace(umlaut, spelled)
    ascii_name = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    ascii_name = "".join(
        "_" if character in '"\\;' or not character.isprintable() else character for character in ascii_name
    )
    if not ascii_name.rpartition(".")[0].strip():
        ascii_name = "Anhang" + ("." + filename.rpartition(".")[2] if "." in filename else "")
        ascii_name = ascii_name.encode("ascii", "ignore").decode("ascii")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download_url(attachment: TicketAttachment) -> str:
    """A presigned GET (5 minutes) that saves the file under its name with its checked type."""
    url: str = _s3().generate_presigned_url(
        "get_object",
        Params={
            "Bucket": settings.ticket_bucket,
            "Key": PREFIX + attachment.attachment_id,
            "ResponseContentDisposition": content_disposition(attachment.filename),
            "ResponseContentType": attachment.content_type or "application/octet-stream",
        },
        ExpiresIn=DOWNLOAD_SECONDS,
    )
    if settings.local_dev:
        # The embedded S3 is on another port: through the devserver, so the page stays on its own origin.
        query = urlsplit(url).query
        url = f"{settings.site_origin}/_dev/s3/{settings.ticket_bucket}/{PREFIX}{attachment.attachment_id}?{query}"
    return url


@cache
def _s3() -> Any:
    import boto3  # lazy: only attachment requests need S3
    from botocore.config import Config

    return boto3.client(
        "s3",
        region_name=settings.aws_region,
        # The regional virtual-hosted endpoint (https://<bucket>.s3.<region>.amazonaws.com/), which the
        # browser can reach at once after the bucket is made; SigV4 as eu-central-1 requires.
        config=Config(signature_version="s3v4", s3={"addressing_style": "virtual"}),
    )

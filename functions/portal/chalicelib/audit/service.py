"""Audit log: what happened to an account, readable by its customer."""

import base64
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from chalicelib import errors
from chalicelib.audit.events import AuditEvent, label
from chalicelib.client import Client
from chalicelib.models import AuditEntry

if TYPE_CHECKING:
    from chalicelib.audit import schemas

# How long an entry (with the client's address and browser) is kept; docs/zugang/sicherheit.md says so.
RETENTION_MONTHS = 13

_ENTRY_ID = re.compile(r"\d{4}-\d\d-\d\dT[\d:.]+\+00:00#[0-9a-f]{8}")


def entry(
    *, customer_number: str, event: AuditEvent, client: Client | None = None, detail: str = ""
) -> AuditEntry:
    """An unsaved audit entry (put it into the TransactWrite with the change it records, or `record` it)."""
    now = datetime.now(UTC)
    return AuditEntry(
        customer_number,
        f"{now.isoformat(timespec='microseconds')}#{secrets.token_hex(4)}",
        created_at=now,
        event=AuditEvent(event).value,
        ip_address=client.ip_address if client else "",
        user_agent=client.user_agent if client else "",
        detail=detail,
        expires_at=months_later(now, RETENTION_MONTHS),
    )


def months_later(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months later (the month's last day where it is shorter)."""
    import calendar

    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def record(
    *, customer_number: str, event: AuditEvent, client: Client | None = None, detail: str = ""
) -> None:
    """Write one audit entry on its own."""
    entry(customer_number=customer_number, event=event, client=client, detail=detail).save()


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    next_cursor: str | None


def list_audit_entries(*, customer_number: str, limit: int = 20, cursor: str | None = None) -> AuditPage:
    """One page of the customer's audit log, newest first (one Query)."""
    range_condition = None
    if cursor:
        try:
            before = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("utf-8")
        except (ValueError, UnicodeError):
            raise errors.InvalidCursor() from None
        if not _ENTRY_ID.fullmatch(before):
            raise errors.InvalidCursor()
        range_condition = AuditEntry.entry_id < before
    result = AuditEntry.query(customer_number, range_condition, scan_index_forward=False, limit=limit)
    entries = list(result)
    next_cursor = None
    if result.last_evaluated_key and len(entries) == limit:
        next_cursor = base64.urlsafe_b64encode(entries[-1].entry_id.encode("utf-8")).decode("ascii")
    return AuditPage(entries=entries, next_cursor=next_cursor)


def describe_user_agent(user_agent: str) -> str:
    """A short German description such as "Firefox 140 auf Windows"."""
    browser = "Unbekannter Browser"
    for name, pattern in (
        ("Edge", r"Edg/(\d+)"),
        ("Opera", r"OPR/(\d+)"),
        ("Firefox", r"Firefox/(\d+)"),
        ("Chrome", r"(?:HeadlessChrome|Chrome|Chromium)/(\d+)"),
        ("Safari", r"Version/(\d+).*Safari/"),
    ):
        match = re.search(pattern, user_agent)
        if match:
            browser = f"{name} {match.group(1)}"
            break
    system = next(
        (
            label
            for token, label in (
                ("Android", "Android"),
                ("iPhone", "iOS"),
                ("iPad", "iPadOS"),
                ("Windows", "Windows"),
                ("Mac OS X", "macOS"),
                ("CrOS", "ChromeOS"),
                ("Linux", "Linux"),
            )
            if token in user_agent
        ),
        None,
    )
    if not user_agent:
        return "Unbekannt"
    return f"{browser} auf {system}" if system else browser


def export_audit(customer_number: str) -> "schemas.AuditExport":
    """The data export's "audit" part: every entry of the customer's audit log, newest first."""
    from chalicelib.audit import schemas

    entries: list[schemas.AuditEntryExport] = []
    cursor = None
    while True:
        page = list_audit_entries(customer_number=customer_number, limit=100, cursor=cursor)
        entries.extend(
            schemas.AuditEntryExport(
                at=item.created_at.isoformat(),
                event=item.event,
                label=label(item.event),
                ip_address=item.ip_address,
                user_agent=item.user_agent,
                detail=item.detail,
            )
            for item in page.entries
        )
        if page.next_cursor is None:
            return schemas.AuditExport(entries=entries)
        cursor = page.next_cursor

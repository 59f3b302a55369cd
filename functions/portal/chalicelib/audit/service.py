"""Audit log: what happened to an account, readable by its customer."""

import base64
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from chalicelib import errors
from chalicelib.models import AuditEntry

EVENT_LABELS = {
    "login": "Anmeldung",
    "login_failed": "Fehlgeschlagene Anmeldung",
    "logout": "Abmeldung",
    "password_reset_requested": "Link zum Zurücksetzen des Passworts angefordert",
    "password_reset": "Passwort über E-Mail-Link zurückgesetzt",
    "password_changed": "Passwort geändert",
    "login_reminder_sent": "Kundennummer per E-Mail zugeschickt",
    "session_revoked": "Sitzung beendet",
    "sessions_revoked": "Alle anderen Sitzungen beendet",
}


_ENTRY_ID = re.compile(r"\d{4}-\d\d-\d\dT[\d:.]+\+00:00#[0-9a-f]{8}")


class InvalidCursor(errors.MalformedRequest):
    message = "Die Seitenangabe ist ungültig. Bitte laden Sie die Liste neu."


def new_entry(
    *, customer_number: str, event: str, ip_address: str = "", user_agent: str = "", detail: str = ""
) -> AuditEntry:
    """An unsaved audit entry (save it, or put it into a TransactWrite with the change it records)."""
    if event not in EVENT_LABELS:
        raise ValueError(f"unknown audit event {event!r}")
    now = datetime.now(UTC)
    return AuditEntry(
        customer_number,
        f"{now.isoformat(timespec='microseconds')}#{secrets.token_hex(4)}",
        created_at=now,
        event=event,
        ip_address=ip_address,
        user_agent=user_agent,
        detail=detail,
    )


def record_event(**kwargs: str) -> None:
    """Write one audit entry on its own."""
    new_entry(**kwargs).save()


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
            raise InvalidCursor() from None
        if not _ENTRY_ID.fullmatch(before):
            raise InvalidCursor()
        range_condition = AuditEntry.entry_id < before
    result = AuditEntry.query(customer_number, range_condition, scan_index_forward=False, limit=limit)
    entries = list(result)
    next_cursor = None
    if result.last_evaluated_key and len(entries) == limit:
        next_cursor = base64.urlsafe_b64encode(entries[-1].entry_id.encode("utf-8")).decode("ascii")
    return AuditPage(entries=entries, next_cursor=next_cursor)


def describe_entry(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.entry_id,
        "event": entry.event,
        "label": EVENT_LABELS.get(entry.event, entry.event),
        "at": entry.created_at.isoformat(),
        "ip_address": entry.ip_address,
        "browser": describe_user_agent(entry.user_agent),
        "detail": entry.detail,
    }


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

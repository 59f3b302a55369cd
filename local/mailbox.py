"""The mails the embedded SES accepted, read in-process from moto's backend (local mode only)."""

import email
import email.policy
import functools
import html
import re
from datetime import UTC, datetime
from typing import Any

from moto.core.models import DEFAULT_ACCOUNT_ID
from moto.ses import models as ses_models

_URL = re.compile(r"https?://[^\s<>\"']+")


def _stamp_send_time(cls: type) -> None:
    """Moto keeps no send time: note it on every message object when it is created."""
    original = cls.__init__  # type: ignore[misc]

    @functools.wraps(original)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.kc_sent_at = datetime.now(UTC)

    cls.__init__ = __init__  # type: ignore[misc]


for _cls in (ses_models.Message, ses_models.RawMessage, ses_models.TemplateMessage):
    _stamp_send_time(_cls)


def _describe(message: Any) -> dict[str, Any]:
    sent_at = getattr(message, "kc_sent_at", None)
    if isinstance(message, ses_models.RawMessage):
        parsed = email.message_from_string(message.raw_data, policy=email.policy.default)
        body = parsed.get_body(preferencelist=("plain", "html"))
        to = [str(address) for address in (parsed.get_all("To") or [])]
        subject = str(parsed.get("Subject", "")).strip()  # a folded header may keep its leading space
        text = body.get_content() if body is not None else ""
        reply_to = str(parsed["Reply-To"]) if parsed["Reply-To"] is not None else None
    else:
        destinations = getattr(message, "destinations", {}) or {}
        to = list(destinations.get("ToAddresses", []))
        subject = getattr(message, "subject", "") or ""
        text = getattr(message, "body", "") or ""
        reply_to = None
    return {
        "to": ", ".join(to),
        "subject": subject,
        "text": text,
        "reply_to": reply_to,
        "sent_at": sent_at.isoformat() if sent_at else None,
    }


def list_mails(region: str) -> list[dict[str, Any]]:
    """Every mail sent through SES in `region`, newest first: to, subject, text, reply_to (None when the
    mail has none), sent_at."""
    backend = ses_models.ses_backends[DEFAULT_ACCOUNT_ID][region]
    mails = [_describe(message) for message in list(backend.sent_messages)]
    return list(reversed(mails))


def _linkify(text: str) -> str:
    """Escaped text with every URL as a link."""
    parts: list[str] = []
    position = 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;:)")
        parts.append(html.escape(text[position : match.start()]))
        parts.append(f'<a href="{html.escape(url)}">{html.escape(url)}</a>')
        position = match.start() + len(url)
    parts.append(html.escape(text[position:]))
    return "".join(parts)


def render_mail_page(mails: list[dict[str, Any]]) -> str:
    """A small German page listing the mails, newest first, links clickable; no third-party resources."""
    if mails:
        items = "\n".join(
            "<article>"
            f"<h2>{html.escape(mail['subject'] or '(ohne Betreff)')}</h2>"
            f'<p class="meta">An: {html.escape(mail["to"])} · '
            + (f"Antwort an: {html.escape(mail['reply_to'])} · " if mail.get("reply_to") else "")
            + "gesendet: "
            f'<time datetime="{html.escape(mail["sent_at"] or "")}">{html.escape(_berlin(mail["sent_at"]))}</time></p>'
            f"<pre>{_linkify(mail['text'])}</pre>"
            "</article>"
            for mail in mails
        )
    else:
        items = "<p>Bisher wurden keine E-Mails versendet.</p>"
    return f"""<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gesendete E-Mails (lokal)</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; color: #222; }}
article {{ border: 1px solid #ccc; border-radius: 6px; padding: 0 1rem 1rem; margin: 1rem 0; }}
h2 {{ font-size: 1.1rem; }}
.meta {{ color: #555; font-size: .9rem; }}
pre {{ white-space: pre-wrap; font-family: inherit; }}
</style>
</head>
<body>
<h1>Gesendete E-Mails</h1>
<p>Diese Seite gibt es nur in der lokalen Entwicklungsumgebung. Sie zeigt alle E-Mails, die das
Kundencenter seit dem Start verschickt hat, die neueste zuerst. Laden Sie die Seite neu, um neue
E-Mails zu sehen. Als JSON: <a href="/_dev/mail">/_dev/mail</a>.</p>
<p>Anzahl: {len(mails)}</p>
{items}
</body>
</html>
"""


def _berlin(iso: str | None) -> str:
    if not iso:
        return "unbekannt"
    from zoneinfo import ZoneInfo

    moment = datetime.fromisoformat(iso).astimezone(ZoneInfo("Europe/Berlin"))
    return moment.strftime("%d.%m.%Y, %H:%M:%S Uhr")

"""Outgoing mail through SES. Texts are German; one plain-text part.

A mail with a `Reply-To` or extra headers (`Message-ID`, `In-Reply-To`: the ticket mails) goes out as a raw
MIME mail, since SES's simple `SendEmail` takes neither; every other mail as before.
"""

import logging
from functools import cache
from typing import Any

from chalicelib.settings import settings


@cache
def _ses() -> Any:
    import boto3  # lazy: most requests send no mail, and boto3 (with s3transfer) costs a cold start ~15 ms

    return boto3.client("ses", region_name=settings.aws_region)


def send_mail(
    *,
    to: str,
    subject: str,
    text: str,
    reply_to: str | None = None,
    headers: dict[str, str] | None = None,
) -> bool:
    """Send one plain-text mail; False when SES did not take it.

    When SES is throttled, failing or unreachable, the failure is logged (subject and fault only: no
    address, no text) and the request goes on instead of answering 503: a mail is sent after the change
    it reports is stored (a 503 would say it failed), or only for existing accounts ("Passwort vergessen",
    where a different answer would reveal them). A caller for whom the mail is the whole point can act on
    the False. SES refusing the mail (a rejected address, an unverified sender) is logged and answered
    the same way: on "Passwort vergessen" it happens only for existing accounts, so raising would tell
    them apart. Anything else (a bug) raises.

    With `reply_to` or `headers` the mail is sent raw (`SendRawEmail`), UTF-8, with those headers.
    """
    try:
        if reply_to is not None or headers:
            _ses().send_raw_email(
                Source=settings.mail_from,
                Destinations=[to],
                RawMessage={
                    "Data": _raw(to=to, subject=subject, text=text, reply_to=reply_to, headers=headers)
                },
            )
        else:
            _ses().send_email(
                Source=settings.mail_from,
                Destination={"ToAddresses": [to]},
                Message={
                    "Subject": {"Data": subject, "Charset": "UTF-8"},
                    "Body": {"Text": {"Data": text, "Charset": "UTF-8"}},
                },
            )
    except Exception as exc:
        from botocore.exceptions import ClientError

        from chalicelib import faults, logs

        fault = faults.transient_fault(exc)
        if fault is None and not isinstance(exc, ClientError):
            raise
        logs.event("mail_not_sent", level=logging.ERROR, subject=subject, fault=faults.describe(fault or exc))
        return False
    return True


# Headers the raw mail sets itself; a caller's `headers` may not replace them.
_OWN_HEADERS = frozenset({"from", "to", "subject", "reply-to", "content-type", "content-transfer-encoding"})


def _raw(*, to: str, subject: str, text: str, reply_to: str | None, headers: dict[str, str] | None) -> bytes:
    """The mail as MIME bytes: one text/plain part in UTF-8."""
    from email.message import EmailMessage
    from email.utils import formatdate, make_msgid

    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    if reply_to is not None:
        message["Reply-To"] = reply_to
    extra = dict(headers or {})
    for name in extra:
        if name.lower() in _OWN_HEADERS:
            raise ValueError(f"send_mail sets {name} itself")
    names = {name.lower() for name in extra}
    if "date" not in names:
        message["Date"] = formatdate(usegmt=True)
    if "message-id" not in names:
        message["Message-ID"] = make_msgid(domain=settings.mail_from.rsplit("@", 1)[-1].rstrip(">").strip())
    for name, value in extra.items():
        message[name] = value
    message.set_content(text, charset="utf-8")
    return message.as_bytes()

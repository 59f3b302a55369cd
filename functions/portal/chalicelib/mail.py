"""Outgoing mail through SES. Texts are German; one plain-text part."""

import logging
from functools import cache
from typing import Any

from chalicelib.settings import settings


@cache
def _ses() -> Any:
    import boto3  # lazy: most requests send no mail, and boto3 (with s3transfer) costs a cold start ~15 ms

    return boto3.client("ses", region_name=settings.aws_region)


def send_mail(*, to: str, subject: str, text: str) -> bool:
    """Send one plain-text mail; False when SES did not take it.

    When SES is throttled, failing or unreachable, the failure is logged (subject and fault only: no
    address, no text) and the request goes on instead of answering 503: a mail is sent after the change
    it reports is stored (a 503 would say it failed), or only for existing accounts ("Passwort vergessen",
    where a different answer would reveal them). A caller for whom the mail is the whole point can act on
    the False. SES refusing the mail (a rejected address, an unverified sender) is logged and answered
    the same way: on "Passwort vergessen" it happens only for existing accounts, so raising would tell
    them apart. Anything else (a bug) raises.
    """
    try:
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

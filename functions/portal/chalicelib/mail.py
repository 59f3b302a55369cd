"""Outgoing mail through SES. Texts are German; one plain-text part."""

from functools import cache
from typing import Any

from chalicelib.settings import settings


@cache
def _ses() -> Any:
    import boto3  # lazy: most requests send no mail, and boto3 (with s3transfer) costs a cold start ~15 ms

    return boto3.client("ses", region_name=settings.aws_region)


def send_mail(*, to: str, subject: str, text: str) -> None:
    """Send one plain-text mail."""
    _ses().send_email(
        Source=settings.mail_from,
        Destination={"ToAddresses": [to]},
        Message={
            "Subject": {"Data": subject, "Charset": "UTF-8"},
            "Body": {"Text": {"Data": text, "Charset": "UTF-8"}},
        },
    )

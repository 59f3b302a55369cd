"""Mailed confirmation links (a new login address, a further contact address): 256-bit, hashed, single use.

`issue` stores the token and returns it for the link (`…#token=<token>`, the fragment never reaches a log);
`find` returns the live token record; the caller deletes it (`tx.delete(record, condition=…exists())`) in
the same TransactWrite as the change it confirms, so a link works exactly once.
"""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from pynamodb.exceptions import DoesNotExist

from chalicelib.models import ConfirmationToken


def token_hash(token: str) -> str:
    """The stored key of a token (a ConfirmationToken's hash key)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(
    *,
    customer_number: str,
    purpose: str,
    value: str,
    lifetime: timedelta,
    slot: str | None = None,
    contact_id: str | None = None,
) -> str:
    """Store a new confirmation and return its token (for the mailed link)."""
    token, record = prepare(
        customer_number=customer_number,
        purpose=purpose,
        value=value,
        lifetime=lifetime,
        slot=slot,
        contact_id=contact_id,
    )
    record.save()
    return token


def prepare(
    *,
    customer_number: str,
    purpose: str,
    value: str,
    lifetime: timedelta,
    slot: str | None = None,
    contact_id: str | None = None,
    credential_generation: int | None = None,
) -> tuple[str, ConfirmationToken]:
    """A new token and its unsaved record: `tx.save(record)` in the TransactWrite of the change it belongs to."""
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    record = ConfirmationToken(
        token_hash(token),
        customer_number=customer_number,
        purpose=purpose,
        value=value,
        slot=slot,
        contact_id=contact_id,
        credential_generation=credential_generation,
        created_at=now,
        expires_at=now + lifetime,
    )
    return token, record


def find(*, token: str, purpose: str) -> ConfirmationToken | None:
    """The live confirmation for `token` and `purpose`, or None (unknown, used, expired, other purpose)."""
    if not token or len(token) > 128:
        return None
    try:
        record = ConfirmationToken.get(token_hash(token), consistent_read=True)
    except DoesNotExist:
        return None
    if record.purpose != purpose or datetime.now(UTC) >= record.expires_at:
        return None
    return record

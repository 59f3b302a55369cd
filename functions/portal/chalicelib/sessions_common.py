"""What customer and staff sign-ins share: secrets stored only hashed, the response floor, session rules.

A session is an item keyed by the SHA-256 of its cookie's secret (`session_hash`) with `created_at` and
`last_seen_at`: it ends 30 minutes after its last use or 8 hours after it began, whichever is first, and
its last use is written at most once a minute. `read_with_account` loads a session and the account the
cookie names in one TransactGetItems; `keep_alive` applies the rules to what it read.
"""

import hashlib
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, TypeVar

from pynamodb.exceptions import DoesNotExist, UpdateError
from pynamodb.models import Model
from pynamodb.transactions import TransactGet

from chalicelib.models.base import connection
from chalicelib.settings import settings

SESSION_IDLE = timedelta(minutes=30)
SESSION_ABSOLUTE = timedelta(hours=8)
SESSION_TOUCH_AFTER = timedelta(minutes=1)  # last use is written at most once a minute

_S = TypeVar("_S", bound=Model)
_A = TypeVar("_A", bound=Model)


class SessionItem(Protocol):
    """A session model instance (`Session`, `StaffSession`): what the shared rules read and write."""

    created_at: datetime
    last_seen_at: datetime

    def delete(self, *args: Any, **kwargs: Any) -> Any: ...

    def update(self, *args: Any, **kwargs: Any) -> Any: ...


def new_secret() -> str:
    """256 random bits, base64url (43 characters): a session id, a device cookie, a challenge."""
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    """What is stored instead of a secret: its SHA-256, hex."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def pad_to_floor(started: float) -> None:
    """Answer no sooner than the configured floor after `started` (time.monotonic()), so timing tells nothing."""
    remaining = settings.auth_response_floor_ms / 1000 - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)


@contextmanager
def response_floor() -> Iterator[None]:
    """Pad the block to the response floor (when it ends normally)."""
    started = time.monotonic()
    yield
    pad_to_floor(started)


def read_with_account(
    session_model: type[_S], token: str, account_model: type[_A], account_key: str
) -> tuple[_S, _A] | None:
    """The session behind the secret `token` and the account under `account_key`, in one TransactGetItems.

    None when either is missing. The caller checks that the session belongs to that account.
    """
    with TransactGet(connection=connection()) as get:
        session_future = get.get(session_model, hash_secret(token))
        account_future = get.get(account_model, account_key)
    try:
        return session_future.get(), account_future.get()
    except DoesNotExist:
        return None


def keep_alive(session: SessionItem, *, valid: bool = True) -> bool:
    """Apply the session rules; False (and the session deleted) when it ended.

    `valid` is the caller's own condition (the account still active, the credential generation still
    current): when False, the session ends like an idle one. A live session's last use is recorded at
    most once a minute; False also when it was deleted meanwhile (signed out on another device).
    """
    now = datetime.now(UTC)
    if not valid or now - session.last_seen_at > SESSION_IDLE or now - session.created_at > SESSION_ABSOLUTE:
        session.delete()
        return False
    if now - session.last_seen_at > SESSION_TOUCH_AFTER:
        return touch(session, now=now)
    return True


def touch(session: SessionItem, *, now: datetime) -> bool:
    """Record the session's last use; False when it ended meanwhile (the item is gone)."""
    model: Any = type(session)
    try:
        session.update(actions=[model.last_seen_at.set(now)], condition=model.session_hash.exists())
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def is_live(session: SessionItem, *, now: datetime) -> bool:
    """Whether a session listed from the table is still live (for lists; requests use `keep_alive`)."""
    return now - session.last_seen_at <= SESSION_IDLE and now - session.created_at <= SESSION_ABSOLUTE

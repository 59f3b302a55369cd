"""Fixed-window attempt counters in DynamoDB: 429 with Retry-After, never a permanent lock."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from chalicelib import errors
from chalicelib.models import AttemptCounter


@dataclass(frozen=True)
class Limit:
    """At most `attempts` per `window_seconds` for one subject (an account, an address)."""

    scope: str
    attempts: int
    window_seconds: int


def _window(limit: Limit, now: datetime) -> tuple[int, int]:
    start = int(now.timestamp()) // limit.window_seconds * limit.window_seconds
    return start, start + limit.window_seconds


def _key(limit: Limit, subject: str, now: datetime) -> str:
    return f"{limit.scope}#{subject}#{_window(limit, now)[0]}"


def check(*, checks: list[tuple[Limit, str]]) -> None:
    """Raise TooManyAttempts when any subject has used up its limit (one BatchGetItem)."""
    now = datetime.now(UTC)
    keys = {_key(limit, subject, now): limit for limit, subject in checks}
    for counter in AttemptCounter.batch_get(list(keys)):
        limit = keys[counter.counter_key]
        if counter.attempts >= limit.attempts:
            retry_after = _window(limit, now)[1] - int(now.timestamp())
            raise errors.TooManyAttempts(retry_after=max(1, retry_after))


def record(*, hits: list[tuple[Limit, str]]) -> None:
    """Count one attempt for each subject."""
    now = datetime.now(UTC)
    for limit, subject in hits:
        end = _window(limit, now)[1]
        AttemptCounter(_key(limit, subject, now)).update(
            actions=[
                AttemptCounter.attempts.add(1),
                AttemptCounter.expires_at.set(datetime.fromtimestamp(end, UTC) + timedelta(hours=1)),
            ]
        )


def check_and_record(*, hits: list[tuple[Limit, str]]) -> None:
    """Throttle requests that count whether they succeed or not (mails sent, feedback)."""
    check(checks=hits)
    record(hits=hits)

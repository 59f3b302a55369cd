"""Fixed-window attempt counters in DynamoDB: 429 with Retry-After, never a permanent lock.

Race-free by construction: an attempt is counted *before* it is decided, with one conditional
UpdateItem per subject (`attempts < limit`), so parallel requests can never get more checks than the
limit allows. What succeeded can be given back (`refund`), so only failures stay counted where that is
the rule (sign-in).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pynamodb.exceptions import UpdateError

from chalicelib import errors
from chalicelib.models import AttemptCounter


@dataclass(frozen=True)
class Limit:
    """At most `attempts` per `window_seconds` for one subject (an account, an address)."""

    scope: str
    attempts: int
    window_seconds: int


@dataclass(frozen=True)
class Hit:
    """One counted attempt: the counter it went to, so it can be refunded."""

    key: str


def _window(limit: Limit, now: datetime) -> tuple[int, int]:
    start = int(now.timestamp()) // limit.window_seconds * limit.window_seconds
    return start, start + limit.window_seconds


def _key(limit: Limit, subject: str, now: datetime) -> str:
    return f"{limit.scope}#{subject}#{_window(limit, now)[0]}"


def consume(*, hits: list[tuple[Limit, str]]) -> list[Hit]:
    """Count one attempt for each subject, or raise TooManyAttempts if any subject has none left.

    Counters already taken for this request are given back before raising, so a refused request
    costs nobody an attempt.
    """
    now = datetime.now(UTC)
    taken: list[Hit] = []
    for limit, subject in hits:
        key = _key(limit, subject, now)
        end = _window(limit, now)[1]
        try:
            AttemptCounter(key).update(
                actions=[
                    AttemptCounter.attempts.add(1),
                    AttemptCounter.expires_at.set(datetime.fromtimestamp(end, UTC) + timedelta(hours=1)),
                ],
                condition=AttemptCounter.attempts.does_not_exist()
                | (AttemptCounter.attempts < limit.attempts),
            )
        except UpdateError as error:
            if error.cause_response_code != "ConditionalCheckFailedException":
                raise
            refund(taken)
            raise errors.TooManyAttempts(retry_after=max(1, end - int(now.timestamp()))) from None
        taken.append(Hit(key))
    return taken


def refund(hits: list[Hit]) -> None:
    """Give counted attempts back (the attempt succeeded, or the request was refused anyway)."""
    for hit in hits:
        AttemptCounter(hit.key).update(
            actions=[AttemptCounter.attempts.add(-1)], condition=AttemptCounter.attempts > 0
        )


def remaining(*, limit: Limit, subject: str) -> int:
    """Attempts left in the current window (for reports and tests; requests use `consume`)."""
    now = datetime.now(UTC)
    try:
        counter = AttemptCounter.get(_key(limit, subject, now))
    except AttemptCounter.DoesNotExist:
        return limit.attempts
    return max(0, limit.attempts - int(counter.attempts))

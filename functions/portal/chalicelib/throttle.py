"""Fixed-window attempt counters in DynamoDB: 429 with Retry-After, never a permanent lock.

Race-free by construction: an attempt is counted *before* it is decided, with one conditional
UpdateItem per subject (`attempts < limit`), so parallel requests can never get more checks than the
limit allows. What succeeded can be given back (`refund`), so only failures stay counted where that is
the rule (sign-in).

`consume_in` counts the attempt inside the TransactWrite of the change it limits instead (one round trip
less per counter): the same conditional update, so the counter and the change are written together or
not at all, and a refused attempt gives nothing back because nothing was written. After a cancelled
transaction, `raise_if_refused` answers 429 when one of those counters' conditions failed.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

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


def _count(limit: Limit, end: int) -> tuple[list[Action], Condition]:
    """One more attempt in the window ending at `end`, if fewer than the limit were counted."""
    actions: list[Action] = [
        AttemptCounter.attempts.add(1),
        AttemptCounter.expires_at.set(datetime.fromtimestamp(end, UTC) + timedelta(hours=1)),
    ]
    condition: Condition = AttemptCounter.attempts.does_not_exist() | (
        AttemptCounter.attempts < limit.attempts
    )
    return actions, condition


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
            actions, condition = _count(limit, end)
            AttemptCounter(key).update(actions=actions, condition=condition)
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


@dataclass(frozen=True, eq=False)
class PendingHit:
    """An attempt counted inside a TransactWrite (`consume_in`): it counts once that transaction commits."""

    key: str
    retry_after: int
    operation: dict[str, Any]  # the transaction's update of the counter, to find its cancellation reason


def consume_in(tx: TransactWrite, limit: Limit, subject: str) -> PendingHit:
    """Count one attempt for `subject` as part of `tx`, with `consume`'s condition (`attempts < limit`).

    When the limit is used up the transaction is cancelled as a whole: nothing of the change is written
    and nothing is counted. Catch its TransactWriteError and call `raise_if_refused`. A TransactWrite
    touches each item once, so one counter (limit and subject) goes into a transaction at most once.
    """
    now = datetime.now(UTC)
    key = _key(limit, subject, now)
    end = _window(limit, now)[1]
    if any(_is_counter(operation, key) for operation in tx._update_items):
        raise ValueError(f"the transaction counts {key} already")
    actions, condition = _count(limit, end)
    tx.update(AttemptCounter(key), actions=actions, condition=condition)
    return PendingHit(key, retry_after=max(1, end - int(now.timestamp())), operation=tx._update_items[-1])


def _is_counter(operation: dict[str, Any], key: str) -> bool:
    return bool(
        operation.get("TableName") == AttemptCounter.Meta.table_name
        and operation.get("Key", {}).get("counter_key", {}).get("S") == key
    )


def _position(tx: TransactWrite, operation: dict[str, Any]) -> int | None:
    """Where `operation` stands in the transaction's items: PynamoDB sends condition checks, deletes,
    puts, then updates (`Connection.transact_write_items`), and the cancellation reasons follow that order."""
    before = len(tx._condition_check_items) + len(tx._delete_items) + len(tx._put_items)
    for index, update in enumerate(tx._update_items):
        if update is operation:
            return before + index
    return None


def raise_if_refused(tx: TransactWrite, error: TransactWriteError, hits: list[PendingHit]) -> None:
    """Raise TooManyAttempts (with Retry-After) if `tx` was cancelled because the condition of one of
    its counters (`consume_in`) failed; otherwise return, and the caller reads the other reasons."""
    if error.cause_response_code != "TransactionCanceledException":
        return
    reasons = error.cancellation_reasons
    for hit in hits:
        index = _position(tx, hit.operation)
        reason = reasons[index] if index is not None and index < len(reasons) else None
        if reason is not None and reason.code == "ConditionalCheckFailed":
            raise errors.TooManyAttempts(retry_after=hit.retry_after) from None


def remaining(*, limit: Limit, subject: str) -> int:
    """Attempts left in the current window (for reports and tests; requests use `consume`)."""
    now = datetime.now(UTC)
    try:
        counter = AttemptCounter.get(_key(limit, subject, now))
    except AttemptCounter.DoesNotExist:
        return limit.attempts
    return max(0, limit.attempts - int(counter.attempts))

"""throttle.consume_in: an attempt counted inside the TransactWrite of the change it limits."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
import time_machine

START = datetime(2026, 11, 27, 9, 0, 30, tzinfo=UTC)


def _limit(attempts: int = 3):
    from chalicelib import throttle

    return throttle.Limit("test-in-transaction", attempts=attempts, window_seconds=3600)


def _entry(slot: str):
    from chalicelib.models import ContactEntry

    return ContactEntry(
        "100001",
        slot,
        contact_id="x" * 16,
        kind="phone",
        value="+4930123456",
        verified=False,
        created_at=START,
    )


def _stored_slots() -> list[str]:
    from chalicelib.models import ContactEntry

    return sorted(entry.slot for entry in ContactEntry.query("100001"))


def _write(slot: str, limit, *, condition=None) -> None:
    """Put an entry and count an attempt in one TransactWrite; TooManyAttempts when refused."""
    from pynamodb.exceptions import TransactWriteError

    from chalicelib import throttle
    from chalicelib.models.base import transaction

    hits: list[throttle.PendingHit] = []
    try:
        with transaction() as tx:
            tx.save(_entry(slot), condition=condition)
            hits = [throttle.consume_in(tx, limit, "100001")]
    except TransactWriteError as error:
        throttle.raise_if_refused(tx, error, hits)
        raise


def test_the_attempt_counts_with_the_change_and_the_one_over_the_limit_writes_nothing(aws):
    from chalicelib import errors, throttle

    limit = _limit(3)
    with time_machine.travel(START, tick=False):
        for n in range(3):
            _write(f"phone#{n}", limit)
            assert throttle.remaining(limit=limit, subject="100001") == 2 - n
        with pytest.raises(errors.TooManyAttempts) as refused:
            _write("phone#3", limit)
        assert refused.value.retry_after == 3600 - 30
        assert refused.value.headers["Retry-After"] == str(3600 - 30)
        assert _stored_slots() == ["phone#0", "phone#1", "phone#2"]  # the change is not written
        assert throttle.remaining(limit=limit, subject="100001") == 0


def test_a_transaction_cancelled_by_another_condition_counts_nothing_and_is_no_429(aws):
    from pynamodb.exceptions import TransactWriteError

    from chalicelib import throttle
    from chalicelib.models import ContactEntry

    limit = _limit(3)
    with time_machine.travel(START, tick=False):
        _write("phone#0", limit)
        with pytest.raises(TransactWriteError):  # not TooManyAttempts: the slot's condition failed
            _write("phone#0", limit, condition=ContactEntry.slot.does_not_exist())
        assert throttle.remaining(limit=limit, subject="100001") == 2  # nothing to refund


def test_consume_and_consume_in_share_the_counter(aws):
    from chalicelib import errors, throttle

    limit = _limit(2)
    with time_machine.travel(START, tick=False):
        throttle.consume(hits=[(limit, "100001")])
        _write("phone#0", limit)
        with pytest.raises(errors.TooManyAttempts):
            throttle.consume(hits=[(limit, "100001")])
        with pytest.raises(errors.TooManyAttempts):
            _write("phone#1", limit)


def test_one_counter_goes_into_a_transaction_once(aws):
    from chalicelib import throttle
    from chalicelib.models.base import transaction

    tx = transaction()
    throttle.consume_in(tx, _limit(), "100001")
    throttle.consume_in(tx, _limit(), "100002")  # another subject: another item
    with pytest.raises(ValueError, match="already"):
        throttle.consume_in(tx, _limit(), "100001")


def test_parallel_transactions_get_exactly_the_limit(aws):
    """16 parallel changes against a limit of 10: exactly 10 written and counted, 6 refused."""
    from chalicelib import errors, throttle

    limit = _limit(10)

    def attempt(n: int) -> str:
        try:
            _write(f"phone#{n}", limit)
        except errors.TooManyAttempts:
            return "refused"
        return "written"

    with time_machine.travel(START, tick=False), ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(attempt, range(16)))
        assert throttle.remaining(limit=limit, subject="100001") == 0
    assert sorted(answers) == ["refused"] * 6 + ["written"] * 10
    assert len(_stored_slots()) == 10

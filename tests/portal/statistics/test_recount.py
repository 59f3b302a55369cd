"""The aggregates always equal a recount from the stored orders: re-sends, changes, cancellations and
batches racing over the same orders (parallel requests through the in-process API, moto made atomic)."""

import random
import threading
from concurrent.futures import ThreadPoolExecutor

from tests.portal.statistics.conftest import assert_counters_match_a_recount, counters, order

DAYS = ["2026-11-28T09:00:00+01:00", "2026-11-29T23:59:00+01:00", "2026-11-30T00:01:00+01:00"]
CHANNELS = ["eBay", "Amazon", "Shop"]
STATUSES = ["neu", "bezahlt", "versendet", "storniert"]


def random_order(rng: random.Random, order_id: str) -> dict:
    return order(
        order_id,
        placed_at=rng.choice(DAYS),
        channel=rng.choice(CHANNELS),
        status=rng.choice(STATUSES),
        gross_cents=rng.randrange(0, 20_000),
        items=rng.randrange(0, 6),
    )


def test_a_random_sequence_of_batches_resends_changes_and_parallel_posts_equals_a_recount(shop):
    from chalicelib.models import Order

    rng = random.Random(20261201)
    ids = [f"R-{n}" for n in range(30)]
    last: dict[str, dict] = {}
    for _ in range(6):
        if rng.random() < 0.5:
            batch = []
            for order_id in rng.sample(ids, rng.randrange(1, 15)):
                resend = order_id in last and rng.random() < 0.4
                batch.append(last[order_id] if resend else random_order(rng, order_id))
            response = shop.send(batch)
            assert response.status_code == 200, response.body
            last.update((item["order_id"], item) for item in batch)
        else:  # four installations' batches racing over the same orders
            shared = rng.sample(ids, 8)
            batches = [[random_order(rng, order_id) for order_id in shared] for _ in range(4)]
            with ThreadPoolExecutor(max_workers=4) as pool:
                answers = list(pool.map(shop.send, batches))
            assert [answer.status_code for answer in answers] == [200] * 4, [a.body for a in answers]
            for order_id in shared:  # whichever batch won, the order holds one batch's values
                stored = Order.get("100001", order_id)
                assert any(
                    stored.status == batch[shared.index(order_id)]["status"]
                    and stored.gross_cents == batch[shared.index(order_id)]["gross_cents"]
                    for batch in batches
                )
                last[order_id] = next(
                    batch[shared.index(order_id)]
                    for batch in batches
                    if batch[shared.index(order_id)]["gross_cents"] == stored.gross_cents
                )
        assert_counters_match_a_recount()
    assert Order.count("100001") == len(last)


def test_a_batch_that_lost_a_race_reads_again_and_counts_the_difference(shop, monkeypatch):
    """A reads order A-1, B changes it and commits, then A writes: A's transaction is refused (version)
    and A recomputes from B's state, so the counters move by B's and then A's difference exactly."""
    from chalicelib.statistics import ingest

    shop.send([order("A-1", gross_cents=1000, items=1)])
    original = ingest._read
    a_has_read, b_is_done = threading.Event(), threading.Event()
    first = threading.local()

    def read(customer_number, order_ids):
        found = original(customer_number, order_ids)
        if threading.current_thread().name == "A" and not getattr(first, "done", False):
            first.done = True
            a_has_read.set()
            assert b_is_done.wait(10)
        return found

    monkeypatch.setattr(ingest, "_read", read)
    results = {}

    def run(name, gross):
        results[name] = shop.send([order("A-1", gross_cents=gross, items=1)])
        if name == "B":
            b_is_done.set()

    a = threading.Thread(target=run, args=("A", 3000), name="A")
    a.start()
    assert a_has_read.wait(10)
    b = threading.Thread(target=run, args=("B", 2000), name="B")
    b.start()
    a.join(10)
    b.join(10)
    assert results["A"].json_body["updated"] == results["B"].json_body["updated"] == 1
    assert counters()["*#~"] == (1, 3000, 1)  # A's values, counted once
    assert_counters_match_a_recount()


def test_a_transaction_conflict_is_retried(shop, monkeypatch):
    """DynamoDB cancels a transaction whose items a parallel one is writing (TransactionConflict)."""
    from pynamodb.exceptions import CancellationReason, TransactWriteError, VerboseClientError
    from pynamodb.transactions import TransactWrite

    original = TransactWrite._commit
    cancelled = []

    def commit(self):
        if not cancelled:
            cancelled.append(True)
            items = self._condition_check_items + self._delete_items + self._put_items + self._update_items
            reasons = [CancellationReason(code="TransactionConflict")] + [None] * (len(items) - 1)
            error = {"Error": {"Code": "TransactionCanceledException", "Message": "Transaction cancelled"}}
            cause = VerboseClientError(error, "TransactWriteItems", cancellation_reasons=reasons)
            raise TransactWriteError("Failed to write transaction items", cause)
        return original(self)

    monkeypatch.setattr(TransactWrite, "_commit", commit)
    response = shop.send([order("A-1"), order("A-2", channel="Otto")])
    assert response.status_code == 200, response.body
    assert response.json_body["created"] == 2
    assert cancelled
    assert counters()["*#~"] == (2, 9980, 4)
    assert_counters_match_a_recount()

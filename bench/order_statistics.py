"""Statistik figures: chart reads with 1,000 and with 1,000,000 orders, and ingest cost per order.

In-process moto (`mock_aws`), so latencies are moto's, not DynamoDB's; the round trips and the items
written are what DynamoDB would see.

1. Chart read (`statistics.service.get_statistics`, as `GET /api/statistics` calls it; the route adds
   the session's one TransactGetItems): DynamoDB calls and median latency for a customer with 1,000
   orders (ingested through the real ingest) and one with 1,000,000. The 1,000,000 are SIMULATED: their
   counters (every day x five channels of two years, all channels, all-time) are written directly,
   since the read never touches the orders, only the counters; 1,000,000 ingested orders would take
   hours in moto. Goal: latency ratio <= 1.2, equal round trips.
2. Ingest (`statistics.ingest.ingest_orders`, moto's normal path): orders per second for batches of 500
   new orders, then the same batches re-sent unchanged and re-sent changed; DynamoDB calls, items
   written per order and write request units per order (transactional writes cost 2 WRU per item of
   up to 1 KB; every item here is under 1 KB).

Usage: .venv/bin/python bench/order_statistics.py [--runs 30]
"""

import argparse
import dataclasses
import os
import sys
import time
import tomllib
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
_pytest_env = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest_env"]
os.environ.update({name: str(value) for name, value in _pytest_env.items()})
os.environ.pop("AWS_ENDPOINT_URL", None)
sys.path[:0] = [str(ROOT / "functions" / "portal"), str(ROOT)]

CALLS: Counter[str] = Counter()
WRITTEN: Counter[str] = Counter()


def _count(model: Any, **kwargs: Any) -> None:
    CALLS[model.name] += 1


def _count_items(params: Any, **kwargs: Any) -> None:
    WRITTEN["items"] += len(params.get("TransactItems", []))


import botocore.handlers  # noqa: E402

botocore.handlers.BUILTIN_HANDLERS.append(("before-call.dynamodb", _count))
botocore.handlers.BUILTIN_HANDLERS.append(
    ("before-parameter-build.dynamodb.TransactWriteItems", _count_items)
)

CHANNELS = ["Amazon", "eBay", "Shop", "Kaufland", "Otto"]
TODAY = date(2026, 12, 1)


def orders_for(
    prefix: str, count: int, *, days: int = 730, status: str = "versendet", cents: int = 4990
) -> list[Any]:
    from chalicelib.statistics.ingest import OrderData

    start = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC) - timedelta(days=days)
    return [
        OrderData(
            order_id=f"{prefix}-{n:07d}",
            placed_at=start + timedelta(days=n * days // count, minutes=n % 600),
            channel=CHANNELS[n % len(CHANNELS)],
            status=status,
            gross_cents=cents + n % 1000,
            currency="EUR",
            items=1 + n % 4,
        )
        for n in range(count)
    ]


def simulate_million(customer_number: str) -> None:
    """Counters as 1,000,000 orders over two years would leave them (written directly, see docstring)."""
    from chalicelib.models import OrderStats

    days = [TODAY - timedelta(days=n) for n in range(730)]
    per_day_channel = 1_000_000 // (len(days) * len(CHANNELS))
    with OrderStats.batch_write() as batch:
        for day in days:
            for channel in [*CHANNELS, "*"]:
                factor = len(CHANNELS) if channel == "*" else 1
                batch.save(
                    OrderStats(
                        customer_number,
                        f"{channel}#{day.isoformat()}",
                        orders=per_day_channel * factor,
                        revenue_cents=per_day_channel * factor * 5500,
                        items=per_day_channel * factor * 2,
                    )
                )
        total = per_day_channel * len(days)
        for channel in CHANNELS:
            batch.save(
                OrderStats(
                    customer_number, f"{channel}#~", orders=total, revenue_cents=total * 5500, items=total * 2
                )
            )
        batch.save(
            OrderStats(
                customer_number,
                "*#~",
                orders=total * 5,
                revenue_cents=total * 5 * 5500,
                items=total * 10,
                stored=1_000_000,
                channels=set(CHANNELS),
            )
        )


def measure_read(
    customer_number: str, *, start: date, end: date, granularity: str, runs: int
) -> tuple[int, float]:
    from chalicelib.statistics.service import get_statistics

    durations = []
    calls = 0
    for _ in range(runs):
        CALLS.clear()
        began = time.perf_counter()
        get_statistics(
            customer_number=customer_number, start=start, end=end, granularity=granularity, channel=None
        )
        durations.append(time.perf_counter() - began)
        calls = sum(CALLS.values())
    durations.sort()
    return calls, durations[len(durations) // 2] * 1000


def measure_ingest(customer_number: str, batches: list[list[Any]]) -> tuple[float, int, int]:
    from chalicelib.statistics.ingest import ingest_orders

    CALLS.clear()
    WRITTEN.clear()
    began = time.perf_counter()
    for batch in batches:
        ingest_orders(customer_number=customer_number, orders=batch)
    elapsed = time.perf_counter() - began
    return elapsed, sum(CALLS.values()), WRITTEN["items"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    from moto import mock_aws

    from local import moto_transactions

    moto_transactions.install()  # as in the tests and the local stack: moto backs up items, not tables
    with mock_aws():
        from chalicelib.models import ALL_MODELS
        from chalicelib.statistics.ingest import ingest_orders

        for model in ALL_MODELS:
            model.create_table(wait=True, billing_mode="PAY_PER_REQUEST")

        small = orders_for("K", 1000)
        for n in range(0, len(small), 500):
            ingest_orders(customer_number="100001", orders=small[n : n + 500])
        simulate_million("100009")

        print("Chart read (get_statistics; GET /api/statistics adds 1 TransactGetItems for the session)")
        print(f"{'range':<34} {'orders':>9} {'calls':>5} {'median ms':>9}")
        for label, start, granularity in [
            ("last 30 days, per day", TODAY - timedelta(days=29), "day"),
            ("last 12 months, per day", TODAY - timedelta(days=364), "day"),
            ("two years, per month", TODAY - timedelta(days=729), "month"),
        ]:
            results = {}
            for customer, orders in (("100001", "1,000"), ("100009", "1,000,000")):
                calls, median = measure_read(
                    customer, start=start, end=TODAY, granularity=granularity, runs=args.runs
                )
                results[customer] = median
                print(f"{label:<34} {orders:>9} {calls:>5} {median:>9.1f}")
            print(f"{'':<34} {'ratio':>9} {'':>5} {results['100009'] / results['100001']:>9.2f}")

        print("\nIngest (ingest_orders, moto's normal transaction path; 10 batches of 500)")
        new = orders_for("N", 5000, days=60)
        batches = [new[n : n + 500] for n in range(0, len(new), 500)]
        changed = [[dataclasses.replace(order, status="storniert") for order in batch] for batch in batches]
        print(f"{'what':<26} {'orders/s':>8} {'calls/order':>11} {'items/order':>11} {'WRU/order':>9}")
        for label, run in (
            ("new orders", batches),
            ("re-sent unchanged", batches),
            ("re-sent changed", changed),
        ):
            elapsed, calls, items = measure_ingest("100002", run)
            count = sum(len(batch) for batch in run)
            print(
                f"{label:<26} {count / elapsed:>8.0f} {calls / count:>11.3f} {items / count:>11.3f} "
                f"{2 * items / count:>9.2f}"
            )
        print(
            "\nWRU: transactional writes cost 2 write request units per item (each under 1 KB); the"
            "\nconsistent BatchGetItem before each batch reads 1 RCU per existing order (0.5 per 4 KB, rounded up)."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

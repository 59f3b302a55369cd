"""The monthly billing run for many contracts against in-process moto: total time, DynamoDB calls per contract.

    .venv/bin/python bench/billing_run.py [--contracts 10000] [--with-pdf] [--rerun]

Under moto's `mock_aws`: the demo customer 100001 (with a SEPA mandate) and N-1 copies of it, each with a
Single-Lizenz + Premium Service contract since 2024-12 (written with BatchWriteItem, not counted), then
`run_billing(period="2026-12")` as the scheduled function runs it. DynamoDB calls are counted with a
botocore `before-call.dynamodb` hook (a TransactWriteItems counts once), as bench/api_round_trips.py does.

PDFs are skipped by default (`render_pdf=False`: no PDF, no S3 put, no mail; 3 DynamoDB calls per
invoice fewer): PDF + XML take ~50–60 ms per invoice (bench/invoice_pdf.py), i.e. ~10 min more for 10,000 on
one core, which is the PDF's cost, not the run's. `--with-pdf` measures the full path (use a smaller N).
`--rerun` also times a second run for the same period (creates nothing). moto's per-transaction deep
copy of the touched tables is skipped (see `no_transaction_backup`;
`--moto-deepcopy` keeps it).
"""

import argparse
import os
import sys
import time
import tomllib
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
_pytest_env = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest_env"]
os.environ.update({name: str(value) for name, value in _pytest_env.items()})
os.environ.pop("AWS_ENDPOINT_URL", None)
sys.path[:0] = [str(ROOT / "functions" / "portal"), str(ROOT)]

DYNAMODB_CALLS: Counter[str] = Counter()


def _count_dynamodb_call(model: Any, **kwargs: Any) -> None:
    DYNAMODB_CALLS[model.name] += 1


import botocore.handlers  # noqa: E402

botocore.handlers.BUILTIN_HANDLERS.append(("before-call.dynamodb", _count_dynamodb_call))


def no_transaction_backup() -> None:
    """moto backs up every table a TransactWriteItems touches with `copy.deepcopy` (to roll back a failed
    one): O(table size) per transaction, so a run over N contracts costs O(N²) in moto alone (150
    contracts: 40 ms per transaction and rising). DynamoDB has no such cost. Here the "backup" is the
    table itself: right as long as no transaction is cancelled, which `main` checks (a cancelled one would
    be retried: more than one TransactWriteItems per invoice)."""
    import copy
    import types

    from moto.dynamodb import models
    from moto.dynamodb.models.table import Table

    def deepcopy(value: Any, memo: Any = None) -> Any:
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)

    models.copy = types.SimpleNamespace(deepcopy=deepcopy, copy=copy.copy)  # type: ignore[attr-defined]


def prepare(contracts: int) -> None:
    """Customer 100001 with its profile and contract, and `contracts - 1` copies (customers 200001…)."""
    from chalicelib.contracts import service
    from chalicelib.models import Contract, Customer
    from local.seed import add_demo_profile, seed_customers

    seed_customers()
    add_demo_profile("100001")
    service.open_contract(
        customer_number="100001", licence="single", options=["premium_service"], start_date=date(2024, 12, 1)
    )
    customer = Customer.get("100001").serialize()
    contract = Contract.get("100001").serialize()
    with Customer.batch_write() as customers, Contract.batch_write() as items:
        for index in range(1, contracts):
            number = str(200000 + index)
            for model, data, batch in ((Customer, customer, customers), (Contract, contract, items)):
                item = model()
                item.deserialize(data)
                item.customer_number = number
                batch.save(item)


def timed_run(render_pdf: bool) -> tuple[float, Any]:
    from chalicelib.billing.service import run_billing

    DYNAMODB_CALLS.clear()
    began = time.perf_counter()
    summary = run_billing(period="2026-12", today=date(2026, 12, 1), render_pdf=render_pdf)
    return time.perf_counter() - began, summary


def report(title: str, seconds: float, summary: Any, contracts: int) -> None:
    calls = sum(DYNAMODB_CALLS.values())
    print(f"{title}: {seconds:.1f} s, {1000 * seconds / contracts:.1f} ms per contract")
    print(
        f"  created {summary.created}, skipped {summary.skipped}, gross {summary.gross_cents / 100:,.2f} EUR"
    )
    print(f"  DynamoDB calls: {calls} ({calls / contracts:.2f} per contract)")
    for operation, count in sorted(DYNAMODB_CALLS.items(), key=lambda item: -item[1]):
        print(f"    {operation:<20} {count:>7} ({count / contracts:.2f} per contract)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contracts", type=int, default=10_000)
    parser.add_argument("--with-pdf", action="store_true", help="render, store and mail the PDFs too")
    parser.add_argument(
        "--moto-deepcopy", action="store_true", help="keep moto's O(table) backup per transaction"
    )
    parser.add_argument("--rerun", action="store_true", help="time a second run for the same period too")
    args = parser.parse_args()

    from moto import mock_aws

    from local.seed import create_resources

    if not args.moto_deepcopy:
        no_transaction_backup()
    with mock_aws():
        create_resources()
        began = time.perf_counter()
        prepare(args.contracts)
        print(f"{args.contracts} contracts written in {time.perf_counter() - began:.1f} s (not counted)")
        pdf = "with PDF + XML, S3 and mail" if args.with_pdf else "PDFs skipped (render_pdf=False)"
        seconds, summary = timed_run(args.with_pdf)
        report(f"billing run, {args.contracts} contracts, {pdf}", seconds, summary, args.contracts)
        if DYNAMODB_CALLS["TransactWriteItems"] != summary.created:
            sys.exit("a transaction was cancelled and retried: figures without the moto backup are void")
        if args.rerun:
            seconds, summary = timed_run(args.with_pdf)
            report("second run for the same period", seconds, summary, args.contracts)


if __name__ == "__main__":
    main()

"""The monthly billing run: one invoice per active contract and period, idempotent per billing key.

`run_billing(period="2026-12")` invoices every contract that runs in that calendar month: the month's
licence and options at the prices sold (`contracts.service.period_lines`, scheduled changes due by the
period's first day applied) plus the prorated charges of earlier periods not yet invoiced
(`pending_charges`). The billing key is the period, so `issue_invoice` registers it in the invoice's
TransactWrite: a second run for the period creates nothing, and a run that crashed half-way is completed
by running it again (the customers done are skipped, a missing PDF or mail is made up, numbers stay
gapless). The invoiced charges are removed in that same TransactWrite (`clear_pending_charges_in`), so a
charge is invoiced exactly once. A charge that falls inside the invoiced period (a booking on the 1st
before the run) is covered by the month's full line and removed without a line of its own.

A run stops itself before its time is up (`time_left`, the Lambda's remaining time) and reports how many
contracts it did not reach; the schedule starts the run every 15 minutes from 03:00 to 05:45 UTC on the 1st,
and each later run skips the invoiced contracts with two reads and continues where the last one stopped.
One run manages about 5,000 contracts with PDFs (bench/billing_run.py), so twelve cover about 60,000.

Scanning the contracts table is allowed here: a batch job (DESIGN rule 6), not a request.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from pynamodb.transactions import TransactWrite

from chalicelib.contracts import service as contracts
from chalicelib.invoices.service import InvoiceLine, issue_invoice, issued_number
from chalicelib.models import Contract, Invoice

_PERIOD = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")

# A run starts no further contract with less time left than this: one contract takes ~0.15 s with its
# PDF and mail, a slow moment of DynamoDB or S3 a few seconds; the rest is margin before Lambda stops it.
RESERVE_SECONDS = 60.0


@dataclass(frozen=True)
class BillingSummary:
    """What a run did: invoices created now, contracts already invoiced for the period, gross of the new."""

    period: str
    created: int = 0
    skipped: int = 0
    gross_cents: int = 0
    numbers: list[str] = field(default_factory=list)  # the invoices created now, in order
    remaining: int = 0  # contracts not reached before the time was up (the next run continues)


def period_start(period: str) -> date:
    """`"2026-12"` → 1 December 2026; ValueError for anything else."""
    match = _PERIOD.fullmatch(period)
    if match is None:
        raise ValueError(f"period must look like 2026-12, not {period!r}")
    return date(int(match[1]), int(match[2]), 1)


def current_period(today: date | None = None) -> str:
    """The calendar month of `today` (Europe/Berlin) as `"2026-12"`."""
    return (today or contracts.today()).strftime("%Y-%m")


def contract_customer_numbers() -> Iterator[str]:
    """Every contract's Kundennummer, ascending (one paginated Scan of the key only)."""
    numbers = [item.customer_number for item in Contract.scan(attributes_to_get=["customer_number"])]
    yield from sorted(numbers)


def bill_customer(
    *,
    customer_number: str,
    period: str,
    issue_date: date,
    render_pdf: bool = True,
    send_mail: bool = True,
) -> tuple[bool, str, int] | None:
    """Invoice one contract for `period`: (created now, number, gross cents); None without a contract
    that runs in the period."""
    number = issued_number(customer_number, period)
    if number is not None:  # invoiced by an earlier run: done unless its PDF or mail is missing
        issued = Invoice.get(customer_number, number, consistent_read=True)
        if not render_pdf or (issued.pdf_stored_at is not None and (issued.mailed_at or not send_mail)):
            return False, number, int(issued.gross_cents)
    start = period_start(period)
    lines = contracts.period_lines(customer_number=customer_number, period_start=start)
    if not lines:
        return None
    charges = contracts.pending_charges(customer_number=customer_number)
    _, end = contracts.period_of(start)
    earlier = [charge for charge in charges if charge.period_end < start]
    covered = [charge for charge in charges if start <= charge.period_start <= end]
    clear = [charge.id for charge in (*earlier, *covered)]
    invoice_lines = [
        InvoiceLine(item.description, item.period_start, item.period_end, item.net_cents)
        for item in (*earlier, *lines)
    ]
    attempts: list[TransactWrite] = []

    def in_transaction(tx: TransactWrite) -> None:
        attempts.append(tx)  # called only when the key was not issued yet
        if clear:
            contracts.clear_pending_charges_in(tx, customer_number=customer_number, charge_ids=clear)

    invoice = issue_invoice(
        customer_number=customer_number,
        issue_date=issue_date,
        lines=invoice_lines,
        billing_key=period,
        in_transaction=in_transaction,
        render_pdf=render_pdf,
        send_mail=send_mail,
        known_unissued=number is None,
    )
    # Written by this call unless a parallel run issued the key between our read and our write (then
    # both runs count it as created; the invoice is still one).
    return bool(attempts), invoice.number, int(invoice.gross_cents)


def run_billing(
    *,
    period: str,
    today: date | None = None,
    customer_numbers: list[str] | None = None,
    render_pdf: bool = True,
    send_mail: bool = True,
    time_left: Callable[[], float] | None = None,
) -> BillingSummary:
    """Invoice every active contract for `period` ("2026-12"), issued on `today` (default: today in
    Europe/Berlin). `customer_numbers` limits the run (the demo data); `render_pdf=False` is for
    bench/billing_run.py only (no PDF, no mail, so the invoice stays hidden from the customer).
    `time_left()` gives the seconds the run may still take; with less than RESERVE_SECONDS it starts no
    further contract and counts the rest as `remaining`."""
    period_start(period)  # refuse a malformed period before touching anything
    issue_date = today or contracts.today()
    created = skipped = gross = 0
    numbers: list[str] = []
    todo = list(customer_numbers if customer_numbers is not None else contract_customer_numbers())
    for index, customer_number in enumerate(todo):
        if time_left is not None and time_left() < RESERVE_SECONDS:
            return BillingSummary(
                period=period,
                created=created,
                skipped=skipped,
                gross_cents=gross,
                numbers=numbers,
                remaining=len(todo) - index,
            )
        result = bill_customer(
            customer_number=customer_number,
            period=period,
            issue_date=issue_date,
            render_pdf=render_pdf,
            send_mail=send_mail,
        )
        if result is None:
            continue
        new, number, cents = result
        if new:
            created += 1
            gross += cents
            numbers.append(number)
        else:
            skipped += 1
    return BillingSummary(period=period, created=created, skipped=skipped, gross_cents=gross, numbers=numbers)

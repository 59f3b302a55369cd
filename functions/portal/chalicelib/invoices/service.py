"""Invoices: gapless numbers, issued once per billing key, the PDF stored once in the invoice bucket.

`issue_invoice` is what the billing run calls. It is idempotent per (customer, billing key): the key is
registered in the same TransactWrite that takes the next number of the year and writes the invoice, so
a second call (a re-run, a parallel run) finds the key and returns the existing invoice. The PDF (with
the embedded Factur-X XML) and the mail follow the write; a run that crashed between them is simply
re-run: what is missing (PDF, mail) is done, nothing else.
"""

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib import errors
from chalicelib.customers import sepa
from chalicelib.models import Customer, Invoice, InvoiceRegister
from chalicelib.models.base import transaction
from chalicelib.models.invoice import Buyer, InvoiceLineItem
from chalicelib.settings import settings

VAT_RATE_PERCENT = 19
# A SEPA pre-notification reaches the customer 14 calendar days before the debit (SEPA rulebook default).
PAGE_SIZE = 24
_ISSUE_ROUNDS = 20
LEASE = timedelta(
    minutes=5
)  # rounds of "read the counter, try the next number" (only parallel issuing needs more)


@dataclass(frozen=True)
class InvoiceLine:
    """One line the billing run invoices: what, for which days (inclusive), net amount in cents."""

    description: str
    period_start: date
    period_end: date
    net_cents: int


def format_number(year: int, sequence: int) -> str:
    return f"{year}-{sequence:06d}"


def vat_cents(net_cents: int) -> int:
    """19 % VAT, rounded half away from zero to the cent (integers only): a Rechnungskorrektur of a whole
    invoice has exactly the invoice's VAT, negated."""
    sign = -1 if net_cents < 0 else 1
    return sign * ((abs(net_cents) * VAT_RATE_PERCENT + 50) // 100)


def debit_date(issue_date: date) -> date:
    """The due and debit date: the first TARGET2 business day 14 days or more after the issue date."""
    return sepa.debit_date(issue_date)


def payment_status(*, invoice: Invoice, today: date) -> str:
    """ "bezahlt" once the SEPA debit date has passed (or when marked so), "offen" until then.

    A Rechnungskorrektur is "erstattet" once its refund date (`due_date`, the transfer to the customer)
    has passed, "offen" until then.

    Returned debits are not modelled yet: a returned debit would set the stored status back to "offen"
    and be kept from this rule once bank returns are processed.
    """
    passed = invoice.status in ("bezahlt", "erstattet") or date.fromisoformat(invoice.due_date) < today
    if not passed:
        return "offen"
    return "erstattet" if invoice.kind == CORRECTION else "bezahlt"


INVOICE = "rechnung"
CORRECTION = "rechnungskorrektur"
_FILE_PREFIX = {INVOICE: "Rechnung", CORRECTION: "Rechnungskorrektur"}


def s3_key(customer_number: str, number: str, kind: str = INVOICE) -> str:
    return f"{customer_number}/{number[:4]}/{file_name(number, kind)}"


def file_name(number: str, kind: str = INVOICE) -> str:
    """`Rechnung-2026-000123.pdf`, `Rechnungskorrektur-2026-000124.pdf`."""
    return f"{_FILE_PREFIX[kind]}-{number}.pdf"


def _buyer(customer: Customer, issue_date: date) -> Buyer:
    from chalicelib.customers.service import name_on

    name = name_on(customer, issue_date)
    company = " ".join(part for part in (name.company, name.legal_form) if part)
    return Buyer(  # type: ignore[no-untyped-call]
        name=company or customer.display_name,
        contact=customer.display_name if company else "",
        street=customer.street,
        postal_code=customer.postal_code,
        city=customer.city,
        country=customer.country,
        vat_id=name.vat_id,
    )


def issued_number(customer_number: str, billing_key: str) -> str | None:
    """The number of the customer's invoice for `billing_key`, None while it is not issued (one read)."""
    try:
        entry = InvoiceRegister.get(f"billing#{customer_number}#{billing_key}", consistent_read=True)
    except InvoiceRegister.DoesNotExist:
        return None
    return entry.invoice_number


def latest_key(customer_number: str) -> str:
    """The `invoice-register` key of the customer's newest invoice (number, dates, gross; no corrections)."""
    return f"latest#{customer_number}"


def _failed_items(error: TransactWriteError) -> list[int]:
    reasons = getattr(error, "cancellation_reasons", None) or []
    return [index for index, reason in enumerate(reasons) if reason is not None and reason.code]


InTransaction = Callable[[TransactWrite], None]


@dataclass(frozen=True)
class Correction:
    """What makes an issued document a Rechnungskorrektur (invoices/corrections.py fills it in)."""

    corrects: str  # the corrected invoice's number
    corrects_date: str  # its issue date (ISO)
    reason: str
    # Adds the guard on the corrected invoice (and the audit entry) to the TransactWrite; called in every
    # round with the document about to be written, so it reads the corrected invoice again each time.
    in_transaction: Callable[[TransactWrite, Invoice], None]


def _write_invoice(
    *,
    customer: Customer,
    issue_date: date,
    lines: list[InvoiceLine],
    billing_key: str,
    in_transaction: InTransaction | None = None,
    correction: Correction | None = None,
) -> Invoice | None:
    """Take the year's next number and write the invoice with it; None when the key was issued meanwhile."""
    from chalicelib.validators import mask_iban

    year = issue_date.year
    kind = CORRECTION if correction else INVOICE
    net = sum(line.net_cents for line in lines)
    vat = vat_cents(net)
    newer_recorded = False  # the summary names a higher number already (an invoice of a later year)
    for _ in range(_ISSUE_ROUNDS):
        try:
            counter: InvoiceRegister | None = InvoiceRegister.get(f"year#{year}", consistent_read=True)
        except InvoiceRegister.DoesNotExist:
            counter = None
        last = int(counter.last_number or 0) if counter else 0
        number = format_number(year, last + 1)
        invoice = Invoice(
            customer_number=customer.customer_number,
            number=number,
            billing_key=billing_key,
            issue_date=issue_date.isoformat(),
            period_start=min(line.period_start for line in lines).isoformat(),
            period_end=max(line.period_end for line in lines).isoformat(),
            lines=[
                InvoiceLineItem(  # type: ignore[no-untyped-call]
                    description=line.description,
                    period_start=line.period_start.isoformat(),
                    period_end=line.period_end.isoformat(),
                    net_cents=line.net_cents,
                )
                for line in lines
            ],
            net_cents=net,
            vat_cents=vat,
            gross_cents=net + vat,
            vat_rate_percent=VAT_RATE_PERCENT,
            due_date=debit_date(issue_date).isoformat(),
            buyer=_buyer(customer, issue_date),
            mandate_reference=customer.bank.mandate_reference if customer.bank else "",
            iban_masked=mask_iban(customer.bank.iban) if customer.bank else "",
            s3_key=s3_key(customer.customer_number, number, kind),
            created_at=datetime.now(UTC),
            kind=kind,
        )
        if correction is not None:
            invoice.corrects = correction.corrects
            invoice.corrects_date = correction.corrects_date
            invoice.reason = correction.reason
        key_item = InvoiceRegister(
            f"billing#{customer.customer_number}#{billing_key}",
            customer_number=customer.customer_number,
            invoice_number=number,
        )
        next_counter = InvoiceRegister(f"year#{year}", last_number=last + 1)
        latest = None
        if (
            correction is None and not newer_recorded
        ):  # the dashboard's newest invoice: only ever a higher number
            latest = InvoiceRegister(
                latest_key(customer.customer_number),
                customer_number=customer.customer_number,
                invoice_number=number,
                issue_date=invoice.issue_date,
                due_date=invoice.due_date,
                gross_cents=invoice.gross_cents,
                billing_key=billing_key,
            )
        try:
            with transaction() as tx:
                if counter is None:
                    tx.save(next_counter, condition=InvoiceRegister.key.does_not_exist())
                else:
                    tx.save(next_counter, condition=InvoiceRegister.last_number == last)
                tx.save(key_item, condition=InvoiceRegister.key.does_not_exist())
                tx.save(invoice, condition=Invoice.number.does_not_exist())
                if (
                    latest is not None
                ):  # a higher number committed first fails this: the retry takes a higher one
                    tx.save(
                        latest,
                        condition=InvoiceRegister.invoice_number.does_not_exist()
                        | (InvoiceRegister.invoice_number < number),
                    )
                if in_transaction is not None:
                    in_transaction(tx)  # e.g. contracts.service.clear_pending_charges_in (reads again)
                if correction is not None:
                    correction.in_transaction(tx, invoice)  # the corrected invoice's guard (reads again)
        except TransactWriteError as error:
            failed = _failed_items(error)
            if 1 in failed:
                return None  # the billing key was issued in parallel
            if failed == [3] and latest is not None:  # only the summary: it names a higher number
                newer_recorded = True
                continue
            if failed and 1 not in failed:
                continue  # another invoice took the number, or the caller's item changed: again
            raise
        return invoice
    raise RuntimeError(f"no invoice number after {_ISSUE_ROUNDS} rounds")


def issue_invoice(
    *,
    customer_number: str,
    issue_date: date,
    lines: list[InvoiceLine],
    billing_key: str,
    in_transaction: InTransaction | None = None,
    correction: Correction | None = None,
    render_pdf: bool = True,
    send_mail: bool = True,
    known_unissued: bool = False,
) -> Invoice:
    """Issue the customer's invoice for `billing_key` once: number, PDF in the bucket, mail.

    A second call with the same key returns the existing invoice (no new number) and completes what a
    crashed call left undone (PDF, mail). `in_transaction(tx)` adds the caller's items to the invoice's
    TransactWrite (the billing run: `contracts.service.clear_pending_charges_in`); it is called again on
    each retry, and not at all when the key was issued already. `send_mail=False` (the demo history)
    sends no mail; `render_pdf=False` (bench/billing_run.py only) leaves PDF and mail undone.
    `known_unissued=True`: the caller has just read that the key is not issued (saves that read; the
    TransactWrite's condition on the key still refuses a parallel issue).
    `correction` makes the document a Rechnungskorrektur (invoices/corrections.py: `issue_correction`).
    """
    if not lines:
        raise ValueError("an invoice needs at least one line")
    invoice: Invoice | None = None
    number = None if known_unissued else issued_number(customer_number, billing_key)
    if number is None:
        customer = Customer.get(customer_number)
        invoice = _write_invoice(
            customer=customer,
            issue_date=issue_date,
            lines=lines,
            billing_key=billing_key,
            in_transaction=in_transaction,
            correction=correction,
        )
        number = invoice.number if invoice else issued_number(customer_number, billing_key)
    if invoice is None:
        assert number is not None
        invoice = Invoice.get(customer_number, number, consistent_read=True)
    if not render_pdf:
        return invoice
    if invoice.pdf_stored_at is None and _claim(invoice, Invoice.pdf_claimed_at):
        from chalicelib.invoices.rendering import RenderFailed

        claimed = invoice.pdf_claimed_at
        try:
            store_pdf(invoice)
        except RenderFailed:
            _release(invoice, Invoice.pdf_claimed_at, claimed)
            raise
    if (
        send_mail
        and invoice.pdf_stored_at is not None
        and invoice.mailed_at is None
        and _claim(invoice, Invoice.mail_claimed_at)
    ):
        from chalicelib.invoices.mailing import mail_invoice

        mail_invoice(invoice)
    return invoice


def _claim(invoice: Invoice, lease: Any) -> bool:
    """Take the lease for rendering or mailing (False: a parallel call holds it, and does the work)."""
    from pynamodb.exceptions import UpdateError

    now = datetime.now(UTC)
    try:
        invoice.update(
            actions=[lease.set(now)],
            condition=lease.does_not_exist() | (lease < now - LEASE),
        )
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def _release(invoice: Invoice, lease: Any, claimed: datetime | None) -> None:
    """Give a lease back early (nothing was done): unless another call has taken it since."""
    from pynamodb.exceptions import UpdateError

    try:
        invoice.update(actions=[lease.remove()], condition=lease == claimed)
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise


# The PDF: made once, stored once


@cache
def _s3() -> Any:
    import boto3

    return boto3.client("s3", region_name=settings.aws_region)


def store_pdf(invoice: Invoice) -> None:
    """Render the PDF with its XML and put it into the invoice bucket, unless it is there already.

    A crash after the put leaves the object without `pdf_stored_at`; the re-run renders again, but the
    conditional put keeps the first object (the same invoice: amounts and buyer are stored on the item).
    """
    from botocore.exceptions import ClientError

    from chalicelib.invoices.rendering import render

    try:
        _s3().put_object(
            Bucket=settings.invoice_bucket,
            Key=invoice.s3_key,
            Body=render(invoice),
            ContentType="application/pdf",
            ServerSideEncryption="AES256",
            IfNoneMatch="*",  # never overwritten: a crashed call may have stored it already
        )
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "PreconditionFailed":
            raise
    invoice.update(actions=[Invoice.pdf_stored_at.set(datetime.now(UTC))])


def pdf_bytes(invoice: Invoice) -> bytes:
    """The stored PDF (never made again)."""
    body: bytes = _s3().get_object(Bucket=settings.invoice_bucket, Key=invoice.s3_key)["Body"].read()
    return body


def mark_mailed(invoice: Invoice) -> None:
    invoice.update(actions=[Invoice.mailed_at.set(datetime.now(UTC))])


# Reading


def get_invoice(*, customer_number: str, number: str) -> Invoice:
    """The customer's invoice; `InvoiceNotFound` also when the number is another customer's."""
    try:
        invoice = Invoice.get(customer_number, number)
    except Invoice.DoesNotExist:
        raise errors.InvoiceNotFound() from None
    if invoice.pdf_stored_at is None:
        raise errors.InvoiceNotFound()  # issued, PDF not yet stored: the re-run completes it
    return invoice


@dataclass(frozen=True)
class InvoicePage:
    invoices: list[Invoice]
    next_cursor: str | None  # the last number of this page, when more follow


def list_invoices(*, customer_number: str, year: int, cursor: str | None = None) -> InvoicePage:
    """The customer's invoices of `year`, newest first, a page at a time (one Query)."""
    last_key = {"customer_number": {"S": customer_number}, "number": {"S": cursor}} if cursor else None
    result = Invoice.query(
        customer_number,
        Invoice.number.startswith(f"{year}-"),
        scan_index_forward=False,
        limit=PAGE_SIZE,
        last_evaluated_key=last_key,
    )
    invoices = [invoice for invoice in result if invoice.pdf_stored_at is not None]
    following = result.last_evaluated_key
    return InvoicePage(invoices=invoices, next_cursor=following["number"]["S"] if following else None)


def _year_invoices(customer_number: str, year: int) -> Iterator[Invoice]:
    for invoice in Invoice.query(customer_number, Invoice.number.startswith(f"{year}-")):
        if invoice.pdf_stored_at is not None:
            yield invoice


def archive(*, customer_number: str, year: int) -> bytes:
    """All PDFs of the customer's `year` as one ZIP (stored, not compressed again: PDFs are compressed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive_file:
        for invoice in _year_invoices(customer_number, year):
            archive_file.writestr(file_name(invoice.number, invoice.kind), pdf_bytes(invoice))
    return buffer.getvalue()

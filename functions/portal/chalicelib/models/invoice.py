"""Invoices: one item per invoice, keyed by Kundennummer and invoice number ("2026-000123").

`Invoice` is written once, in the same TransactWrite as two `InvoiceRegister` items: the year's counter
(`year#2026`, `last_number` raised under the condition that it still holds the value read) and the
billing key of the run that issued it (`billing#100001#2026-12`, `attribute_not_exists`). So numbers
are gapless and never repeat, also when runs issue in parallel, and a billing key yields one invoice.
Only the bookkeeping of the PDF (stored, mailed) changes afterwards; amounts and buyer never do.

A Rechnungskorrektur (credit note) is an `Invoice` item too, with `kind = "rechnungskorrektur"`, negative
amounts, and `corrects`/`corrects_date`/`reason` naming the invoice it corrects; it takes its number from
the same yearly counter. The corrected invoice keeps what was corrected so far in `corrected_cents` (gross,
positive) and the corrections' numbers in `corrected_by`, written in the correction's TransactWrite under
the condition that `corrected_cents` is still the value read (invoices/corrections.py).
"""

from pynamodb.attributes import (
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.models import Model

from chalicelib.models.base import TableMeta
from chalicelib.settings import settings


class InvoiceLineItem(MapAttribute[str, object]):
    description = UnicodeAttribute()
    period_start = UnicodeAttribute()  # ISO date
    period_end = UnicodeAttribute()  # ISO date, inclusive
    net_cents = NumberAttribute()


class Buyer(MapAttribute[str, object]):
    """The buyer as on the issue date (the company name valid that day, after an Umfirmierung)."""

    name = UnicodeAttribute()  # company and legal form, or the person's name
    contact = UnicodeAttribute(default="")  # the person, when `name` is a company
    street = UnicodeAttribute(default="")
    postal_code = UnicodeAttribute(default="")
    city = UnicodeAttribute(default="")
    country = UnicodeAttribute(default="DE")
    vat_id = UnicodeAttribute(default="")


class Invoice(Model):
    class Meta(TableMeta):
        table_name = settings.table_name("invoices")

    customer_number = UnicodeAttribute(hash_key=True)
    number = UnicodeAttribute(range_key=True)  # "2026-000123"
    billing_key = UnicodeAttribute()  # the billing run's key, e.g. the period "2026-12"
    issue_date = UnicodeAttribute()  # ISO date, Europe/Berlin
    period_start = UnicodeAttribute()
    period_end = UnicodeAttribute()
    lines = ListAttribute(of=InvoiceLineItem)
    net_cents = NumberAttribute()
    vat_cents = NumberAttribute()
    gross_cents = NumberAttribute()
    vat_rate_percent = NumberAttribute(default=19)
    status = UnicodeAttribute(default="offen")  # "offen" | "bezahlt"
    due_date = UnicodeAttribute()  # = the SEPA debit date
    buyer = Buyer()  # type: ignore[no-untyped-call]
    mandate_reference = UnicodeAttribute(default="")
    iban_masked = UnicodeAttribute(default="")
    s3_key = UnicodeAttribute()
    pdf_stored_at = UTCDateTimeAttribute(null=True)  # set once the PDF is in the bucket
    mailed_at = UTCDateTimeAttribute(null=True)
    # Leases of the call rendering the PDF or sending the mail (parallel re-runs do neither twice; a
    # crashed call's lease ends after a few minutes, so the next re-run completes the work).
    pdf_claimed_at = UTCDateTimeAttribute(null=True)
    mail_claimed_at = UTCDateTimeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    # Rechnungskorrektur (credit note): kind, the corrected invoice and why; on an invoice, its corrections.
    kind = UnicodeAttribute(default="rechnung")  # "rechnung" | "rechnungskorrektur"
    corrects = UnicodeAttribute(null=True)  # the corrected invoice's number
    corrects_date = UnicodeAttribute(null=True)  # its issue date (ISO)
    reason = UnicodeAttribute(null=True)
    corrected_cents = NumberAttribute(null=True)  # gross corrected so far (positive), on the invoice
    corrected_by = ListAttribute(of=UnicodeAttribute, null=True)  # numbers of its corrections


class InvoiceRegister(Model):
    """Per-year number counters (`year#2026`), issued billing keys (`billing#<Kundennummer>#<key>`) and
    each customer's newest invoice (`latest#<Kundennummer>`, for the dashboard: read by key)."""

    class Meta(TableMeta):
        table_name = settings.table_name("invoice-register")

    key = UnicodeAttribute(hash_key=True)
    last_number = NumberAttribute(null=True)  # counters
    customer_number = UnicodeAttribute(null=True)  # billing keys
    invoice_number = UnicodeAttribute(null=True)  # billing keys
    # latest#…: the customer's newest invoice (not corrections), written in that invoice's TransactWrite
    issue_date = UnicodeAttribute(null=True)
    due_date = UnicodeAttribute(null=True)
    gross_cents = NumberAttribute(null=True)
    billing_key = UnicodeAttribute(null=True)

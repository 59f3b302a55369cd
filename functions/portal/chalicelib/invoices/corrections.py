"""Rechnungskorrektur: an issued invoice is never changed or rendered again; a correction document is.

`issue_correction` makes a Rechnungskorrektur of one invoice: the whole invoice (Storno: every line), chosen
lines, or a net amount, always with a reason, each as negative amounts. It goes through `issue_invoice`
with the billing key `correction#<invoice number>#<key>`, so it takes the next number of the same gapless
yearly sequence in the same TransactWrite as its item, its PDF is stored once and it is mailed like an
invoice. That TransactWrite also raises `corrected_cents` (gross corrected so far) on the corrected invoice
under the condition that it still holds the value read, and appends the new number to its `corrected_by`:
two corrections racing for one invoice cannot together exceed its gross (the loser's round reads the
raised value and is refused, or fits into what is left).
"""

import uuid
from dataclasses import dataclass
from datetime import date

from pynamodb.transactions import TransactWrite

from chalicelib import errors
from chalicelib.audit.events import AuditEvent
from chalicelib.invoices.service import (
    CORRECTION,
    Correction,
    InvoiceLine,
    get_invoice,
    issue_invoice,
    vat_cents,
)
from chalicelib.models import Invoice

MAX_REASON_LENGTH = 500
AMOUNT_LINE = "Korrektur des Rechnungsbetrags"


@dataclass(frozen=True)
class Remaining:
    """What of an invoice's gross is still open for corrections."""

    gross_cents: int
    corrected_cents: int

    @property
    def cents(self) -> int:
        return self.gross_cents - self.corrected_cents


def remaining(invoice: Invoice) -> Remaining:
    return Remaining(int(invoice.gross_cents), int(invoice.corrected_cents or 0))


def remaining_cents(*, customer_number: str, invoice_number: str) -> int:
    """What of the invoice's gross is still open for corrections (one consistent GetItem)."""
    return remaining(Invoice.get(customer_number, invoice_number, consistent_read=True)).cents


def numbers(invoice: Invoice) -> list[str]:
    """The numbers of the invoice's corrections, oldest first."""
    return [str(number) for number in invoice.corrected_by or []]


def correction_lines(
    invoice: Invoice, *, positions: list[int] | None = None, net_cents: int | None = None
) -> list[InvoiceLine]:
    """The negative lines: the chosen positions (1-based), one line for a net amount, or all (Storno)."""
    if positions and net_cents is not None:
        raise errors.ValidationError(
            {"lines": "Bitte wählen Sie entweder Positionen oder einen Nettobetrag, nicht beides."}
        )
    start, end = date.fromisoformat(invoice.period_start), date.fromisoformat(invoice.period_end)
    if net_cents is not None:
        if net_cents <= 0:
            raise errors.ValidationError({"net_cents": "Bitte geben Sie einen Nettobetrag über 0 Cent an."})
        return [InvoiceLine(AMOUNT_LINE, start, end, -net_cents)]
    items = list(invoice.lines)
    chosen = positions or list(range(1, len(items) + 1))
    wrong = [position for position in chosen if not 1 <= position <= len(items)]
    if wrong or len(set(chosen)) != len(chosen):
        raise errors.ValidationError(
            {
                "lines": f"Die Rechnung {invoice.number} hat die Positionen 1 bis {len(items)}; "
                "bitte nennen Sie jede höchstens einmal."
            }
        )
    return [
        InvoiceLine(
            f"Pos. {position}: {items[position - 1].description}",
            date.fromisoformat(items[position - 1].period_start),
            date.fromisoformat(items[position - 1].period_end),
            -int(items[position - 1].net_cents),
        )
        for position in sorted(chosen)
    ]


def _exceeds(invoice: Invoice, gross_cents: int) -> errors.CorrectionExceedsInvoice:
    from chalicelib.invoices.document import euro

    left = remaining(invoice)
    return errors.CorrectionExceedsInvoice(
        f"Die Korrektur über {euro(gross_cents)} brutto übersteigt den noch korrigierbaren Betrag der "
        f"Rechnung {invoice.number} von {euro(left.cents)} (Rechnungsbetrag {euro(left.gross_cents)}, "
        f"bereits korrigiert {euro(left.corrected_cents)})."
    )


def issue_correction(
    *,
    customer_number: str,
    invoice_number: str,
    reason: str,
    positions: list[int] | None = None,
    net_cents: int | None = None,
    key: str | None = None,
    issue_date: date | None = None,
    send_mail: bool = True,
    record_audit: bool = True,
) -> Invoice:
    """Issue a Rechnungskorrektur of the customer's invoice `invoice_number` and return it.

    `positions` (1-based) corrects those lines, `net_cents` (positive) that net amount, neither the whole
    invoice. `InvoiceNotFound` for an unknown or another customer's number, `CorrectionNotAllowed` for a
    correction, `CorrectionExceedsInvoice` when the corrections together would exceed the gross. `key`
    makes a retry return the same correction (default: a new one each call). `send_mail=False` and
    `record_audit=False` are for the demo data.
    """
    from chalicelib.customers.sepa import berlin_today

    reason = reason.strip()
    if not reason:
        raise errors.ValidationError({"reason": "Bitte geben Sie einen Grund für die Korrektur an."})
    if len(reason) > MAX_REASON_LENGTH:
        raise errors.ValidationError(
            {"reason": f"Der Grund darf höchstens {MAX_REASON_LENGTH} Zeichen haben."}
        )
    original = get_invoice(customer_number=customer_number, number=invoice_number)
    if original.kind == CORRECTION:
        raise errors.CorrectionNotAllowed()
    lines = correction_lines(original, positions=positions, net_cents=net_cents)
    net = sum(line.net_cents for line in lines)
    gross = -(net + vat_cents(net))  # positive: what the correction takes off the invoice
    if gross > remaining(original).cents:
        raise _exceeds(original, gross)

    def guard(tx: TransactWrite, correction: Invoice) -> None:
        current = Invoice.get(customer_number, invoice_number, consistent_read=True)
        done = remaining(current).corrected_cents
        if gross > remaining(current).cents:
            raise _exceeds(current, gross)
        unchanged = (
            Invoice.corrected_cents == done
            if current.corrected_cents is not None
            else Invoice.corrected_cents.does_not_exist()
        )
        tx.update(
            current,
            actions=[
                Invoice.corrected_cents.set(done + gross),
                Invoice.corrected_by.set([*numbers(current), correction.number]),  # type: ignore[list-item]
            ],
            condition=unchanged,
        )
        if record_audit:
            from chalicelib.audit.service import entry
            from chalicelib.invoices.document import euro

            tx.save(
                entry(
                    customer_number=customer_number,
                    event=AuditEvent.INVOICE_CORRECTED,
                    client=None,  # made by support: no staff address in the customer's log
                    detail=f"Rechnungskorrektur {correction.number} zu Rechnung {invoice_number} "
                    f"über {euro(correction.gross_cents)}",
                )
            )

    return issue_invoice(
        customer_number=customer_number,
        issue_date=issue_date or berlin_today(),
        lines=lines,
        billing_key=f"correction#{invoice_number}#{key or uuid.uuid4().hex}",
        correction=Correction(
            corrects=original.number, corrects_date=original.issue_date, reason=reason, in_transaction=guard
        ),
        send_mail=send_mail,
    )

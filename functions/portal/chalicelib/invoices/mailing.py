"""The invoice mail: SES raw mail with the PDF attached, to the login address and every verified further
address with the purpose "rechnungen" (one mail per address, so no address sees the others). A
Rechnungskorrektur goes the same way with its own subject and text."""

import logging
from email.message import EmailMessage
from email.utils import formataddr

from chalicelib.models import Customer, Invoice
from chalicelib.settings import settings

PURPOSE = "rechnungen"


def recipients(customer: Customer) -> list[str]:
    """The login address, then each verified further address for invoices (once each, in slot order)."""
    from chalicelib.contacts.service import list_contacts

    addresses = [customer.email]
    for entry in list_contacts(customer_number=customer.customer_number).emails:
        if entry.verified and PURPOSE in (entry.purposes or set()) and entry.value not in addresses:
            addresses.append(entry.value)
    return addresses


def _correction_text(invoice: Invoice, greeting: str) -> str:
    from chalicelib.invoices.document import euro, german

    refund = euro(-int(invoice.gross_cents))
    payment = (
        f"Den Betrag von {refund} überweisen wir am {german(invoice.due_date)} per SEPA-Überweisung auf Ihr "
        f"Konto {invoice.iban_masked}."
        if invoice.iban_masked
        else f"Den Betrag von {refund} überweisen wir Ihnen bis zum {german(invoice.due_date)}."
    )
    return (
        f"{greeting}\n\n"
        f"anbei erhalten Sie Ihre Rechnungskorrektur {invoice.number} vom {german(invoice.issue_date)} über "
        f"{euro(invoice.gross_cents)}. Sie korrigiert die Rechnung {invoice.corrects} vom "
        f"{german(invoice.corrects_date or invoice.issue_date)}.\n"
        f"Grund: {invoice.reason}\n"
        f"{payment}\n\n"
        "Die PDF-Datei enthält die elektronische Rechnungskorrektur (ZUGFeRD/Factur-X, EN 16931). Alle "
        f"Rechnungen und Rechnungskorrekturen finden Sie auch im Kundencenter: "
        f"{settings.site_origin}/kundencenter/rechnungen/\n\n"
        "Freundliche Grüße\nIhr unicorn 2 Kundenservice\n"
    )


def _text(invoice: Invoice, customer: Customer) -> str:
    from chalicelib.auth.service import greeting as greeting_of
    from chalicelib.invoices.document import euro, german, is_correction, period

    greeting = greeting_of(customer)  # the one Anrede of every mail: "Guten Tag Frau Mustermann,"
    if is_correction(invoice):
        return _correction_text(invoice, greeting)
    payment = (
        f"Wir ziehen den Betrag am {german(invoice.due_date)} per SEPA-Lastschrift "
        f"(Mandatsreferenz {invoice.mandate_reference}) von Ihrem Konto {invoice.iban_masked} ein."
        if invoice.mandate_reference
        else f"Bitte überweisen Sie den Betrag bis zum {german(invoice.due_date)}."
    )
    return (
        f"{greeting}\n\n"
        f"anbei erhalten Sie Ihre Rechnung {invoice.number} vom {german(invoice.issue_date)} über "
        f"{euro(invoice.gross_cents)} für den Zeitraum {period(invoice.period_start, invoice.period_end)}.\n"
        f"{payment}\n\n"
        "Die PDF-Datei enthält die elektronische Rechnung (ZUGFeRD/Factur-X, EN 16931). Alle Rechnungen "
        f"finden Sie auch im Kundencenter: {settings.site_origin}/kundencenter/rechnungen/\n\n"
        "Freundliche Grüße\nIhr unicorn 2 Kundenservice\n"
    )


def build_message(*, invoice: Invoice, customer: Customer, to: str, pdf: bytes) -> EmailMessage:
    from chalicelib.invoices.document import is_correction
    from chalicelib.invoices.service import file_name

    message = EmailMessage()
    message["Subject"] = (
        f"Ihre Rechnungskorrektur {invoice.number} zu Rechnung {invoice.corrects}"
        if is_correction(invoice)
        else f"Ihre Rechnung {invoice.number}"
    )
    message["From"] = settings.mail_from
    message["To"] = formataddr(("", to))
    message.set_content(_text(invoice, customer))
    message.add_attachment(
        pdf, maintype="application", subtype="pdf", filename=file_name(invoice.number, invoice.kind)
    )
    return message


def mail_invoice(invoice: Invoice) -> bool:
    """Mail the stored PDF to every recipient; record it on the invoice once SES took them all."""
    from botocore.exceptions import ClientError

    from chalicelib import faults, logs
    from chalicelib.invoices.service import mark_mailed, pdf_bytes
    from chalicelib.mail import _ses

    customer = Customer.get(invoice.customer_number)
    pdf = pdf_bytes(invoice)
    sent_all = True
    for address in recipients(customer):
        message = build_message(invoice=invoice, customer=customer, to=address, pdf=pdf)
        try:
            _ses().send_raw_email(
                Source=settings.mail_from, Destinations=[address], RawMessage={"Data": message.as_bytes()}
            )
        except Exception as exc:
            fault = faults.transient_fault(exc)
            if fault is None and not isinstance(exc, ClientError):
                raise
            logs.event(
                "mail_not_sent",
                level=logging.ERROR,
                subject=message["Subject"],
                fault=faults.describe(fault or exc),
            )
            sent_all = False
    if sent_all:
        mark_mailed(invoice)
    return sent_all

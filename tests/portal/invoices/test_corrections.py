"""Rechnungskorrektur: numbered with the invoices, negative amounts, never more than the invoice's gross
(also when two race), its PDF with the EN 16931 credit note (381) inside, mailed like an invoice."""

import io
import threading
from datetime import date

import pytest

from tests.portal.invoices.conftest import issue, raw_mails
from tests.portal.invoices.test_document import pdf_text, stored_pdf

REASON = "Kulanz: Ausfall am 12.11.2026"


def correct(number: str, customer_number: str = "100001", **kwargs):
    from chalicelib.invoices.corrections import issue_correction

    return issue_correction(
        customer_number=customer_number,
        invoice_number=number,
        reason=kwargs.pop("reason", REASON),
        issue_date=kwargs.pop("issue_date", date(2026, 12, 2)),
        **kwargs,
    )


def test_corrections_take_numbers_from_the_invoices_sequence_with_negative_amounts(billing):
    from chalicelib.models import Invoice

    november = issue(month=11)
    storno = correct(november.number)
    december = issue(month=12)
    partial = correct(december.number, net_cents=1000)
    assert [november.number, storno.number, december.number, partial.number] == [
        "2026-000001",
        "2026-000002",
        "2026-000003",
        "2026-000004",
    ]
    # Storno: every line negated, exactly the invoice's amounts (VAT rounded away from zero).
    assert (storno.net_cents, storno.vat_cents, storno.gross_cents) == (-4350, -827, -5177)
    assert [(line.description, int(line.net_cents)) for line in storno.lines] == [
        ("Pos. 1: Single-Lizenz", -2900),
        ("Pos. 2: Premium Service – Zusatzoption", -1450),
    ]
    assert (storno.kind, storno.corrects, storno.corrects_date, storno.reason) == (
        "rechnungskorrektur",
        "2026-000001",
        "2026-11-01",
        REASON,
    )
    assert (partial.net_cents, partial.vat_cents, partial.gross_cents) == (-1000, -190, -1190)
    stored = Invoice.get("100001", "2026-000003")
    assert (stored.corrected_cents, stored.corrected_by) == (1190, ["2026-000004"])
    assert stored.gross_cents == 5177  # the invoice itself never changes


def test_the_corrections_of_an_invoice_never_exceed_its_gross(billing):
    from chalicelib import errors
    from chalicelib.models import Invoice

    invoice = issue()
    assert correct(invoice.number, positions=[2]).gross_cents == -1726  # 14,50 € + 2,76 € VAT
    assert correct(invoice.number, net_cents=1000).gross_cents == -1190
    with pytest.raises(errors.CorrectionExceedsInvoice) as refused:
        correct(invoice.number)  # a Storno of all 51,77 € after 29,16 € were corrected
    assert "noch korrigierbaren Betrag der Rechnung 2026-000001 von 22,61 €" in str(refused.value)
    assert [item.number for item in Invoice.query("100001")] == ["2026-000001", "2026-000002", "2026-000003"]
    last = correct(invoice.number, net_cents=1900)  # 22,61 € gross exactly: 19,00 € + 3,61 €
    assert last.gross_cents == -2261
    assert Invoice.get("100001", invoice.number).corrected_cents == 5177
    with pytest.raises(errors.CorrectionExceedsInvoice):
        correct(invoice.number, net_cents=1)
    assert issue(month=1, year=2027, key="next").number == "2027-000001"
    assert issue(month=12, key="again").number == "2026-000005"  # no number was lost to a refusal


def test_two_corrections_racing_for_one_invoice_never_exceed_it_together(billing):
    from chalicelib import errors
    from chalicelib.models import Invoice

    invoice = issue()  # 51,77 € gross; each correction takes 23,80 €: two fit, not three
    racers = 4
    made: list[str] = []
    refused: list[BaseException] = []
    failures: list[BaseException] = []
    start = threading.Barrier(racers)

    def race() -> None:
        try:
            start.wait()
            made.append(correct(invoice.number, net_cents=2000).number)
        except errors.CorrectionExceedsInvoice as error:
            refused.append(error)
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=race) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert (len(made), len(refused)) == (2, 2)
    assert sorted(made) == ["2026-000002", "2026-000003"]
    stored = Invoice.get("100001", invoice.number)
    assert stored.corrected_cents == 2 * 2380
    assert sorted(stored.corrected_by) == sorted(made)


def test_a_retry_with_the_same_key_completes_the_same_correction(billing, monkeypatch):
    from chalicelib.invoices import service
    from chalicelib.models import Invoice

    invoice = issue()

    def crash(document):
        raise RuntimeError("Lambda timed out")

    monkeypatch.setattr(service, "store_pdf", crash)
    with pytest.raises(RuntimeError):
        correct(invoice.number, net_cents=500, key="ticket-4711")
    monkeypatch.undo()
    Invoice.get("100001", "2026-000002").update(actions=[Invoice.pdf_claimed_at.remove()])  # lease ended
    again = correct(invoice.number, net_cents=500, key="ticket-4711")
    assert again.number == "2026-000002"
    assert again.pdf_stored_at is not None
    assert Invoice.get("100001", invoice.number).corrected_cents == 595  # counted once


def test_wrong_requests_store_nothing(billing):
    from chalicelib import errors
    from chalicelib.models import Invoice

    invoice = issue()
    with pytest.raises(errors.InvoiceNotFound):
        correct("2026-000099")
    with pytest.raises(errors.InvoiceNotFound):
        correct(invoice.number, customer_number="100002")  # another customer's invoice
    with pytest.raises(errors.ValidationError) as wrong_line:
        correct(invoice.number, positions=[3])
    assert "Positionen 1 bis 2" in wrong_line.value.fields["lines"]
    with pytest.raises(errors.ValidationError):
        correct(invoice.number, reason="  ")
    storno = correct(invoice.number, net_cents=100)
    with pytest.raises(errors.CorrectionNotAllowed):
        correct(storno.number)
    assert [item.number for item in Invoice.query("100001")] == ["2026-000001", "2026-000002"]


def test_the_pdf_says_what_it_corrects_with_negative_amounts(billing):
    import boto3

    from chalicelib.settings import settings

    invoice = issue(month=11)
    storno = correct(invoice.number, issue_date=date(2026, 12, 1))
    text = pdf_text(stored_pdf(storno))
    assert "Rechnungskorrektur 2026-000002" in text
    assert "Gutschrift" not in text
    assert "korrigiert Rechnung 2026-000001 vom 01.11.2026" in text
    assert f"Grund: {REASON}" in text
    assert "Pos. 1: Single-Lizenz" in text
    assert "-29,00 €" in text
    assert "Summe netto -43,50 €" in text
    assert "Umsatzsteuer 19 % -8,27 €" in text
    assert "Korrekturbetrag -51,77 €" in text
    assert "Wir erstatten Ihnen 51,77 € am 15.12.2026 per SEPA-Überweisung" in text
    head = boto3.client("s3", region_name=settings.aws_region).head_object(
        Bucket=settings.invoice_bucket, Key="100001/2026/Rechnungskorrektur-2026-000002.pdf"
    )
    assert head["ServerSideEncryption"] == "AES256"


def test_the_embedded_credit_note_validates_against_the_en16931_schema(billing):
    from facturx import get_facturx_xml_from_pdf, get_level, xml_check_xsd
    from lxml import etree

    invoice = issue(month=11)
    correction = correct(invoice.number, positions=[1])
    name, xml = get_facturx_xml_from_pdf(stored_pdf(correction), check_xsd=False)
    assert name == "factur-x.xml"
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931") is True
    tree = etree.fromstring(xml)
    assert get_level(tree) == "en16931"
    ns = {
        "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
        "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
        "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    }
    assert tree.findtext("rsm:ExchangedDocument/ram:TypeCode", namespaces=ns) == "381"
    assert tree.findtext("rsm:ExchangedDocument/ram:ID", namespaces=ns) == "2026-000002"
    referenced = tree.find(".//ram:InvoiceReferencedDocument", namespaces=ns)
    assert referenced.findtext("ram:IssuerAssignedID", namespaces=ns) == "2026-000001"
    assert referenced.findtext("ram:FormattedIssueDateTime/qdt:DateTimeString", namespaces=ns) == "20261101"
    # A credit note's amounts are positive: the type code says they are credited. 29,00 € + 5,51 € VAT.
    assert tree.findtext(".//ram:GrandTotalAmount", namespaces=ns) == "34.51"
    assert tree.findtext(".//ram:TaxTotalAmount", namespaces=ns) == "5.51"


def test_it_is_mailed_like_an_invoice_and_recorded_for_the_customer(billing):
    from chalicelib.audit.events import AuditEvent, label
    from chalicelib.invoices.service import pdf_bytes
    from chalicelib.models import AuditEntry

    invoice = issue(month=11)
    correction = correct(invoice.number, net_cents=1000)
    mail = raw_mails()[-1]
    assert mail["To"] == "demo@example.com"
    assert mail["Subject"] == "Ihre Rechnungskorrektur 2026-000002 zu Rechnung 2026-000001"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Rechnungskorrektur 2026-000002 vom 02.12.2026 über -11,90 €" in text
    assert "korrigiert die Rechnung 2026-000001 vom 01.11.2026" in text
    assert f"Grund: {REASON}" in text
    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_filename() == "Rechnungskorrektur-2026-000002.pdf"
    assert attachment.get_content() == pdf_bytes(correction)
    [entry] = [e for e in AuditEntry.query("100001") if e.event == AuditEvent.INVOICE_CORRECTED]
    assert label(entry.event) == "Rechnungskorrektur ausgestellt"
    assert entry.detail == "Rechnungskorrektur 2026-000002 zu Rechnung 2026-000001 über -11,90 €"
    assert entry.ip_address == ""  # made by support: no staff address in the customer's log


def test_the_pdf_is_titled_rechnungskorrektur(billing):
    from pypdf import PdfReader

    invoice = issue()
    correction = correct(invoice.number)
    assert PdfReader(io.BytesIO(stored_pdf(correction))).metadata.title == "Rechnungskorrektur 2026-000002"

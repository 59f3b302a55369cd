"""The stored PDF: the buyer's name valid on the issue date, "€" and "–" (embedded font), EN 16931 XML inside."""

import io

from tests.portal.invoices.conftest import issue


def stored_pdf(invoice) -> bytes:
    from chalicelib.invoices.service import pdf_bytes

    return pdf_bytes(invoice)


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())  # line breaks of the wrapped paragraphs as spaces


def rename_on_1_january_2027() -> None:
    from chalicelib.models import Customer
    from chalicelib.models.customer import CompanyName

    customer = Customer.get("100001")
    former = CompanyName(company="Muster Handel", legal_form="e.K.", valid_from="2020-01-01")
    customer.update(
        actions=[Customer.former_names.set([former]), Customer.company_valid_from.set("2027-01-01")],
        add_version_condition=False,
    )


def test_the_pdf_names_the_buyer_as_on_the_issue_date_with_euro_and_dash(billing):
    rename_on_1_january_2027()
    december = pdf_text(stored_pdf(issue(month=12)))
    january = pdf_text(stored_pdf(issue(month=1, year=2027)))
    assert "Muster Handel e.K." in december
    assert "Muster Handels GmbH" not in december
    assert "Muster Handels GmbH" in january
    assert "Rechnung 2026-000001" in december
    assert "51,77 €" in december
    assert "01.12.2026 – 31.12.2026" in december
    # The SEPA pre-notification: mandate reference, creditor ID, debit date, masked IBAN only.
    assert "KC-100001-0001" in december
    assert "DE98ZZZ09999999999" in december
    assert "DE89 **** **** **** **30 00" in december
    assert "0532013000" not in december.replace(" ", "")
    assert "15.12.2026" in december  # due: the first TARGET2 business day 14 days after 1 December


def test_the_pdf_embeds_the_dejavu_font(billing):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(stored_pdf(issue())))
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/BaseFont" in font.get_object()
    }
    assert any("DejaVuSans" in name for name in fonts), fonts


def test_the_embedded_xml_validates_against_the_en16931_schema(billing):
    from facturx import get_facturx_xml_from_pdf, get_level, xml_check_xsd
    from lxml import etree

    name, xml = get_facturx_xml_from_pdf(stored_pdf(issue()), check_xsd=False)
    assert name == "factur-x.xml"
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931") is True
    tree = etree.fromstring(xml)
    assert get_level(tree) == "en16931"
    ns = {"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}
    assert tree.findtext(".//ram:GrandTotalAmount", namespaces=ns) == "51.77"
    assert tree.findtext(".//ram:DirectDebitMandateID", namespaces=ns) == "KC-100001-0001"
    assert tree.findtext(".//ram:BuyerTradeParty/ram:Name", namespaces=ns) == "Muster Handels GmbH"


def test_the_pdf_is_stored_once_with_sse_and_never_made_again(billing):
    import boto3

    from chalicelib.invoices import service
    from chalicelib.settings import settings

    invoice = issue()
    s3 = boto3.client("s3", region_name=settings.aws_region)
    head = s3.head_object(Bucket=settings.invoice_bucket, Key="100001/2026/Rechnung-2026-000001.pdf")
    assert head["ServerSideEncryption"] == "AES256"
    assert head["ContentType"] == "application/pdf"
    first = stored_pdf(invoice)
    service.store_pdf(invoice)  # a re-run after a crash between put and bookkeeping
    assert stored_pdf(invoice) == first

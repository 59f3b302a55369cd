"""The invoice document: a PDF (fpdf2, DejaVu Sans embedded) with its Factur-X EN 16931 XML inside (PDF/A-3).

fpdf2's core fonts are Latin-1 only ("€" and "–" are not in it), so the PDF embeds DejaVu Sans from
`fonts/` (from Debian's fonts-dejavu-core 2.37, subset to the characters invoices use: `fonts/README.md`;
Chalice ships `chalicelib/` as it is). fpdf2, fontTools, factur-x, lxml and pypdf load here, on the first invoice.
The XML is built with the standard library (UN/CEFACT CII D16B, the EN 16931 profile of Factur-X
1.0 / ZUGFeRD 2) and checked against the schema that factur-x ships while it is embedded.
"""

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from chalicelib.models import Invoice

FONTS = Path(__file__).parent / "fonts"

# The seller. The creditor identifier is an example (the Bundesbank's test range "ZZZ09999999999").
SELLER = {
    "name": "unicorn 2 Software GmbH",
    "street": "Musterstraße 1",
    "postal_code": "10115",
    "city": "Berlin",
    "country": "DE",
    "vat_id": "DE123456789",
    "register": "Amtsgericht Berlin-Charlottenburg, HRB 000000 (Beispiel)",
    "email": "buchhaltung@unicorn.example",
}
CREDITOR_ID = "DE98ZZZ09999999999"  # example creditor identifier: replace with the real one before going live


def euro(amount: float) -> str:
    """12345 (cents) → "123,45 €" (German format, thousands with a dot)."""
    cents = int(amount)  # NumberAttribute reads as float; the stored values are whole cents
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole:,}".replace(",", ".") + f",{rest:02d} €"


def german(day: str | date) -> str:
    value = date.fromisoformat(day) if isinstance(day, str) else day
    return value.strftime("%d.%m.%Y")


def period(start: str, end: str) -> str:
    return f"{german(start)} – {german(end)}"


def is_correction(invoice: Invoice) -> bool:
    return invoice.kind == "rechnungskorrektur"


def title(invoice: Invoice) -> str:
    """ "Rechnung 2026-000123" or "Rechnungskorrektur 2026-000124" (never "Gutschrift": in German VAT
    law that is a self-billed invoice issued by the recipient)."""
    return f"{'Rechnungskorrektur' if is_correction(invoice) else 'Rechnung'} {invoice.number}"


def render_invoice(invoice: Invoice) -> bytes:
    """The Factur-X PDF of an invoice or a Rechnungskorrektur (PDF/A-3 with the EN 16931 XML as
    factur-x.xml)."""
    from facturx import generate_from_binary

    pdf = render_pdf(invoice)
    xml = build_xml(invoice)
    result: bytes = generate_from_binary(
        pdf,
        xml,
        flavor="factur-x",
        level="en16931",
        check_xsd=True,
        lang="de-DE",
        pdf_metadata={
            "author": SELLER["name"],
            "keywords": "Factur-X, ZUGFeRD, "
            + ("Rechnungskorrektur" if is_correction(invoice) else "Rechnung"),
            "title": title(invoice),
            "subject": f"{title(invoice)} von {SELLER['name']}",
        },
    )
    return result


def render_pdf(invoice: Invoice) -> bytes:
    """The human-readable invoice (German, A4)."""
    from fpdf import FPDF

    correction = is_correction(invoice)
    pdf = FPDF(format="A4")
    pdf.set_title(title(invoice))
    pdf.set_author(SELLER["name"])
    pdf.set_lang("de-DE")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_page()
    width = pdf.epw

    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(width, 7, SELLER["name"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 8)
    pdf.cell(
        width,
        4,
        f"{SELLER['name']} · {SELLER['street']} · {SELLER['postal_code']} {SELLER['city']}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)

    buyer = invoice.buyer
    pdf.set_font("DejaVu", "", 10)
    address = [buyer.name, buyer.contact, buyer.street, f"{buyer.postal_code} {buyer.city}".strip()]
    if buyer.country != "DE":
        address.append(buyer.country)
    for address_line in address:
        if address_line:
            pdf.cell(width, 5, address_line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)

    pdf.set_font("DejaVu", "B", 13)
    pdf.cell(width, 8, title(invoice), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    if correction:
        pdf.cell(
            width,
            6,
            f"korrigiert Rechnung {invoice.corrects} vom {german(invoice.corrects_date)}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.multi_cell(width, 5, f"Grund: {invoice.reason}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    facts = [
        ("Korrekturdatum" if correction else "Rechnungsdatum", german(invoice.issue_date)),
        ("Kundennummer", invoice.customer_number),
        ("Leistungszeitraum", period(invoice.period_start, invoice.period_end)),
        ("Ihre USt-IdNr.", buyer.vat_id or "–"),
        ("Unsere USt-IdNr.", SELLER["vat_id"]),
    ]
    for label, value in facts:
        pdf.cell(45, 5, label)
        pdf.cell(width - 45, 5, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)

    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(8, 6, "Pos.", border="B")
    pdf.cell(width - 8 - 55 - 30, 6, "Beschreibung", border="B")
    pdf.cell(55, 6, "Zeitraum", border="B")
    pdf.cell(30, 6, "Netto", border="B", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    for position, line in enumerate(invoice.lines, start=1):
        pdf.cell(8, 6, str(position))
        pdf.cell(width - 8 - 55 - 30, 6, line.description)
        pdf.cell(55, 6, period(line.period_start, line.period_end))
        pdf.cell(30, 6, euro(int(line.net_cents)), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    totals = [
        ("Summe netto", euro(invoice.net_cents)),
        (f"Umsatzsteuer {invoice.vat_rate_percent} %", euro(invoice.vat_cents)),
    ]
    for label, value in totals:
        pdf.cell(width - 30, 6, label, align="R")
        pdf.cell(30, 6, value, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(width - 30, 7, "Korrekturbetrag" if correction else "Rechnungsbetrag", align="R", border="T")
    pdf.cell(30, 7, euro(invoice.gross_cents), align="R", border="T", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)

    pdf.set_font("DejaVu", "", 10)
    if correction:
        refund = euro(-int(invoice.gross_cents))
        text = (
            f"Wir erstatten Ihnen {refund} am {german(invoice.due_date)} per SEPA-Überweisung auf Ihr Konto "
            f"{invoice.iban_masked}."
            if invoice.iban_masked
            else f"Wir erstatten Ihnen {refund} bis zum {german(invoice.due_date)} per Überweisung."
        )
    elif invoice.mandate_reference:
        text = (
            f"Fällig am {german(invoice.due_date)}. Wir ziehen den Rechnungsbetrag von "
            f"{euro(invoice.gross_cents)} am {german(invoice.due_date)} per SEPA-Lastschrift von Ihrem Konto "
            f"{invoice.iban_masked} ein (Mandatsreferenz {invoice.mandate_reference}, "
            f"Gläubiger-Identifikationsnummer {CREDITOR_ID}). Bitte sorgen Sie für ausreichende Deckung."
        )
    else:
        text = f"Bitte überweisen Sie den Rechnungsbetrag bis zum {german(invoice.due_date)}."
    pdf.multi_cell(width, 5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(
        width,
        4,
        f"Diese {'Rechnungskorrektur' if correction else 'Rechnung'} enthält eine elektronische "
        f"{'Rechnungskorrektur' if correction else 'Rechnung'} nach EN 16931 (ZUGFeRD/Factur-X) als "
        "eingebettete Datei factur-x.xml.",
        new_x="LMARGIN",
        new_y="NEXT",
    )

    pdf.set_y(-22)
    pdf.set_font("DejaVu", "", 7)
    footer = (
        f"{SELLER['name']} · {SELLER['street']} · {SELLER['postal_code']} {SELLER['city']} · "
        f"{SELLER['register']} · USt-IdNr. {SELLER['vat_id']} · {SELLER['email']}"
    )
    pdf.multi_cell(width, 3.5, footer, align="C")
    return bytes(pdf.output())


# Factur-X / ZUGFeRD EN 16931 (CII)

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _add(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, _q(name), attributes)
    if text is not None:
        element.text = text
    return element


def _amount(amount: float) -> str:
    cents = int(amount)
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole}.{rest:02d}"


def _date(parent: ET.Element, name: str, day: str) -> None:
    _add(_add(parent, name), "udt:DateTimeString", day.replace("-", ""), format="102")


def _party(parent: ET.Element, name: str, party: dict[str, str]) -> None:
    element = _add(parent, name)
    _add(element, "ram:Name", party["name"])
    address = _add(element, "ram:PostalTradeAddress")
    if party.get("postal_code"):
        _add(address, "ram:PostcodeCode", party["postal_code"])
    if party.get("street"):
        _add(address, "ram:LineOne", party["street"])
    if party.get("city"):
        _add(address, "ram:CityName", party["city"])
    _add(address, "ram:CountryID", party.get("country") or "DE")
    if party.get("vat_id"):
        _add(_add(element, "ram:SpecifiedTaxRegistration"), "ram:ID", party["vat_id"], schemeID="VA")


def build_xml(invoice: Invoice) -> bytes:
    """The invoice as Factur-X EN 16931 CII XML (UTF-8).

    A Rechnungskorrektur is a credit note: TypeCode 381, the corrected invoice as the preceding invoice
    reference (BT-25/BT-26), and its amounts positive, as EN 16931 wants them for a credit note (the type
    code carries the sign; the PDF shows them negative). The refund is a SEPA credit transfer (58).
    """
    correction = is_correction(invoice)
    sign = -1 if correction else 1
    root = ET.Element(_q("rsm:CrossIndustryInvoice"))
    context = _add(root, "rsm:ExchangedDocumentContext")
    _add(_add(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", "urn:cen.eu:en16931:2017")
    document = _add(root, "rsm:ExchangedDocument")
    _add(document, "ram:ID", invoice.number)
    _add(document, "ram:TypeCode", "381" if correction else "380")
    _date(document, "ram:IssueDateTime", invoice.issue_date)

    trade = _add(root, "rsm:SupplyChainTradeTransaction")
    rate = str(invoice.vat_rate_percent)
    for position, line in enumerate(invoice.lines, start=1):
        item = _add(trade, "ram:IncludedSupplyChainTradeLineItem")
        _add(_add(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", str(position))
        _add(_add(item, "ram:SpecifiedTradeProduct"), "ram:Name", line.description)
        price = _add(_add(item, "ram:SpecifiedLineTradeAgreement"), "ram:NetPriceProductTradePrice")
        _add(price, "ram:ChargeAmount", _amount(sign * int(line.net_cents)))
        _add(_add(item, "ram:SpecifiedLineTradeDelivery"), "ram:BilledQuantity", "1", unitCode="C62")
        settlement = _add(item, "ram:SpecifiedLineTradeSettlement")
        tax = _add(settlement, "ram:ApplicableTradeTax")
        _add(tax, "ram:TypeCode", "VAT")
        _add(tax, "ram:CategoryCode", "S")
        _add(tax, "ram:RateApplicablePercent", rate)
        billing = _add(settlement, "ram:BillingSpecifiedPeriod")
        _date(billing, "ram:StartDateTime", line.period_start)
        _date(billing, "ram:EndDateTime", line.period_end)
        summation = _add(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
        _add(summation, "ram:LineTotalAmount", _amount(sign * int(line.net_cents)))

    agreement = _add(trade, "ram:ApplicableHeaderTradeAgreement")
    _add(agreement, "ram:BuyerReference", invoice.customer_number)
    _party(agreement, "ram:SellerTradeParty", SELLER)
    buyer = invoice.buyer
    _party(
        agreement,
        "ram:BuyerTradeParty",
        {
            "name": buyer.name,
            "street": buyer.street,
            "postal_code": buyer.postal_code,
            "city": buyer.city,
            "country": buyer.country,
            "vat_id": buyer.vat_id,
        },
    )
    _add(trade, "ram:ApplicableHeaderTradeDelivery")

    settlement = _add(trade, "ram:ApplicableHeaderTradeSettlement")
    debit = bool(invoice.mandate_reference) and not correction
    if debit:
        _add(settlement, "ram:CreditorReferenceID", CREDITOR_ID)
    _add(settlement, "ram:PaymentReference", invoice.number)
    _add(settlement, "ram:InvoiceCurrencyCode", "EUR")
    means = _add(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
    if debit:
        _add(means, "ram:TypeCode", "59")  # SEPA direct debit
        _add(_add(means, "ram:PayerPartyDebtorFinancialAccount"), "ram:IBANID", invoice.iban_masked)
    else:
        _add(means, "ram:TypeCode", "58")  # SEPA credit transfer (a correction: the refund)
        if correction and invoice.iban_masked:
            _add(_add(means, "ram:PayeePartyCreditorFinancialAccount"), "ram:IBANID", invoice.iban_masked)
    net, vat, gross = (
        sign * int(invoice.net_cents),
        sign * int(invoice.vat_cents),
        sign * int(invoice.gross_cents),
    )
    tax = _add(settlement, "ram:ApplicableTradeTax")
    _add(tax, "ram:CalculatedAmount", _amount(vat))
    _add(tax, "ram:TypeCode", "VAT")
    _add(tax, "ram:BasisAmount", _amount(net))
    _add(tax, "ram:CategoryCode", "S")
    _add(tax, "ram:RateApplicablePercent", rate)
    billing = _add(settlement, "ram:BillingSpecifiedPeriod")
    _date(billing, "ram:StartDateTime", invoice.period_start)
    _date(billing, "ram:EndDateTime", invoice.period_end)
    terms = _add(settlement, "ram:SpecifiedTradePaymentTerms")
    if correction:
        _add(terms, "ram:Description", f"Erstattung per SEPA-Überweisung am {german(invoice.due_date)}")
    elif debit:
        _add(terms, "ram:Description", f"SEPA-Lastschrift am {german(invoice.due_date)}")
    _date(terms, "ram:DueDateDateTime", invoice.due_date)
    if debit:
        _add(terms, "ram:DirectDebitMandateID", invoice.mandate_reference)
    summation = _add(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _add(summation, "ram:LineTotalAmount", _amount(net))
    _add(summation, "ram:TaxBasisTotalAmount", _amount(net))
    _add(summation, "ram:TaxTotalAmount", _amount(vat), currencyID="EUR")
    _add(summation, "ram:GrandTotalAmount", _amount(gross))
    _add(summation, "ram:DuePayableAmount", _amount(gross))
    if correction and invoice.corrects:
        referenced = _add(settlement, "ram:InvoiceReferencedDocument")  # BT-25, BT-26
        _add(referenced, "ram:IssuerAssignedID", invoice.corrects)
        _add(
            _add(referenced, "ram:FormattedIssueDateTime"),
            "qdt:DateTimeString",
            (invoice.corrects_date or invoice.issue_date).replace("-", ""),
            format="102",
        )
    xml: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return xml

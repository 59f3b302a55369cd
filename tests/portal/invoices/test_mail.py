"""The invoice mail: PDF attached, to the login address and every verified further address for invoices."""

from tests.portal.invoices.conftest import issue, raw_mails


def test_the_mail_goes_to_the_login_and_verified_invoice_addresses_with_the_pdf(billing):
    from chalicelib.invoices.service import pdf_bytes
    from tests.portal.contacts.conftest import add_email, add_verified_email

    erika = billing.another_browser()
    erika.login("100001")
    anonymous = billing.another_browser()
    add_verified_email(erika, anonymous, "buchhaltung@muster-handels.example", purposes=("rechnungen",))
    add_verified_email(erika, anonymous, "technik@muster-handels.example", purposes=("technik",))
    add_email(erika, "unbestaetigt@muster-handels.example", purposes=("rechnungen",))

    invoice = issue()
    mails = raw_mails()
    assert [mail["To"] for mail in mails] == ["demo@example.com", "buchhaltung@muster-handels.example"]
    for mail in mails:
        assert mail["Subject"] == "Ihre Rechnung 2026-000001"
        text = mail.get_body(preferencelist=("plain",)).get_content()
        assert "Rechnung 2026-000001 vom 01.12.2026 über 51,77 €" in text
        assert "Mandatsreferenz KC-100001-0001" in text
        (attachment,) = list(mail.iter_attachments())
        assert attachment.get_filename() == "Rechnung-2026-000001.pdf"
        assert attachment.get_content_type() == "application/pdf"
        assert attachment.get_content() == pdf_bytes(invoice)

"""Persönliche Daten: profile, address, login address, bank account (SEPA), Umfirmierung, data export."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib import export, web
from chalicelib.principals import SignedIn

if TYPE_CHECKING:
    from chalicelib.customers import schemas
    from chalicelib.models import Customer
    from chalicelib.models.customer import CompanyName

bp = Blueprint(__name__)

EMAIL_CHANGE_REQUESTED = (
    "Wir haben Ihnen eine E-Mail an die neue Adresse geschickt. Bitte bestätigen Sie die Änderung "
    "innerhalb von 24 Stunden über den Link darin; bis dahin melden Sie sich mit Ihrer bisherigen "
    "Adresse an. Bitte sehen Sie auch im Spam-Ordner nach."
)
EMAIL_CHANGED = "Ihre neue E-Mail-Adresse ist bestätigt. Sie melden sich ab sofort damit an."


def _customer() -> Customer:
    """The signed-in customer (loaded with the session), with a rename applied once its day has come."""
    from chalicelib.customers import service

    return service.apply_due_rename(web.current(SignedIn).customer)


def _pending(rename: CompanyName) -> schemas.PendingRename:
    from chalicelib.customers import schemas

    return schemas.PendingRename(
        company=rename.company,
        legal_form=rename.legal_form,
        effective_date=rename.valid_from,
        register_court=rename.register_court or None,
        register_number=rename.register_number or None,
        vat_id=rename.vat_id or None,
    )


def _profile(customer: Customer) -> schemas.CustomerProfile:
    from chalicelib.customers import schemas, service
    from chalicelib.validators import mask_iban

    bank = None
    if customer.bank is not None:
        dates = service.debit_dates()
        bank = schemas.BankOut(
            account_holder=customer.bank.account_holder,
            iban_masked=mask_iban(customer.bank.iban),
            bic=customer.bank.bic,
            bank_name=customer.bank.bank_name,
            mandate_reference=customer.bank.mandate_reference,
            next_debit_date=dates.next_debit_date.isoformat(),
            change_deadline=dates.change_deadline.isoformat(),
        )
    return schemas.CustomerProfile(
        customer_number=customer.customer_number,
        company=customer.company,
        legal_form=customer.legal_form,
        vat_id=customer.vat_id,
        salutation=customer.salutation,
        first_name=customer.first_name,
        last_name=customer.last_name,
        street=customer.street,
        postal_code=customer.postal_code,
        city=customer.city,
        country=customer.country,
        phone=customer.phone,
        email=customer.email,
        version=customer.version,
        bank=bank,
        pending_rename=_pending(customer.pending_rename) if customer.pending_rename else None,
    )


@web.route(bp, "/api/customer", "GET", access="customer", response="CustomerProfile")
def get_customer() -> schemas.CustomerProfile:
    """Persönliche Daten: Kundennummer, company, address, login address, bank account (masked), rename."""
    return _profile(_customer())


@web.route(
    bp, "/api/customer/address", "PUT", access="customer", body="AddressBody", response="CustomerProfile"
)
def change_address(body: schemas.AddressBody) -> schemas.CustomerProfile:
    """Change name, address and phone (the company changes only by Umfirmierung)."""
    from chalicelib.customers import service

    customer = service.change_address(
        customer=_customer(),
        version=body.version,
        address=service.Address(
            salutation=body.salutation,
            first_name=body.first_name,
            last_name=body.last_name,
            street=body.street,
            postal_code=body.postal_code,
            city=body.city,
            country=body.country,
            phone=body.phone,
        ),
        client=web.client(),
    )
    return _profile(customer)


@web.route(
    bp,
    "/api/customer/email",
    "PUT",
    access="customer",
    body="EmailChangeBody",
    response="EmailChangeRequested",
    status=202,
)
def change_email(body: schemas.EmailChangeBody) -> schemas.EmailChangeRequested:
    """Change the login address (password): a confirmation link goes to the new address."""
    from chalicelib.customers import schemas, service

    service.request_email_change(
        customer=web.current(SignedIn).customer,
        new_email=body.email,
        password=body.password,
        client=web.client(),
    )
    return schemas.EmailChangeRequested(Message=EMAIL_CHANGE_REQUESTED)


@web.route(
    bp,
    "/api/customer/email/confirm",
    "POST",
    access="public",  # the mailed link may be opened signed out (in another browser): the token is enough
    body="EmailConfirmBody",
    response="EmailChanged",
)
def confirm_email(body: schemas.EmailConfirmBody) -> schemas.EmailChanged:
    """Confirm the new login address with the mailed link's token."""
    from chalicelib.customers import schemas, service

    customer = service.confirm_email_change(token=body.token, client=web.client())
    return schemas.EmailChanged(email=customer.email, Message=EMAIL_CHANGED)


@web.route(bp, "/api/customer/bank", "PUT", access="customer", body="BankBody", response="CustomerProfile")
def change_bank(body: schemas.BankBody) -> schemas.CustomerProfile:
    """Change the account for the SEPA direct debit (password); the mandate is amended, not replaced."""
    from chalicelib.customers import service

    customer = service.change_bank_account(
        customer=_customer(),
        version=body.version,
        account=service.NewBankAccount(
            account_holder=body.account_holder, iban=body.iban, bic=body.bic or None
        ),
        password=body.password,
        client=web.client(),
    )
    return _profile(customer)


@web.route(
    bp,
    "/api/customer/rename",
    "POST",
    access="customer",
    body="RenameBody",
    response="PendingRename",
    status=201,
)
def schedule_rename(body: schemas.RenameBody) -> schemas.PendingRename:
    """Schedule an Umfirmierung (today or up to a year ahead); it takes effect on that day."""
    from chalicelib.customers import service

    pending = service.schedule_rename(
        customer=_customer(),
        rename=service.Rename(
            company=body.company,
            legal_form=body.legal_form,
            effective_date=body.effective_date,
            register_court=body.register_court or "",
            register_number=body.register_number or "",
            vat_id=body.vat_id or "",
        ),
        client=web.client(),
    )
    return _pending(pending)


@web.route(bp, "/api/customer/rename", "DELETE", access="customer")
def cancel_rename() -> None:
    """Take back the scheduled Umfirmierung."""
    from chalicelib.customers import service

    service.cancel_rename(customer=_customer(), client=web.client())


@web.route(bp, "/api/customer/export", "GET", access="customer", response="CustomerExport")
def export_data() -> web.Reply:
    """Every stored datum of the customer as one JSON download (IBAN masked, no secrets)."""
    from chalicelib.customers import schemas

    customer_number = web.current(SignedIn).customer_number
    document = schemas.CustomerExport(
        customer_number=customer_number,
        exported_at=datetime.now(UTC).isoformat(timespec="seconds"),
        parts=schemas.ExportParts.model_validate(export.assemble(customer_number)),
    )
    filename = f"kundencenter-export-{customer_number}.json"
    return web.Reply(document, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


export.register("profile", "chalicelib.customers.service:export_profile")

"""Customers: lookups, creation, and the rules of "Persönliche Daten" (address, login address, bank
account, Umfirmierung).

Edits carry the version the page read (`StaleWrite` when it is stale) and write their audit entry in
the same TransactWrite. The full IBAN is stored and leaves this module only masked (`mask_iban`).
"""

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from pynamodb.exceptions import DoesNotExist, TransactWriteError

from chalicelib import audit, claims, confirmations, errors
from chalicelib.audit.events import AuditEvent
from chalicelib.auth.passwords import hash_password
from chalicelib.client import Client
from chalicelib.customers import sepa
from chalicelib.mail import send_mail
from chalicelib.models import ConfirmationToken, Customer
from chalicelib.models.base import transaction, update_bookkeeping_in
from chalicelib.models.customer import BankAccount, CompanyName
from chalicelib.settings import settings
from chalicelib.validators import bank_for_iban, mask_iban

if TYPE_CHECKING:
    from chalicelib.customers import schemas

EMAIL_CHANGE_LIFETIME = timedelta(hours=24)
EMAIL_CONFIRM_PATH = "/kundencenter/e-mail-bestaetigen/"
LOGIN_EMAIL = "login_email"  # the confirmation purpose of a new login address
SIGNATURE = "Freundliche Grüße\nIhr unicorn 2 Kundenservice\n"

ADDRESS_LABELS = {
    "salutation": "Anrede",
    "first_name": "Vorname",
    "last_name": "Nachname",
    "street": "Straße und Hausnummer",
    "postal_code": "Postleitzahl",
    "city": "Ort",
    "country": "Land",
    "phone": "Telefon",
}


# Lookups and creation


def get_customer(*, customer_number: str) -> Customer:
    """The customer with this Kundennummer."""
    try:
        return Customer.get(customer_number)
    except DoesNotExist:
        raise errors.CustomerNotFound() from None


def find_customer_by_login(*, login: str) -> Customer | None:
    """The customer whose Kundennummer or e-mail address is `login` (one round trip)."""
    login = login.strip()
    if login.isdigit():
        try:
            return Customer.get(login)
        except DoesNotExist:
            return None
    return find_customer_by_email(email=login)


def find_customer_by_email(*, email: str) -> Customer | None:
    for customer in Customer.email_index.query(email.strip().lower(), limit=1):
        return customer
    return None


def create_customer(
    *,
    customer_number: str,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    salutation: str = "",
    company: str = "",
    street: str = "",
    postal_code: str = "",
    city: str = "",
    country: str = "DE",
) -> Customer:
    """Create a customer with a hashed password; its login address is claimed in the same transaction."""
    now = datetime.now(UTC)
    customer = Customer(
        customer_number,
        email=email.strip().lower(),
        password_hash=hash_password(password),
        salutation=salutation,
        first_name=first_name,
        last_name=last_name,
        company=company,
        street=street,
        postal_code=postal_code,
        city=city,
        country=country,
        created_at=now,
        password_changed_at=now,
    )
    with transaction() as tx:
        tx.save(customer, condition=Customer.customer_number.does_not_exist())
        claims.claim(tx, email=customer.email, customer_number=customer_number, kind="login")
    return customer


# Shared checks


def _check_version(customer: Customer, version: int) -> None:
    """The page edited what it read: a 409 when the record changed since."""
    if customer.version != version:
        raise errors.StaleWrite()


def _failed_items(error: TransactWriteError) -> list[int]:
    """Positions of the transaction items whose condition failed (deletes, puts, updates: PynamoDB's order).

    Re-raises what is no condition failure (throttling, a fault): that is not the client's conflict.
    """
    failed = [
        index
        for index, reason in enumerate(error.cancellation_reasons)
        if reason is not None and reason.code == "ConditionalCheckFailed"
    ]
    if not failed:
        raise error
    return failed


def german_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


# Umfirmierung


def _current_name(customer: Customer) -> CompanyName:
    valid_from = customer.company_valid_from or sepa.berlin_date(customer.created_at).isoformat()
    return CompanyName(  # type: ignore[no-untyped-call]
        company=customer.company,
        legal_form=customer.legal_form,
        vat_id=customer.vat_id,
        register_court=customer.register_court,
        register_number=customer.register_number,
        valid_from=valid_from,
    )


def name_on(customer: Customer, day: date) -> CompanyName:
    """The company name valid on `day` (Europe/Berlin): a former, the current or the scheduled one.

    For invoices: one issued on `day` carries this name. Before the first known name, the oldest one.
    """
    names = [*(customer.former_names or []), _current_name(customer)]
    if customer.pending_rename is not None:
        names.append(customer.pending_rename)
    names.sort(key=lambda name: name.valid_from)
    valid = [name for name in names if name.valid_from <= day.isoformat()]
    return valid[-1] if valid else names[0]


def apply_due_rename(customer: Customer, *, today: date | None = None) -> Customer:
    """Make a scheduled rename the current name once its day has come (on read, one TransactWrite).

    The current name moves to `former_names`. When another request changed the customer meanwhile,
    the stored record is read again (and returned if that request applied the rename).
    """
    today = today or sepa.berlin_today()
    pending = customer.pending_rename
    if pending is None or pending.valid_from > today.isoformat():
        return customer
    former = _current_name(customer)
    vat_id = pending.vat_id or customer.vat_id
    try:
        with transaction() as tx:
            tx.update(
                customer,
                actions=[
                    Customer.company.set(pending.company),
                    Customer.legal_form.set(pending.legal_form),
                    Customer.vat_id.set(vat_id),
                    Customer.register_court.set(pending.register_court),
                    Customer.register_number.set(pending.register_number),
                    Customer.company_valid_from.set(pending.valid_from),
                    Customer.former_names.set([*(customer.former_names or []), former]),
                    Customer.pending_rename.remove(),
                ],
            )
            tx.save(
                audit.entry(
                    customer_number=customer.customer_number,
                    event=AuditEvent.RENAME_APPLIED,
                    detail=(
                        f"{former.company} heißt seit dem "
                        f"{german_date(date.fromisoformat(pending.valid_from))} {pending.company}"
                    ),
                )
            )
    except TransactWriteError as error:
        _failed_items(error)
        fresh = get_customer(customer_number=customer.customer_number)
        if fresh.pending_rename is not None and fresh.pending_rename.valid_from <= today.isoformat():
            raise errors.StaleWrite() from None
        return fresh
    customer.company, customer.legal_form, customer.vat_id = pending.company, pending.legal_form, vat_id
    customer.register_court, customer.register_number = pending.register_court, pending.register_number
    customer.company_valid_from = pending.valid_from
    customer.former_names = [*(customer.former_names or []), former]
    customer.pending_rename = None
    return customer


@dataclass(frozen=True)
class Rename:
    company: str
    legal_form: str
    effective_date: date
    register_court: str = ""
    register_number: str = ""
    vat_id: str = ""  # empty: the current USt-IdNr. stays


def schedule_rename(*, customer: Customer, rename: Rename, client: Client) -> CompanyName:
    """Schedule the Umfirmierung (replacing one scheduled before); it takes effect on its date."""
    pending = CompanyName(  # type: ignore[no-untyped-call]
        company=rename.company,
        legal_form=rename.legal_form,
        vat_id=rename.vat_id,
        register_court=rename.register_court,
        register_number=rename.register_number,
        valid_from=rename.effective_date.isoformat(),
    )
    try:
        with transaction() as tx:
            tx.update(customer, actions=[Customer.pending_rename.set(pending)])
            tx.save(
                audit.entry(
                    customer_number=customer.customer_number,
                    event=AuditEvent.RENAME_SCHEDULED,
                    client=client,
                    detail=f"{rename.company} ab dem {german_date(rename.effective_date)}",
                )
            )
    except TransactWriteError as error:
        _failed_items(error)
        raise errors.StaleWrite() from None
    customer.pending_rename = pending
    return pending


def cancel_rename(*, customer: Customer, client: Client) -> None:
    """Take back the scheduled Umfirmierung (404 when none is scheduled, also once it took effect)."""
    pending = customer.pending_rename
    if pending is None:
        raise errors.RenameNotFound()
    try:
        with transaction() as tx:
            tx.update(customer, actions=[Customer.pending_rename.remove()])
            tx.save(
                audit.entry(
                    customer_number=customer.customer_number,
                    event=AuditEvent.RENAME_CANCELLED,
                    client=client,
                    detail=f"{pending.company} ab dem {german_date(date.fromisoformat(pending.valid_from))}",
                )
            )
    except TransactWriteError as error:
        _failed_items(error)
        raise errors.StaleWrite() from None
    customer.pending_rename = None


# Address


@dataclass(frozen=True)
class Address:
    salutation: str
    first_name: str
    last_name: str
    street: str
    postal_code: str
    city: str
    country: str
    phone: str


def change_address(*, customer: Customer, version: int, address: Address, client: Client) -> Customer:
    """Change name, address and phone (the company changes only by Umfirmierung); nothing when unchanged."""
    _check_version(customer, version)
    changes = {name: value for name, value in vars(address).items() if getattr(customer, name) != value}
    if not changes:
        return customer
    try:
        with transaction() as tx:
            tx.update(
                customer, actions=[getattr(Customer, name).set(value) for name, value in changes.items()]
            )
            tx.save(
                audit.entry(
                    customer_number=customer.customer_number,
                    event=AuditEvent.ADDRESS_CHANGED,
                    client=client,
                    detail="Geändert: " + ", ".join(ADDRESS_LABELS[name] for name in changes),
                )
            )
    except TransactWriteError as error:
        _failed_items(error)
        raise errors.StaleWrite() from None
    for name, value in changes.items():
        setattr(customer, name, value)
    return customer


# Login address


def request_email_change(*, customer: Customer, new_email: str, password: str, client: Client) -> None:
    """Mail a confirmation link to the new login address and a notice to the current one.

    The same outside whether the address is free or not: when it belongs to any customer (login or
    verified further address), the mail to it says so and carries no link; the audit entry and the
    notice are the same. Every request counts on the password counter, refunded or not: each sends a
    mail to an address the requester chose. Only the newest request's link works (the customer's
    `pending_email_token`), and only until the password changes (the link's credential generation). The
    mail to the new address holds no text the requester controls (no name, no company): the Kundennummer.
    When SES does not take that mail, nothing is stored: `errors.MailNotSent` (503), for either case.
    """
    from chalicelib.auth.service import greeting, reauthenticate  # here: auth.service imports this module

    reauthenticate(customer=customer, password=password, refund=False)
    # The mail to the new address goes out first, the request is stored after: when SES does not take it,
    # nothing is stored (503 MailNotSent, the same for a free and a taken address); when the store fails
    # after the mail, its link is void (no token record) and the answer says the request failed.
    if claims.owner_of(new_email) is not None:
        _mail_or_refuse(
            to=new_email,
            subject="Ihre E-Mail-Adresse im Kundencenter",
            text=(
                "Guten Tag,\n\n"
                "im Kundencenter von unicorn 2 wurde angefordert, diese E-Mail-Adresse als Login-E-Mail-Adresse "
                "zu verwenden. Diese Adresse ist bereits einem Kundenkonto zugeordnet (als Login-E-Mail-Adresse "
                "oder als bestätigte weitere E-Mail-Adresse) und kann deshalb nicht ein zweites Mal "
                "verwendet werden.\n\n"
                "Wenn Sie die Änderung selbst angefordert haben, verwenden Sie bitte eine andere Adresse "
                "oder entfernen Sie diese Adresse zuerst aus dem Kundenkonto, dem sie zugeordnet ist.\n"
                "Wenn Sie nichts angefordert haben, können Sie diese E-Mail ignorieren.\n\n" + SIGNATURE
            ),
        )
        # A newer request voids the older link in either case (the same writes: nothing tells them apart).
        with transaction() as tx:
            update_bookkeeping_in(tx, customer, actions=[Customer.pending_email_token.remove()])
            tx.save(
                audit.entry(
                    customer_number=customer.customer_number,
                    event=AuditEvent.EMAIL_CHANGE_REQUESTED,
                    client=client,
                    detail=new_email,
                )
            )
    else:
        token, record = confirmations.prepare(
            customer_number=customer.customer_number,
            purpose=LOGIN_EMAIL,
            value=new_email,
            lifetime=EMAIL_CHANGE_LIFETIME,
            credential_generation=int(customer.credential_generation),  # a password change voids it
        )
        link = f"{settings.site_origin}{EMAIL_CONFIRM_PATH}#token={token}"
        _mail_or_refuse(
            to=new_email,
            subject="Bitte bestätigen Sie Ihre neue E-Mail-Adresse",
            text=(  # not yet the customer's address: no name, no text the requester chose
                "Guten Tag,\n\n"
                f"Sie möchten sich im Kundencenter von unicorn 2 (Kundennummer {customer.customer_number}) "
                "künftig mit dieser E-Mail-Adresse anmelden. "
                "Bitte bestätigen Sie die Adresse über diesen Link:\n\n"
                f"{link}\n\n"
                "Der Link ist 24 Stunden gültig und kann einmal verwendet werden. Bis zur Bestätigung "
                "bleibt Ihre bisherige Login-E-Mail-Adresse gültig.\n"
                "Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail.\n\n" + SIGNATURE
            ),
        )
        with transaction() as tx:
            tx.save(record)
            # Only the newest link works: the customer names its token (bookkeeping, `version` stays).
            update_bookkeeping_in(tx, customer, actions=[Customer.pending_email_token.set(record.token_hash)])
            tx.save(
                audit.entry(
                    customer_number=customer.customer_number,
                    event=AuditEvent.EMAIL_CHANGE_REQUESTED,
                    client=client,
                    detail=new_email,
                )
            )
    send_mail(
        to=customer.email,
        subject="Änderung Ihrer Login-E-Mail-Adresse angefordert",
        text=(
            f"{greeting(customer)}\n\n"
            f"im Kundencenter wurde angefordert, Ihre Login-E-Mail-Adresse in {new_email} zu ändern. "
            "Die Änderung wird erst wirksam, wenn sie über den Link in der E-Mail an die neue Adresse "
            "bestätigt wird; bis dahin melden Sie sich weiter mit dieser Adresse an.\n\n"
            "Wenn Sie das nicht waren, ändern Sie bitte sofort Ihr Passwort über "
            f"{settings.site_origin}/kundencenter/passwort-vergessen/ und wenden Sie sich an unseren "
            "Support.\n\n" + SIGNATURE
        ),
    )


def _mail_or_refuse(*, to: str, subject: str, text: str) -> None:
    """Send a mail the request exists for; MailNotSent (503, nothing stored yet) when SES does not take it."""
    if not send_mail(to=to, subject=subject, text=text):
        raise errors.MailNotSent()


def confirm_email_change(*, token: str, client: Client) -> Customer:
    """Switch the login address with the mailed link: token, claims and customer in one TransactWrite.

    The link works once, for 24 hours, and only while it is the customer's newest one and the password
    is the one it was sent under (`_link_is_live`; checked again as the customer update's condition).
    When another customer took the address meanwhile, also at the same moment, the claim's condition
    fails: 409 `EmailTaken`, nothing changes.
    """
    from chalicelib.auth.service import greeting  # here: auth.service imports this module

    record = confirmations.find(token=token, purpose=LOGIN_EMAIL)
    if record is None:
        raise errors.InvalidEmailChangeLink()
    customer = get_customer(customer_number=record.customer_number)
    if not _link_is_live(record, customer):
        raise errors.InvalidEmailChangeLink()
    new_email, old_email = record.value, customer.email
    if claims.owner_of(new_email) is not None:
        raise errors.EmailTaken()
    try:
        with transaction() as tx:
            # Deletes first, then puts, then updates: the order of `cancellation_reasons` below.
            tx.delete(record, condition=ConfirmationToken.token_hash.exists())
            claims.release(tx, email=old_email, customer_number=customer.customer_number)
            claims.claim(tx, email=new_email, customer_number=customer.customer_number, kind="login")
            tx.save(
                audit.entry(
                    customer_number=customer.customer_number,
                    event=AuditEvent.EMAIL_CHANGED,
                    client=client,
                    detail=f"{old_email} → {new_email}",
                )
            )
            tx.update(
                customer,
                actions=[Customer.email.set(new_email), Customer.pending_email_token.remove()],
                condition=(Customer.email == old_email)
                & (Customer.credential_generation == record.credential_generation)
                & (Customer.pending_email_token == record.token_hash),
                add_version_condition=False,  # an address edit meanwhile does not void the link
            )
    except TransactWriteError as error:
        failed = _failed_items(error)
        if 0 in failed:
            raise errors.InvalidEmailChangeLink() from None
        if 2 in failed:
            raise errors.EmailTaken() from None
        if not _link_is_live(record, get_customer(customer_number=customer.customer_number)):
            raise errors.InvalidEmailChangeLink() from None  # a password change or newer request meanwhile
        raise errors.StaleWrite() from None
    customer.email = new_email
    send_mail(
        to=old_email,
        subject="Ihre Login-E-Mail-Adresse wurde geändert",
        text=(
            f"{greeting(customer)}\n\n"
            f"Sie melden sich im Kundencenter ab sofort mit {new_email} an; diese Adresse ist nicht "
            "mehr Ihre Login-E-Mail-Adresse.\n\n"
            "Wenn Sie das nicht waren, wenden Sie sich bitte sofort an unseren Support.\n\n" + SIGNATURE
        ),
    )
    return customer


def _link_is_live(record: ConfirmationToken, customer: Customer) -> bool:
    """The login address link is the customer's newest and was sent under the current password."""
    return (
        record.credential_generation is not None
        and record.credential_generation == customer.credential_generation
        and customer.pending_email_token is not None
        and secrets.compare_digest(customer.pending_email_token, record.token_hash)
    )


# Bank account (SEPA direct debit)


@dataclass(frozen=True)
class DebitDates:
    next_debit_date: date
    change_deadline: date


def debit_dates(today: date | None = None) -> DebitDates:
    """The next direct debit and the last day a change of bank data still reaches it."""
    debit = sepa.next_debit_date(today or sepa.berlin_today())
    return DebitDates(next_debit_date=debit, change_deadline=sepa.change_deadline(debit))


def mandate_reference(customer_number: str, sequence: int = 1) -> str:
    """The SEPA mandate reference of the customer's `sequence`-th mandate ("KC-100001-0001")."""
    return f"KC-{customer_number}-{sequence:04d}"


@dataclass(frozen=True)
class NewBankAccount:
    account_holder: str
    iban: str  # normalised (validators.normalise_iban)
    bic: str | None  # normalised, or None: derived from the IBAN


def change_bank_account(
    *, customer: Customer, version: int, account: NewBankAccount, password: str, client: Client
) -> Customer:
    """Set the account for the direct debit (password required); the mandate stays and is amended.

    The first account of a customer starts the mandate `KC-<Kundennummer>-0001`. A notice goes to
    the login address; the IBAN appears masked in it, in the audit entry and everywhere else.
    """
    from chalicelib.auth.service import greeting, reauthenticate  # here: auth.service imports this module

    _check_version(customer, version)
    reauthenticate(customer=customer, password=password)
    derived_bic, bank_name = bank_for_iban(account.iban)
    now = datetime.now(UTC)
    today = sepa.berlin_date(now)
    old = customer.bank
    bank = BankAccount(  # type: ignore[no-untyped-call]
        account_holder=account.account_holder,
        iban=account.iban,
        bic=account.bic or derived_bic or "",
        bank_name=bank_name or "",
        mandate_reference=old.mandate_reference if old else mandate_reference(customer.customer_number),
        mandate_signed_at=old.mandate_signed_at if old else now,
        amended_at=now if old else None,
    )
    masked = mask_iban(account.iban) + (f" ({bank.bank_name})" if bank.bank_name else "")
    if old:
        detail = (
            f"Mandatsänderung am {german_date(today)}, Mandatsreferenz {bank.mandate_reference}: "
            f"{mask_iban(old.iban)} → {masked}"
        )
    else:
        detail = f"SEPA-Lastschriftmandat {bank.mandate_reference} vom {german_date(today)}: {masked}"
    try:
        with transaction() as tx:
            tx.update(customer, actions=[Customer.bank.set(bank)])
            tx.save(
                audit.entry(
                    customer_number=customer.customer_number,
                    event=AuditEvent.BANK_ACCOUNT_CHANGED,
                    client=client,
                    detail=detail,
                )
            )
    except TransactWriteError as error:
        _failed_items(error)
        raise errors.StaleWrite() from None
    customer.bank = bank
    dates = debit_dates(today)
    if today <= dates.change_deadline:
        reaches = f"Die neue Bankverbindung gilt ab der Abbuchung am {german_date(dates.next_debit_date)}."
    else:
        reaches = (
            f"Die Abbuchung am {german_date(dates.next_debit_date)} kann noch vom bisherigen Konto "
            "erfolgen; ab der folgenden Abbuchung gilt die neue Bankverbindung."
        )
    send_mail(
        to=customer.email,
        subject="Ihre Bankverbindung wurde geändert",
        text=(
            f"{greeting(customer)}\n\n"
            "die Bankverbindung für das SEPA-Lastschriftmandat Ihres Kundenkontos wurde soeben geändert.\n\n"
            f"Kontoinhaber: {bank.account_holder}\n"
            f"IBAN: {mask_iban(bank.iban)}\n"
            + (f"Bank: {bank.bank_name}\n" if bank.bank_name else "")
            + f"Mandatsreferenz: {bank.mandate_reference}\n\n"
            f"{reaches}\n\n"
            "Wenn Sie das nicht waren, wenden Sie sich bitte sofort an unseren Support und ändern Sie "
            f"Ihr Passwort über {settings.site_origin}/kundencenter/passwort-vergessen/.\n\n" + SIGNATURE
        ),
    )
    return customer


# Data export


def _name_export(name: CompanyName) -> "schemas.CompanyNameExport":
    from chalicelib.customers import schemas

    return schemas.CompanyNameExport(
        company=name.company,
        legal_form=name.legal_form,
        vat_id=name.vat_id,
        register_court=name.register_court,
        register_number=name.register_number,
        valid_from=name.valid_from,
    )


def export_profile(customer_number: str) -> "schemas.ProfileExport":
    """The data export's "profile" part: the customer record without password hash or TOTP secrets.

    The IBAN is masked like everywhere else.
    """
    from chalicelib.customers import schemas

    customer = get_customer(customer_number=customer_number)
    bank = customer.bank
    return schemas.ProfileExport(
        customer_number=customer.customer_number,
        email=customer.email,
        salutation=customer.salutation,
        first_name=customer.first_name,
        last_name=customer.last_name,
        company=customer.company,
        legal_form=customer.legal_form,
        vat_id=customer.vat_id,
        register_court=customer.register_court,
        register_number=customer.register_number,
        company_valid_from=customer.company_valid_from,
        street=customer.street,
        postal_code=customer.postal_code,
        city=customer.city,
        country=customer.country,
        phone=customer.phone,
        bank=None
        if bank is None
        else schemas.BankExport(
            account_holder=bank.account_holder,
            iban_masked=mask_iban(bank.iban),
            bic=bank.bic,
            bank_name=bank.bank_name,
            mandate_reference=bank.mandate_reference,
            mandate_signed_at=bank.mandate_signed_at.isoformat(),
            amended_at=bank.amended_at.isoformat() if bank.amended_at else None,
        ),
        pending_rename=_name_export(customer.pending_rename) if customer.pending_rename else None,
        former_names=[_name_export(name) for name in customer.former_names or []],
        created_at=customer.created_at.isoformat(),
        password_changed_at=customer.password_changed_at.isoformat(),
        two_factor_enabled=bool(customer.totp_secret),
        version=customer.version,
    )

"""Request and response models of "Persönliche Daten" (pydantic; imported by the views that need them).

No body has a `customer_number`: the Kundennummer never changes, and an unknown field is a 400.
"""

from datetime import date, timedelta
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from chalicelib.audit.schemas import AuditExport
from chalicelib.auth.schemas import SessionsExport
from chalicelib.customers import sepa
from chalicelib.schemas import Password, RequestModel, ResponseModel
from chalicelib.validators import (
    check_postal_code,
    normalise_bic,
    normalise_country,
    normalise_email,
    normalise_iban,
    normalise_phone,
    normalise_vat_id,
)

Name = Annotated[str, Field(min_length=1, max_length=100)]
OptionalText = Annotated[str, Field(max_length=100)]


def _optional(normalise: Any) -> Any:
    """A validator that leaves an empty value empty and normalises any other."""

    def check(value: str) -> str:
        return normalise(value) if value else ""

    return check


class AddressBody(RequestModel):
    version: int
    salutation: Literal["Frau", "Herr", ""]
    first_name: Name
    last_name: Name
    street: Name
    # Before postal_code and phone: their checks depend on the country.
    country: Annotated[str, Field(max_length=20), AfterValidator(normalise_country)]
    postal_code: Annotated[str, Field(min_length=1, max_length=20)]
    city: Name
    phone: Annotated[str, Field(max_length=40)]

    @field_validator("postal_code")
    @classmethod
    def _postal_code(cls, value: str, info: ValidationInfo) -> str:
        country = info.data.get("country")
        return check_postal_code(value, country=country) if country else value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str, info: ValidationInfo) -> str:
        if not value:
            return ""
        return normalise_phone(value, default_region=info.data.get("country") or "DE")


class EmailChangeBody(RequestModel):
    email: Annotated[str, Field(min_length=1, max_length=254), AfterValidator(normalise_email)]
    password: Password


class EmailConfirmBody(RequestModel):
    token: Annotated[str, Field(min_length=1, max_length=128)]


class BankBody(RequestModel):
    version: int
    account_holder: Annotated[str, Field(min_length=1, max_length=70)]  # the SEPA field's length
    iban: Annotated[str, Field(min_length=1, max_length=50), AfterValidator(normalise_iban)]
    bic: Annotated[str, Field(max_length=20), AfterValidator(_optional(normalise_bic))] | None = None
    password: Password


class RenameBody(RequestModel):
    company: Annotated[str, Field(min_length=1, max_length=200)]
    legal_form: Annotated[str, Field(min_length=1, max_length=60)]
    effective_date: Annotated[date, Field(strict=False)]  # "2027-01-01"
    register_court: OptionalText | None = None
    register_number: OptionalText | None = None
    vat_id: Annotated[str, Field(max_length=20), AfterValidator(_optional(normalise_vat_id))] | None = None

    @field_validator("effective_date")
    @classmethod
    def _within_a_year(cls, value: date) -> date:
        today = sepa.berlin_today()
        if value < today:
            raise ValueError("Das Datum darf nicht in der Vergangenheit liegen.")
        if value > today + timedelta(days=365):
            raise ValueError("Eine Umfirmierung kann höchstens ein Jahr im Voraus eingetragen werden.")
        return value


class BankOut(ResponseModel):
    account_holder: str
    iban_masked: str  # "DE89 **** **** **** **30 00": the full IBAN is never returned
    bic: str
    bank_name: str
    mandate_reference: str
    next_debit_date: str  # ISO date
    change_deadline: str  # ISO date: the last day a change still reaches that debit


class PendingRename(ResponseModel):
    company: str
    legal_form: str
    effective_date: str  # ISO date
    register_court: str | None
    register_number: str | None
    vat_id: str | None  # None: the current USt-IdNr. stays


class CustomerProfile(ResponseModel):
    customer_number: str
    company: str
    legal_form: str
    vat_id: str
    salutation: str
    first_name: str
    last_name: str
    street: str
    postal_code: str
    city: str
    country: str
    phone: str
    email: str
    version: int
    bank: BankOut | None
    pending_rename: PendingRename | None


class EmailChangeRequested(ResponseModel):
    Message: str


class EmailChanged(ResponseModel):
    email: str
    Message: str


class CompanyNameExport(ResponseModel):
    company: str
    legal_form: str
    vat_id: str
    register_court: str
    register_number: str
    valid_from: str  # ISO date


class BankExport(ResponseModel):
    account_holder: str
    iban_masked: str  # the full IBAN never leaves the service
    bic: str
    bank_name: str
    mandate_reference: str
    mandate_signed_at: str
    amended_at: str | None


class ProfileExport(ResponseModel):
    """The data export's "profile" part: the customer record without password hash or TOTP secrets."""

    customer_number: str
    email: str
    salutation: str
    first_name: str
    last_name: str
    company: str
    legal_form: str
    vat_id: str
    register_court: str
    register_number: str
    company_valid_from: str | None
    street: str
    postal_code: str
    city: str
    country: str
    phone: str
    bank: BankExport | None
    pending_rename: CompanyNameExport | None
    former_names: list[CompanyNameExport]
    created_at: str
    password_changed_at: str
    two_factor_enabled: bool
    version: int


class ContactExport(ResponseModel):
    """A further address or number as `contacts.service.export_contacts` describes it."""

    id: str
    value: str
    purposes: list[str]
    verified: bool
    created_at: str
    verified_at: str | None
    expires_at: str | None
    expired: bool


class ContactsExport(ResponseModel):
    """The data export's "contacts" part (built by `contacts.service.export_contacts`)."""

    emails: list[ContactExport]
    phones: list[ContactExport]


class ExportParts(ResponseModel):
    """One field per registered part (chalicelib/export.py): a part without its field is refused."""

    profile: ProfileExport
    sessions: SessionsExport
    audit: AuditExport
    contacts: ContactsExport


class CustomerExport(ResponseModel):
    """Every stored datum of the customer, one part per domain (see chalicelib/export.py)."""

    customer_number: str
    exported_at: str
    parts: ExportParts

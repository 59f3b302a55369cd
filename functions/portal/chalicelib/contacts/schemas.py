"""Request and response models of the contacts routes (pydantic; imported by the views that need them)."""

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from chalicelib.schemas import RequestModel, ResponseModel
from chalicelib.validators import normalise_email, normalise_phone

# What a further contact is used for; a list on the wire, a set when stored.
Purpose = Literal["rechnungen", "support", "technik"]
Purposes = Annotated[list[Purpose], Field(max_length=3)]
Email = Annotated[str, Field(min_length=1, max_length=254), AfterValidator(normalise_email)]
Phone = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(normalise_phone)]


class AddEmailBody(RequestModel):
    address: Email
    purposes: Purposes = Field(default_factory=list)


class AddPhoneBody(RequestModel):
    number: Phone
    purposes: Purposes = Field(default_factory=list)


class PurposesBody(RequestModel):
    purposes: Purposes


class ConfirmEmailBody(RequestModel):
    token: Annotated[str, Field(min_length=1, max_length=128)]


class ContactOut(ResponseModel):
    """A further e-mail address or phone number; `id` is random (never the storage slot)."""

    id: str
    value: str
    purposes: list[Purpose]
    verified: bool
    created_at: str


class ContactList(ResponseModel):
    emails: list[ContactOut]
    phones: list[ContactOut]


class ContactConfirmed(ResponseModel):
    """The confirmed address (the link's holder knows it: the mail went there)."""

    id: str
    value: str
    verified: bool


class MailSent(ResponseModel):
    Message: str

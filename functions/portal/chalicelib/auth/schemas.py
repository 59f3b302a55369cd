"""Request and response models of the auth routes (pydantic; imported by the views that need them)."""

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from chalicelib.schemas import RequestModel, ResponseModel
from chalicelib.validators import normalise_email

Login = Annotated[str, Field(min_length=1, max_length=254)]
# Passwords are taken exactly as typed: spaces at either end are part of them.
AnyPassword = Annotated[str, StringConstraints(strip_whitespace=False), Field(min_length=1, max_length=1024)]
NewPassword = AnyPassword
Email = Annotated[str, Field(min_length=1, max_length=254), AfterValidator(normalise_email)]


class LoginBody(RequestModel):
    login: Login
    password: AnyPassword


class ForgotPasswordBody(RequestModel):
    login: Login


class ResetPasswordBody(RequestModel):
    token: Annotated[str, Field(min_length=1, max_length=128)]
    password: NewPassword


class ForgotLoginBody(RequestModel):
    email: Email


class ChangePasswordBody(RequestModel):
    current_password: AnyPassword
    new_password: NewPassword


class CustomerSummary(ResponseModel):
    """What the portal header and overview show about the signed-in customer."""

    customer_number: str
    name: str
    salutation: str
    email: str
    company: str


class LoginResult(ResponseModel):
    customer: CustomerSummary


class MailSent(ResponseModel):
    Message: str


class SessionOut(ResponseModel):
    id: str
    current: bool
    created_at: str
    last_seen_at: str
    browser: str
    ip_address: str


class SessionList(ResponseModel):
    sessions: list[SessionOut]


class SessionsEnded(ResponseModel):
    ended: int

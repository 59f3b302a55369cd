"""Request and response models of the auth routes (pydantic; imported by the views that need them)."""

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, RootModel

from chalicelib.schemas import Password, RequestModel, ResponseModel
from chalicelib.validators import normalise_email

Login = Annotated[str, Field(min_length=1, max_length=254)]
Email = Annotated[str, Field(min_length=1, max_length=254), AfterValidator(normalise_email)]


class LoginBody(RequestModel):
    login: Login
    password: Password


class ForgotPasswordBody(RequestModel):
    login: Login


class ResetPasswordBody(RequestModel):
    token: Annotated[str, Field(min_length=1, max_length=128)]
    password: Password


class ResetCheckBody(RequestModel):
    token: Annotated[str, Field(min_length=1, max_length=128)]


class ResetCheckResult(ResponseModel):
    valid: Literal[True]


class ForgotLoginBody(RequestModel):
    email: Email


class SsoExchangeBody(RequestModel):
    """The token of a one-time link from unicorn 2 (`/kundencenter/sso/#token=…`)."""

    token: Annotated[str, Field(min_length=1, max_length=128)]


class SsoLink(ResponseModel):
    """A one-time sign-in link for the licence's customer: open it within `expires_in` seconds, once."""

    url: str
    expires_in: int


class ChangePasswordBody(RequestModel):
    current_password: Password
    new_password: Password


class CustomerSummary(ResponseModel):
    """What the portal header and overview show about the signed-in customer."""

    customer_number: str
    name: str
    salutation: str
    email: str
    company: str


class SignedInResult(ResponseModel):
    customer: CustomerSummary


class TwoFactorRequiredResult(ResponseModel):
    """The password was right; the code of the second step is due (no session yet)."""

    two_factor_required: Literal[True] = True
    challenge: str


class LoginResult(RootModel[SignedInResult | TwoFactorRequiredResult]):
    """Signed in (`customer`), or a second step is due (`two_factor_required`, `challenge`)."""


# Two-factor sign-in

# A TOTP code ("123 456") or a recovery code ("abcd-efgh-ijkm"), as typed.
Code = Annotated[str, Field(min_length=1, max_length=32)]


class TwoFactorLoginBody(RequestModel):
    challenge: Annotated[str, Field(min_length=1, max_length=128)]
    code: Code


class TwoFactorSetupBody(RequestModel):
    password: Password


class TwoFactorEnableBody(RequestModel):
    code: Code
    version: int


class TwoFactorConfirmBody(RequestModel):
    """Switching off and new recovery codes: the password and a code (TOTP or recovery code)."""

    password: Password
    code: Code


class SupportTwoFactorOffBody(RequestModel):
    """The support team switches a customer's two-factor sign-in off: how it checked the customer."""

    reason: Annotated[str, Field(min_length=10, max_length=500)]


class TwoFactorStatus(ResponseModel):
    enabled: bool
    recovery_codes_left: int
    version: int


class TwoFactorSetup(ResponseModel):
    secret: str
    otpauth_uri: str
    expires_at: str
    version: int


class RecoveryCodes(ResponseModel):
    recovery_codes: list[str]
    version: int


class MailSent(ResponseModel):
    Message: str


class SessionOut(ResponseModel):
    id: str
    current: bool
    created_at: str
    last_seen_at: str
    browser: str
    ip_address: str
    via: Literal["unicorn2"] | None = None  # began with a one-time link from unicorn 2, not the password


class SessionList(ResponseModel):
    sessions: list[SessionOut]


class SessionsEnded(ResponseModel):
    ended: int


class SessionExport(ResponseModel):
    """A signed-in device in the data export (no session hash, no cookie)."""

    id: str
    created_at: str
    last_seen_at: str
    expires_at: str
    ip_address: str
    user_agent: str
    via: Literal["unicorn2"] | None = None


class SessionsExport(ResponseModel):
    """The data export's "sessions" part."""

    sessions: list[SessionExport]

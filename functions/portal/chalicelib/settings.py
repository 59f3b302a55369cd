"""Environment, read once at import. Every variable is required: no silent defaults."""

import os
from dataclasses import dataclass


def _require(name: str) -> str:
    try:
        return os.environ[name]
    except KeyError:
        raise RuntimeError(f"environment variable {name} is not set") from None


def _password_hash_profile(value: str) -> str:
    """The argon2id profile of chalicelib.auth.passwords (named here, so settings never import argon2)."""
    if value not in ("owasp", "test"):
        raise RuntimeError(f"KC_PASSWORD_HASH_PROFILE is {value!r}, expected owasp or test")
    return value


def _required_on_lambda(name: str, value: str, *, local_dev: bool, why: str) -> str:
    """A variable that may be empty for the local stack (KC_LOCAL_DEV=1) and outside Lambda (pytest,
    benches), never in a deployed function: that refuses to start rather than run without it."""
    if not value and not local_dev and os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
        raise RuntimeError(f"{name} is empty: {why}")
    return value


@dataclass(frozen=True)
class Settings:
    """What the API needs to know about where it runs."""

    aws_region: str
    table_prefix: str
    site_origin: str
    mail_from: str
    invoice_bucket: str
    # Ticket attachments (prefix attachments/) and, in production, incoming mail (prefix inbound/).
    ticket_bucket: str
    # The support address; replies about a ticket go to <local>+<ticket>.<secret>@<domain>.
    support_address: str
    auth_response_floor_ms: int
    local_dev: bool
    # ARN of the Secrets Manager secret whose value CloudFront adds as X-Origin-Verify (web.origin_secret);
    # empty only where the API is not behind CloudFront (the local stack, tests), never on Lambda.
    origin_secret_id: str
    # argon2id cost profile (chalicelib.auth.passwords): "owasp" wherever real passwords live, "test" in pytest.
    password_hash_profile: str
    # The invoice-documents function that renders invoice PDFs (the PDF stack ships only there); empty:
    # render in-process (the local stack, tests, benches), never on Lambda.
    documents_function: str

    @property
    def cookie_secure(self) -> bool:
        """Secure cookies (and the __Host- prefix) wherever the site is served over HTTPS."""
        return self.site_origin.startswith("https://")

    @property
    def session_cookie_name(self) -> str:
        return "__Host-kc_session" if self.cookie_secure else "kc_session"

    @property
    def staff_cookie_name(self) -> str:
        return "__Host-kc_team" if self.cookie_secure else "kc_team"

    @property
    def device_cookie_name(self) -> str:
        return "__Host-kc_device" if self.cookie_secure else "kc_device"

    @property
    def staff_device_cookie_name(self) -> str:
        return "__Host-kc_team_device" if self.cookie_secure else "kc_team_device"

    def table_name(self, name: str) -> str:
        return f"{self.table_prefix}{name}"


def load_settings() -> Settings:
    """Read the environment; raise when a variable is missing."""
    local_dev = _require("KC_LOCAL_DEV") == "1"
    return Settings(
        aws_region=_require("AWS_DEFAULT_REGION"),
        table_prefix=_require("KC_TABLE_PREFIX"),
        site_origin=_require("KC_SITE_ORIGIN").rstrip("/"),
        mail_from=_require("KC_MAIL_FROM"),
        invoice_bucket=_require("KC_INVOICE_BUCKET"),
        ticket_bucket=_require("KC_TICKET_BUCKET"),
        support_address=_require("KC_SUPPORT_ADDRESS"),
        auth_response_floor_ms=int(_require("KC_AUTH_RESPONSE_FLOOR_MS")),
        local_dev=local_dev,
        # The origin secret's ARN (web.origin_secret): without one the API does not check where requests
        # come from. The documents function: empty renders PDFs in-process (DECISIONS.md, "Invoice
        # documents"); a deployed function has no PDF stack to render with.
        origin_secret_id=_required_on_lambda(
            "KC_ORIGIN_SECRET_ID",
            _require("KC_ORIGIN_SECRET_ID"),
            local_dev=local_dev,
            why="a deployed API must check CloudFront's origin secret",
        ),
        password_hash_profile=_password_hash_profile(_require("KC_PASSWORD_HASH_PROFILE")),
        documents_function=_required_on_lambda(
            "KC_DOCUMENTS_FUNCTION",
            _require("KC_DOCUMENTS_FUNCTION"),
            local_dev=local_dev,
            why="a deployed function cannot render invoices",
        ),
    )


settings = load_settings()

"""Test data: customers and staff with known passwords (defaults: the demo accounts of the local stack)."""

from typing import Any

from local.seed import DEMO_CUSTOMER, DEMO_PASSWORD, DEMO_STAFF

__all__ = ["DEMO_PASSWORD", "DEMO_STAFF", "make_customer", "make_staff", "totp_code"]


def make_customer(**overrides: Any) -> Any:
    """Create a customer (defaults: the demo customer 100001)."""
    from chalicelib.customers.service import create_customer

    return create_customer(**{**DEMO_CUSTOMER, **overrides})


def make_staff(**overrides: Any) -> Any:
    """Create a staff account (defaults: the demo account support@unicorn2.example, secret KUNDENCENTERTEAM)."""
    from chalicelib.team.service import create_staff

    return create_staff(**{**DEMO_STAFF, **overrides})


def totp_code(secret: str = DEMO_STAFF["totp_secret"], *, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows for `secret` at `at` (default: now), via pyotp.

    pyotp refuses secrets under 112 bits; the documented demo secret has 80 (as chalicelib.totp allows).
    """
    import time

    import pyotp

    class TOTP(pyotp.TOTP):
        min_secret_length_bits = 80

    return str(TOTP(secret).at(time.time() if at is None else at))

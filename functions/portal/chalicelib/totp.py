"""Time-based one-time codes (TOTP, RFC 6238) for staff and for customers' two-factor sign-in.

pyotp is imported on first use (a cold start does not pay for it). A code is accepted for the current
30-second step and one step either side (clock drift), and never for a step at or before the last one
accepted (`last_step`): the caller stores the returned step with a conditional update, so a code
cannot be replayed, not even by two parallel requests.
"""

import hmac
import re
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyotp import TOTP

ISSUER = "unicorn 2 Kundencenter"
STEP_SECONDS = 30
DRIFT_STEPS = 1
_CODE = re.compile(r"\d{6}")


def _totp(secret: str) -> "TOTP":
    import pyotp

    class TOTP(pyotp.TOTP):
        # pyotp refuses secrets under 112 bits; ours are 160 (`new_secret`), but the documented local demo
        # secret KUNDENCENTERTEAM has 80, and staff may bring an 80-bit secret from an older app.
        min_secret_length_bits = 80

    return TOTP(secret, interval=STEP_SECONDS)


def new_secret() -> str:
    """A new random base32 secret (160 bits)."""
    import pyotp

    return pyotp.random_base32(32)


def provisioning_uri(secret: str, *, account: str) -> str:
    """The otpauth:// URI an authenticator app reads from a QR code."""
    return _totp(secret).provisioning_uri(name=account, issuer_name=ISSUER)


def accepted_step(secret: str, code: str, *, last_step: int = 0, now: float | None = None) -> int | None:
    """The time step `code` is valid for (within the drift window, after `last_step`), or None."""
    code = code.replace(" ", "")
    if not _CODE.fullmatch(code):
        return None
    totp = _totp(secret)
    current = int((time.time() if now is None else now) // STEP_SECONDS)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if step > last_step and hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None

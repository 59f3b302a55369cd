"""Known devices (OWASP "device cookies"), for customer and staff sign-ins alike.

A successful sign-in stores a new device (256 random bits in a cookie for a year, only the hash in the
`devices` table) unless the browser already is a known device of that account. At the next sign-in a
known device of the account counts on a counter of its own, so strangers who use up the account's
limit cannot lock its owner out; unknown devices share the account's counter.

The owner is a string: the Kundennummer for customers, `staff_owner(email)` for staff.
"""

from datetime import UTC, datetime, timedelta

from pynamodb.exceptions import DoesNotExist

from chalicelib.models import KnownDevice
from chalicelib.sessions_common import hash_secret, new_secret

DEVICE_LIFETIME = timedelta(days=365)
_MAX_COOKIE_LENGTH = 64


def staff_owner(email: str) -> str:
    """The owner of a staff account's devices (a Kundennummer is digits only: the two never meet)."""
    return f"staff:{email}"


def known_device(cookie: str | None, *, owner: str | None) -> KnownDevice | None:
    """The device record behind the cookie when it belongs to `owner` (None for an unknown account)."""
    if owner is None or not cookie or len(cookie) > _MAX_COOKIE_LENGTH:
        return None
    try:
        device = KnownDevice.get(hash_secret(cookie))
    except DoesNotExist:
        return None
    return device if device.customer_number == owner else None


def new_device(*, owner: str) -> tuple[KnownDevice, str]:
    """An unsaved device record for `owner` and its cookie value (save it with the new session)."""
    cookie = new_secret()
    now = datetime.now(UTC)
    device = KnownDevice(
        hash_secret(cookie), customer_number=owner, created_at=now, expires_at=now + DEVICE_LIFETIME
    )
    return device, cookie

"""Staff accounts and staff sign-in: e-mail, password and a TOTP code; sessions of their own.

Staff never share anything with customers: their own table, their own sessions, their own cookie
(`settings.staff_cookie_name`) and their own throttle counters. The cookie is
`<base64url(e-mail)>.<secret>`: the guard reads the session (by the secret's hash) and the staff
account in one TransactGetItems, so a deactivated account is refused on its very next request.

Known devices, the response floor and the session rules are the customers' (`chalicelib.devices`,
`chalicelib.sessions_common`): a browser that signed in to a staff account before has a sign-in limit
of its own (`settings.staff_device_cookie_name`), so strangers cannot lock staff out.
"""

import base64
import binascii
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from pynamodb.exceptions import DoesNotExist, PutError, UpdateError

from chalicelib import devices, errors, throttle, totp
from chalicelib.auth import passwords
from chalicelib.client import Client
from chalicelib.models import KnownDevice, Staff, StaffSession
from chalicelib.models.base import transaction
from chalicelib.principals import StaffSignedIn
from chalicelib.sessions_common import (
    SESSION_ABSOLUTE,
    hash_secret,
    keep_alive,
    new_secret,
    pad_to_floor,
    read_with_account,
)

__all__ = ["SESSION_ABSOLUTE", "StaffSignInResult", "StaffSignedIn"]

# The customers' rules, with counters of their own: attempts count before anything is checked and are
# given back on success; the account subject is the typed e-mail, so unknown addresses count alike.
# Strangers share the per-account limit; a device that signed in to the account before has its own.
LOGIN_PER_ACCOUNT = throttle.Limit("staff-login-account", attempts=10, window_seconds=15 * 60)
LOGIN_PER_DEVICE = throttle.Limit("staff-login-device", attempts=10, window_seconds=15 * 60)
LOGIN_PER_ADDRESS = throttle.Limit("staff-login-address", attempts=30, window_seconds=15 * 60)

_COOKIE = re.compile(r"([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})")


@dataclass(frozen=True)
class StaffSignInResult:
    """A successful staff sign-in: the account, the session cookie value, and a device cookie to set."""

    staff: Staff
    session_cookie: str
    device_cookie: str | None = None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _encode_email(email: str) -> str:
    return base64.urlsafe_b64encode(email.encode("utf-8")).decode("ascii").rstrip("=")


def _decode_email(encoded: str) -> str | None:
    try:
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
    except (binascii.Error, ValueError):
        return None


# Accounts (tools/staff.py, the local seed, tests)


def find_staff(*, email: str) -> Staff | None:
    """The staff account with this e-mail address (one GetItem), or None."""
    email = normalise_email(email)
    if not email:
        return None
    try:
        return Staff.get(email)
    except DoesNotExist:
        return None


def create_staff(*, email: str, name: str, password: str, totp_secret: str | None = None) -> Staff:
    """A new, active staff account with a new TOTP secret (or the one given); StaffExists if taken."""
    from chalicelib.validators import normalise_email as valid_email

    try:
        email = valid_email(email)
    except ValueError as error:
        raise errors.ValidationError({"email": str(error)}, message=str(error)) from None
    name = " ".join(name.split())
    if not name:
        message = "Bitte geben Sie einen Namen an."
        raise errors.ValidationError({"name": message}, message=message)
    passwords.check_password_policy(password, personal=(email, email.split("@")[0], *name.split()))
    staff = Staff(
        email,
        name=name,
        password_hash=passwords.hash_password(password),
        totp_secret=totp_secret or totp.new_secret(),
        totp_last_step=0,
        active=True,
        created_at=datetime.now(UTC),
    )
    try:
        staff.save(condition=Staff.email.does_not_exist())
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise errors.StaffExists() from None
        raise
    return staff


def list_staff() -> list[Staff]:
    """Every staff account, by e-mail address (a Scan: for the admin tool, never a request path)."""
    return sorted(Staff.scan(), key=lambda staff: staff.email)


def deactivate_staff(*, email: str) -> int:
    """Switch the account off and end its sessions; returns how many ended. StaffNotFound if unknown.

    The guard refuses a deactivated account's sessions anyway; deleting them is tidiness (a Scan,
    which is fine for the admin tool).
    """
    staff = find_staff(email=email)
    if staff is None:
        raise errors.StaffNotFound()
    staff.update(actions=[Staff.active.set(False)])
    ended = 0
    with StaffSession.batch_write() as batch:
        for session in StaffSession.scan(StaffSession.email == staff.email):
            batch.delete(session)
            ended += 1
    return ended


# Sign-in and sessions


def authenticate(
    *, email: str, password: str, code: str, client: Client, device_cookie: str | None = None
) -> StaffSignInResult:
    """Check e-mail, password and TOTP code; a new staff session on success.

    Every failure (unknown address, wrong password, deactivated account, wrong, old or replayed code)
    is the same InvalidStaffCredentials, no sooner than the response floor. The accepted time step is
    stored with a conditional update, so one code signs in once, even from two parallel requests.

    Attempts count before anything is checked: a known device of the account (`device_cookie`) on its
    own counter, every other browser on the account's, so while strangers hold that limit the owner's
    device still signs in and unknown devices get 429, even with the right password and code.
    """
    started = time.monotonic()
    subject = normalise_email(email)
    staff = find_staff(email=subject)
    device = devices.known_device(device_cookie, owner=devices.staff_owner(staff.email) if staff else None)
    account_limit = (LOGIN_PER_DEVICE, device.device_hash) if device else (LOGIN_PER_ACCOUNT, subject)
    hits = throttle.consume(hits=[(LOGIN_PER_ADDRESS, client.ip_address), account_limit])
    password_ok = passwords.verify_password(staff.password_hash if staff else None, password)
    if staff is None or not password_ok or not staff.active or not _accept_code(staff, code):
        pad_to_floor(started)
        raise errors.InvalidStaffCredentials()
    throttle.refund(hits)
    if passwords.needs_rehash(staff.password_hash):
        staff.update(actions=[Staff.password_hash.set(passwords.hash_password(password))])
    return start_session(staff=staff, device=device)


def _accept_code(staff: Staff, code: str) -> bool:
    """Accept a code once: only a step after the last accepted one, recorded with a conditional update."""
    step = totp.accepted_step(staff.totp_secret, code, last_step=int(staff.totp_last_step))
    if step is None:
        return False
    try:
        staff.update(
            actions=[Staff.totp_last_step.set(step)],
            condition=(Staff.totp_last_step < step) & (Staff.active == True),  # noqa: E712 (an expression)
        )
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return (
                False  # the same code (or a later one) was taken meanwhile, or the account was switched off
            )
        raise
    return True


def start_session(*, staff: Staff, device: KnownDevice | None) -> StaffSignInResult:
    """Store a new staff session (and this browser as a known device, if it is not) in one transaction."""
    token = new_secret()
    now = datetime.now(UTC)
    device_cookie = None
    with transaction() as tx:
        tx.save(
            StaffSession(
                hash_secret(token),
                email=staff.email,
                created_at=now,
                last_seen_at=now,
                expires_at=now + SESSION_ABSOLUTE,
            )
        )
        if device is None:
            new_device, device_cookie = devices.new_device(owner=devices.staff_owner(staff.email))
            tx.save(new_device)
    return StaffSignInResult(
        staff=staff, session_cookie=f"{_encode_email(staff.email)}.{token}", device_cookie=device_cookie
    )


def _parse_cookie(cookie: str | None) -> tuple[str, str] | None:
    match = _COOKIE.fullmatch(cookie or "")
    if match is None:
        return None
    email = _decode_email(match.group(1))
    return (email, match.group(2)) if email else None


def find_signed_in(*, cookie: str | None) -> StaffSignedIn | None:
    """The live staff session and its account for a cookie value (one TransactGetItems), or None.

    None when the cookie is malformed or unknown, the session is idle or past its absolute end, or
    the account was deactivated.
    """
    parsed = _parse_cookie(cookie)
    if parsed is None:
        return None
    email, token = parsed
    found = read_with_account(StaffSession, token, Staff, email)
    if found is None:
        return None
    session, staff = found
    if session.email != staff.email or not keep_alive(session, valid=bool(staff.active)):
        return None
    return StaffSignedIn(session=session, staff=staff)


def end_session(*, cookie: str | None) -> None:
    """Sign out: delete the session behind the cookie, if there is one."""
    parsed = _parse_cookie(cookie)
    if parsed is not None:
        StaffSession(hash_secret(parsed[1])).delete()

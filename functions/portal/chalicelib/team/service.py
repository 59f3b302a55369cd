"""Staff accounts and staff sign-in: e-mail, password and a TOTP code; sessions of their own.

Staff never share anything with customers: their own table, their own sessions, their own cookie
(`settings.staff_cookie_name`) and their own throttle counters. The cookie is
`<base64url(e-mail)>.<secret>`: the guard reads the session (by the secret's hash) and the staff
account in one TransactGetItems, so a deactivated account is refused on its very next request.
"""

import base64
import binascii
import hashlib
import re
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pynamodb.exceptions import DoesNotExist, PutError, UpdateError
from pynamodb.transactions import TransactGet

from chalicelib import errors, throttle, totp
from chalicelib.auth import passwords
from chalicelib.client import Client
from chalicelib.models import Staff, StaffSession
from chalicelib.models.base import connection
from chalicelib.settings import settings

SESSION_IDLE = timedelta(minutes=30)
SESSION_ABSOLUTE = timedelta(hours=8)
SESSION_TOUCH_AFTER = timedelta(minutes=1)  # last use is written at most once a minute

# The customers' rules, with counters of their own: attempts count before anything is checked and are
# given back on success; the account subject is the typed e-mail, so unknown addresses count alike.
LOGIN_PER_ACCOUNT = throttle.Limit("staff-login-account", attempts=10, window_seconds=15 * 60)
LOGIN_PER_ADDRESS = throttle.Limit("staff-login-address", attempts=30, window_seconds=15 * 60)

_COOKIE = re.compile(r"([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})")


@dataclass(frozen=True)
class StaffSignedIn:
    """The principal of a `staff` route: the live staff session and the account behind it."""

    session: StaffSession
    staff: Staff


@dataclass(frozen=True)
class StaffSignInResult:
    staff: Staff
    session_cookie: str


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _encode_email(email: str) -> str:
    return base64.urlsafe_b64encode(email.encode("utf-8")).decode("ascii").rstrip("=")


def _decode_email(encoded: str) -> str | None:
    try:
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
    except (binascii.Error, ValueError):
        return None


def _pad_to_floor(started: float) -> None:
    """Answer no sooner than the configured floor, so timing does not tell what was wrong."""
    remaining = settings.auth_response_floor_ms / 1000 - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)


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


def authenticate(*, email: str, password: str, code: str, client: Client) -> StaffSignInResult:
    """Check e-mail, password and TOTP code; a new staff session on success.

    Every failure (unknown address, wrong password, deactivated account, wrong, old or replayed code)
    is the same InvalidStaffCredentials, no sooner than the response floor. The accepted time step is
    stored with a conditional update, so one code signs in once, even from two parallel requests.
    """
    started = time.monotonic()
    subject = normalise_email(email)
    hits = throttle.consume(hits=[(LOGIN_PER_ADDRESS, client.ip_address), (LOGIN_PER_ACCOUNT, subject)])
    staff = find_staff(email=subject)
    password_ok = passwords.verify_password(staff.password_hash if staff else None, password)
    if staff is None or not password_ok or not staff.active or not _accept_code(staff, code):
        _pad_to_floor(started)
        raise errors.InvalidStaffCredentials()
    throttle.refund(hits)
    if passwords.needs_rehash(staff.password_hash):
        staff.update(actions=[Staff.password_hash.set(passwords.hash_password(password))])
    return StaffSignInResult(staff=staff, session_cookie=start_session(staff=staff))


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


def start_session(*, staff: Staff) -> str:
    """Store a new staff session; returns the cookie value."""
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    StaffSession(
        _hash_secret(token),
        email=staff.email,
        created_at=now,
        last_seen_at=now,
        expires_at=now + SESSION_ABSOLUTE,
    ).save()
    return f"{_encode_email(staff.email)}.{token}"


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
    with TransactGet(connection=connection()) as get:
        session_future = get.get(StaffSession, _hash_secret(token))
        staff_future = get.get(Staff, email)
    try:
        session, staff = session_future.get(), staff_future.get()
    except DoesNotExist:
        return None
    if session.email != staff.email:
        return None
    now = datetime.now(UTC)
    if (
        not staff.active
        or now - session.last_seen_at > SESSION_IDLE
        or now - session.created_at > SESSION_ABSOLUTE
    ):
        session.delete()
        return None
    if now - session.last_seen_at > SESSION_TOUCH_AFTER and not _touch_session(session, now=now):
        return None
    return StaffSignedIn(session=session, staff=staff)


def _touch_session(session: StaffSession, *, now: datetime) -> bool:
    """Record the session's last use; False when it ended meanwhile (signed out elsewhere)."""
    try:
        session.update(
            actions=[StaffSession.last_seen_at.set(now)], condition=StaffSession.session_hash.exists()
        )
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def end_session(*, cookie: str | None) -> None:
    """Sign out: delete the session behind the cookie, if there is one."""
    parsed = _parse_cookie(cookie)
    if parsed is not None:
        StaffSession(_hash_secret(parsed[1])).delete()

"""Sign-in, sessions, password reset and change, login reminder.

The session cookie is `<Kundennummer>.<secret>`: the guard reads the session (by the secret's hash) and
the customer in one TransactGetItems, so every signed-in request knows the customer's current
credential generation, and a session or reset link from before a password change is void at once.
"""

import hashlib
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactGet

if TYPE_CHECKING:
    from chalicelib.auth import schemas

from chalicelib import audit, errors, throttle
from chalicelib.audit.events import AuditEvent
from chalicelib.auth import passwords
from chalicelib.client import Client
from chalicelib.customers.service import find_customer_by_email, find_customer_by_login, get_customer
from chalicelib.mail import send_mail
from chalicelib.models import Customer, KnownDevice, PasswordResetToken, Session, TwoFactorChallenge
from chalicelib.models.base import connection, transaction, update_bookkeeping
from chalicelib.principals import SignedIn
from chalicelib.settings import settings

SESSION_IDLE = timedelta(minutes=30)
SESSION_ABSOLUTE = timedelta(hours=8)
SESSION_TOUCH_AFTER = timedelta(minutes=1)  # last use is written at most once a minute
RESET_TOKEN_LIFETIME = timedelta(minutes=30)
CHALLENGE_LIFETIME = timedelta(minutes=5)  # the second sign-in step
DEVICE_LIFETIME = timedelta(days=365)
RESET_PATH = "/kundencenter/passwort-zuruecksetzen/"
VIA_UNICORN2 = "unicorn2"  # a session that began with a one-time link from unicorn 2 (`auth.sso`)

# Sign-in attempts count before the password is checked and are given back on success. Strangers share
# the per-account limit; a device that signed in to the account before has a limit of its own.
LOGIN_PER_ACCOUNT = throttle.Limit("login-account", attempts=10, window_seconds=15 * 60)
LOGIN_PER_DEVICE = throttle.Limit("login-device", attempts=10, window_seconds=15 * 60)
LOGIN_PER_ADDRESS = throttle.Limit("login-address", attempts=30, window_seconds=15 * 60)
# Mails of "Passwort vergessen" and "Login vergessen": past the per-account (or per-device) limit the
# answer stays the same 202 and no mail goes out, so strangers learn nothing and flood nobody; a device
# that signed in to the account before has a counter of its own, so its owner can still ask for a link.
MAIL_PER_ACCOUNT = throttle.Limit("mail-account", attempts=5, window_seconds=60 * 60)
MAIL_PER_DEVICE = throttle.Limit("mail-device", attempts=5, window_seconds=60 * 60)
MAIL_PER_ADDRESS = throttle.Limit("mail-address", attempts=20, window_seconds=60 * 60)
CHANGE_PER_ACCOUNT = throttle.Limit("password-change", attempts=10, window_seconds=15 * 60)
# The reset page asks whether its link still works before the customer types a password.
RESET_CHECK_PER_ADDRESS = throttle.Limit("reset-check-address", attempts=30, window_seconds=15 * 60)

WRONG_PASSWORD = "Das Passwort ist nicht korrekt."  # noqa: S105 (a message, not a password)

_COOKIE = re.compile(r"(\d{1,20})\.([A-Za-z0-9_-]{43})")
_PUBLIC_ID = re.compile(r"[A-Za-z0-9_-]{16}")

__all__ = ["Client", "SignedIn", "TwoFactorRequired"]


@dataclass(frozen=True)
class SignInResult:
    """A successful sign-in: the customer, the session cookie value, and a device cookie value to set."""

    customer: Customer
    session_cookie: str
    device_cookie: str | None


@dataclass(frozen=True)
class TwoFactorRequired:
    """The password was right and the customer has two-factor sign-in: a code is due (`two_factor`)."""

    challenge: str


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _normalise_login(login: str) -> str:
    return login.strip().lower()


def _pad_to_floor(started: float) -> None:
    """Answer no sooner than the configured floor, so timing does not tell whether an account exists."""
    remaining = settings.auth_response_floor_ms / 1000 - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)


@contextmanager
def _response_floor() -> Iterator[None]:
    """Pad the block to the floor however it ends: an error answer (a 429) takes as long as any other."""
    started = time.monotonic()
    try:
        yield
    finally:
        _pad_to_floor(started)


# Sessions


def new_session(*, customer: Customer, client: Client, via: str | None = None) -> tuple[Session, str]:
    """An unsaved session of the customer's current credential generation, and its cookie value.

    `via` marks a session that did not begin with the password (`VIA_UNICORN2`: a one-time link).
    """
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    session = Session(
        hash_secret(token),
        public_id=secrets.token_urlsafe(12),
        customer_number=customer.customer_number,
        credential_generation=customer.credential_generation,
        created_at=now,
        last_seen_at=now,
        ip_address=client.ip_address,
        user_agent=client.user_agent,
        expires_at=now + SESSION_ABSOLUTE,
        via=via,
    )
    return session, f"{customer.customer_number}.{token}"


def find_signed_in(*, cookie: str | None, explain: bool = False) -> SignedIn | None:
    """The live session and its customer for a cookie value (one TransactGetItems), or None.

    None when the cookie is malformed or unknown, the session is idle or past its absolute end, or the
    customer's password changed after the session began. With `explain` a well-formed cookie without a
    live session raises instead: SessionExpired when the session ran out by itself, SessionEnded when it
    was ended without this browser (signed out on another device, password changed or reset).
    """
    match = _COOKIE.fullmatch(cookie or "")
    if match is None:
        return None
    customer_number, token = match.groups()
    with TransactGet(connection=connection()) as get:
        session_future = get.get(Session, hash_secret(token))
        customer_future = get.get(Customer, customer_number)
    try:
        session, customer = session_future.get(), customer_future.get()
    except DoesNotExist:
        _ended(errors.SessionEnded, explain)
        return None
    if session.customer_number != customer.customer_number:
        return None
    now = datetime.now(UTC)
    if session.credential_generation != customer.credential_generation:
        session.delete()
        _ended(errors.SessionEnded, explain)
        return None
    if now - session.last_seen_at > SESSION_IDLE or now - session.created_at > SESSION_ABSOLUTE:
        session.delete()
        _ended(errors.SessionExpired, explain)
        return None
    if now - session.last_seen_at > SESSION_TOUCH_AFTER and not _touch_session(session, now=now):
        _ended(errors.SessionEnded, explain)
        return None
    return SignedIn(session=session, customer=customer)


def _ended(error: type[errors.NotSignedIn], explain: bool) -> None:
    """Nothing, or (explain) the error that says why the cookie's session is over."""
    if explain:
        raise error()


def _touch_session(session: Session, *, now: datetime) -> bool:
    """Record the session's last use; False when it ended meanwhile (signed out on another device)."""
    try:
        session.update(actions=[Session.last_seen_at.set(now)], condition=Session.session_hash.exists())
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def end_session(*, cookie: str | None, client: Client) -> None:
    """Sign out: delete the session behind the cookie, if any."""
    signed_in = find_signed_in(cookie=cookie)
    if signed_in is None:
        return
    signed_in.session.delete()
    audit.record(customer_number=signed_in.customer_number, event=AuditEvent.LOGOUT, client=client)


def list_sessions(*, customer_number: str) -> list[Session]:
    """The customer's live sessions, most recently used first."""
    now = datetime.now(UTC)
    sessions = [
        session
        for session in Session.customer_index.query(customer_number)
        if now - session.last_seen_at <= SESSION_IDLE and now - session.created_at <= SESSION_ABSOLUTE
    ]
    return sorted(sessions, key=lambda session: session.last_seen_at, reverse=True)


def get_session_by_public_id(*, customer_number: str, public_id: str) -> Session:
    """One of the customer's sessions; SessionNotFound also when it belongs to someone else."""
    if not _PUBLIC_ID.fullmatch(public_id):
        raise errors.SessionNotFound()
    for session in list_sessions(customer_number=customer_number):
        if secrets.compare_digest(session.public_id, public_id):
            return session
    raise errors.SessionNotFound()


def revoke_session(*, customer_number: str, public_id: str, client: Client) -> None:
    session = get_session_by_public_id(customer_number=customer_number, public_id=public_id)
    session.delete()
    audit.record(customer_number=customer_number, event=AuditEvent.SESSION_REVOKED, client=client)


def revoke_other_sessions(*, session: Session, client: Client) -> int:
    """Sign out everywhere else; returns how many sessions ended."""
    ended = revoke_sessions(customer_number=session.customer_number, keep_session_hash=session.session_hash)
    audit.record(
        customer_number=session.customer_number,
        event=AuditEvent.SESSIONS_REVOKED,
        client=client,
        detail=str(ended),
    )
    return ended


def revoke_sessions(*, customer_number: str, keep_session_hash: str | None = None) -> int:
    """Delete every session of the customer except `keep_session_hash`; returns how many ended.

    Tidiness, not security: a session of an older credential generation is refused anyway, also one
    the eventually consistent index does not list yet.
    """
    ended = 0
    with Session.batch_write() as batch:
        for session in Session.customer_index.query(customer_number):
            if session.session_hash != keep_session_hash:
                batch.delete(session)
                ended += 1
    return ended


# Sign-in


def known_device(device_cookie: str | None, customer: Customer | None) -> KnownDevice | None:
    """The device record behind the cookie when it belongs to this customer."""
    if customer is None or not device_cookie or len(device_cookie) > 64:
        return None
    try:
        device = KnownDevice.get(hash_secret(device_cookie))
    except DoesNotExist:
        return None
    return device if device.customer_number == customer.customer_number else None


def authenticate(
    *, login: str, password: str, client: Client, device_cookie: str | None = None
) -> SignInResult | TwoFactorRequired:
    """Check login (e-mail or Kundennummer) and password; a new session on success.

    For a customer with two-factor sign-in the right password starts no session but hands out a
    challenge for the second step (`two_factor.complete_sign_in`).

    The per-account limit is keyed by the Kundennummer however the login was typed (by the typed login
    for unknown accounts, which are throttled alike). Attempts are counted before the password is
    checked (race-free) and given back on success.
    """
    started = time.monotonic()
    subject = _normalise_login(login)
    customer = find_customer_by_login(login=subject) if subject else None
    device = known_device(device_cookie, customer)
    if device is not None:
        account_limit = (LOGIN_PER_DEVICE, device.device_hash)
    else:
        account_limit = (LOGIN_PER_ACCOUNT, customer.customer_number if customer else f"login:{subject}")
    hits = throttle.consume(hits=[(LOGIN_PER_ADDRESS, client.ip_address), account_limit])
    if not passwords.verify_password(customer.password_hash if customer else None, password):
        if customer is not None:
            audit.record(
                customer_number=customer.customer_number, event=AuditEvent.LOGIN_FAILED, client=client
            )
        _pad_to_floor(started)
        raise errors.InvalidCredentials()
    assert customer is not None
    throttle.refund(hits)
    if passwords.needs_rehash(customer.password_hash):
        _rehash(customer, password)
    if customer.totp_secret:
        return TwoFactorRequired(challenge=issue_challenge(customer))
    return start_session(customer=customer, client=client, device=device)


def _rehash(customer: Customer, password: str) -> None:
    """Store the password's hash with the current parameters.

    Bookkeeping, not an edit: the customer's `version` stays (an open Persönliche Daten form is not made
    stale by a sign-in), and the hash is replaced only while it is still the one just checked, so a
    password change at the same moment is never undone. When that change came first, nothing is written.
    """
    try:
        update_bookkeeping(
            customer,
            actions=[Customer.password_hash.set(passwords.hash_password(password))],
            condition=Customer.password_hash == customer.password_hash,
        )
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise


def reauthenticate(
    *, customer: Customer, password: str, limit: throttle.Limit = CHANGE_PER_ACCOUNT, refund: bool = True
) -> None:
    """The password check before a change of a signed-in customer, throttled on `limit` (per account).

    A wrong password is a field error under `password`. The attempt is given back when the password was
    right, unless `refund` is False (a change that mails an address the requester chose counts anyway).
    """
    hits = throttle.consume(hits=[(limit, customer.customer_number)])
    if not passwords.verify_password(customer.password_hash, password):
        raise errors.ValidationError({"password": WRONG_PASSWORD}, message=WRONG_PASSWORD)
    if refund:
        throttle.refund(hits)


def issue_challenge(customer: Customer, *, via: str | None = None) -> str:
    """Store a new second-step challenge (only its hash) for the customer; returns the challenge.

    `via` is handed on to the session the challenge's code starts (see `new_session`).
    """
    challenge = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    TwoFactorChallenge(
        hash_secret(challenge),
        customer_number=customer.customer_number,
        credential_generation=customer.credential_generation,
        created_at=now,
        expires_at=now + CHALLENGE_LIFETIME,
        via=via,
    ).save()
    return challenge


def start_session(
    *, customer: Customer, client: Client, device: KnownDevice | None, via: str | None = None
) -> SignInResult:
    """Store a new session (and the device as known, if it is not), with the audit entry, in one transaction.

    A session `via` unicorn 2 is audited as such ("Anmeldung über unicorn 2"), a password sign-in as "Anmeldung".
    """
    session, cookie = new_session(customer=customer, client=client, via=via)
    event = AuditEvent.LOGIN_UNICORN2 if via == VIA_UNICORN2 else AuditEvent.LOGIN
    device_cookie = None
    with transaction() as tx:
        tx.save(session)
        tx.save(audit.entry(customer_number=customer.customer_number, event=event, client=client))
        if device is None:
            device_cookie = secrets.token_urlsafe(32)
            now = datetime.now(UTC)
            tx.save(
                KnownDevice(
                    hash_secret(device_cookie),
                    customer_number=customer.customer_number,
                    created_at=now,
                    expires_at=now + DEVICE_LIFETIME,
                )
            )
    return SignInResult(customer=customer, session_cookie=cookie, device_cookie=device_cookie)


# Password reset and login reminder


def _may_mail(*, customer: Customer | None, subject: str, client: Client, device_cookie: str | None) -> bool:
    """Count a "Passwort vergessen"/"Login vergessen" request; whether a mail may go out.

    The client address has its limit (429 when it is used up). The account's limit (a known device of
    the account: the device's own) does not answer 429 when used up but sends nothing: the answer is the
    202 an unknown account gets, so strangers neither learn anything nor block the owner's browser, and
    the owner gets at most 5 such mails an hour from strangers.
    """
    throttle.consume(hits=[(MAIL_PER_ADDRESS, client.ip_address)])
    device = known_device(device_cookie, customer)
    if device is not None:
        account_limit = (MAIL_PER_DEVICE, device.device_hash)
    else:
        account_limit = (MAIL_PER_ACCOUNT, customer.customer_number if customer else f"login:{subject}")
    try:
        throttle.consume(hits=[account_limit])
    except errors.TooManyAttempts:
        return False
    return customer is not None


def request_password_reset(*, login: str, client: Client, device_cookie: str | None = None) -> None:
    """Mail a reset link when the account exists; looks the same from outside either way.

    Also the same when the mail limit is used up or SES does not take the mail (`send_mail` is False):
    only the per-address limit answers differently (429), and that for every login alike.
    """
    subject = _normalise_login(login)
    with _response_floor():
        customer = find_customer_by_login(login=subject) if subject else None
        if not _may_mail(customer=customer, subject=subject, client=client, device_cookie=device_cookie):
            return
        assert customer is not None
        token = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        PasswordResetToken(
            hash_secret(token),
            customer_number=customer.customer_number,
            credential_generation=customer.credential_generation,
            created_at=now,
            expires_at=now + RESET_TOKEN_LIFETIME,
        ).save()
        link = f"{settings.site_origin}{RESET_PATH}#token={token}"
        send_mail(
            to=customer.email,
            subject="Ihr Link zum Zurücksetzen des Passworts",
            text=(
                f"{greeting(customer)}\n\n"
                "Sie haben einen neuen Zugang zu Ihrem Kundencenter angefordert. "
                "Über diesen Link vergeben Sie ein neues Passwort:\n\n"
                f"{link}\n\n"
                "Der Link ist 30 Minuten gültig und kann einmal verwendet werden.\n"
                "Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail; "
                "Ihr bisheriges Passwort bleibt gültig.\n\n"
                "Freundliche Grüße\nIhr unicorn 2 Kundenservice\n"
            ),
        )
        audit.record(
            customer_number=customer.customer_number, event=AuditEvent.PASSWORD_RESET_REQUESTED, client=client
        )


def _usable_reset(token: str) -> tuple[PasswordResetToken, Customer]:
    """The mailed token and its customer; InvalidResetToken when unknown, used, expired or outdated."""
    try:
        reset = PasswordResetToken.get(hash_secret(token))
    except DoesNotExist:
        raise errors.InvalidResetToken() from None
    if datetime.now(UTC) >= reset.expires_at:
        raise errors.InvalidResetToken()
    try:
        customer = get_customer(customer_number=reset.customer_number)
    except errors.CustomerNotFound:
        raise errors.InvalidResetToken() from None
    if reset.credential_generation != customer.credential_generation:
        raise errors.InvalidResetToken()  # the password changed after this link was sent
    return reset, customer


def check_reset_token(*, token: str, client: Client) -> None:
    """Whether a mailed token would still set a password: returns, or raises the reset's own
    InvalidResetToken. Reveals nothing about the account; throttled per client address."""
    throttle.consume(hits=[(RESET_CHECK_PER_ADDRESS, client.ip_address)])
    _usable_reset(token)


def reset_password(*, token: str, new_password: str, client: Client) -> None:
    """Set a new password with a mailed token: single use, 30 minutes; ends all sessions and links."""
    reset, customer = _usable_reset(token)
    passwords.check_password_policy(new_password, personal=_personal_words(customer))
    try:
        with transaction() as tx:
            tx.delete(reset, condition=PasswordResetToken.token_hash.exists())
            tx.update(
                customer,
                actions=_new_password_actions(new_password),
                condition=Customer.credential_generation == customer.credential_generation,
            )
            tx.save(
                audit.entry(
                    customer_number=customer.customer_number, event=AuditEvent.PASSWORD_RESET, client=client
                )
            )
    except TransactWriteError:
        raise errors.InvalidResetToken() from None
    revoke_sessions(customer_number=customer.customer_number)
    _mail_password_changed(
        customer, what="über den E-Mail-Link neu gesetzt. Alle bestehenden Anmeldungen wurden beendet."
    )


def _new_password_actions(new_password: str) -> list[Action]:
    """Set the password and start a new credential generation (older sessions and links are void)."""
    return [
        Customer.password_hash.set(passwords.hash_password(new_password)),
        Customer.password_changed_at.set(datetime.now(UTC)),
        Customer.credential_generation.add(1),
        Customer.pending_email_token.remove(),  # a pending login-address link is void (it is bound anyway)
    ]


def send_login_reminder(*, email: str, client: Client, device_cookie: str | None = None) -> None:
    """Mail the Kundennummer to `email` when it belongs to a customer; looks the same either way.

    Throttled and answered like `request_password_reset`.
    """
    subject = _normalise_login(email)
    with _response_floor():
        customer = find_customer_by_email(email=subject)
        if not _may_mail(customer=customer, subject=subject, client=client, device_cookie=device_cookie):
            return
        assert customer is not None
        send_mail(
            to=customer.email,
            subject="Ihre Kundennummer für das Kundencenter",
            text=(
                f"{greeting(customer)}\n\n"
                f"Ihre Kundennummer lautet: {customer.customer_number}\n\n"
                "Sie melden sich im Kundencenter mit dieser Kundennummer oder mit Ihrer E-Mail-Adresse an:\n"
                f"{settings.site_origin}/kundencenter/anmelden/\n\n"
                "Wenn Sie das nicht angefordert haben, können Sie diese E-Mail ignorieren.\n\n"
                "Freundliche Grüße\nIhr unicorn 2 Kundenservice\n"
            ),
        )
        audit.record(
            customer_number=customer.customer_number, event=AuditEvent.LOGIN_REMINDER_SENT, client=client
        )


def change_password(*, signed_in: SignedIn, current_password: str, new_password: str, client: Client) -> None:
    """Change the password of the signed-in customer; this session lives on, every other one ends."""
    customer, session = signed_in.customer, signed_in.session
    hits = throttle.consume(hits=[(CHANGE_PER_ACCOUNT, customer.customer_number)])
    if not passwords.verify_password(customer.password_hash, current_password):
        raise errors.ValidationError(
            {"current_password": "Das aktuelle Passwort ist nicht korrekt."},
            message="Das aktuelle Passwort ist nicht korrekt.",
        )
    throttle.refund(hits)
    if new_password == current_password:
        message = "Das neue Passwort muss sich vom aktuellen unterscheiden."
        raise errors.ValidationError({"new_password": message}, message=message)
    passwords.check_password_policy(new_password, personal=_personal_words(customer), field="new_password")
    try:
        with transaction() as tx:
            tx.update(
                customer,
                actions=_new_password_actions(new_password),
                condition=Customer.credential_generation == customer.credential_generation,
            )
            # This session moves to the new generation with the password; all others are void.
            tx.update(
                session,
                actions=[Session.credential_generation.set(customer.credential_generation + 1)],
                condition=Session.session_hash.exists(),
            )
            tx.save(
                audit.entry(
                    customer_number=customer.customer_number, event=AuditEvent.PASSWORD_CHANGED, client=client
                )
            )
    except TransactWriteError:
        raise errors.StaleWrite() from None
    revoke_sessions(customer_number=customer.customer_number, keep_session_hash=session.session_hash)
    _mail_password_changed(customer, what="geändert. Alle anderen Anmeldungen wurden beendet.")


def _mail_password_changed(customer: Customer, *, what: str) -> None:
    send_mail(
        to=customer.email,
        subject="Ihr Passwort wurde geändert",
        text=(
            f"{greeting(customer)}\n\n"
            f"das Passwort für Ihr Kundencenter wurde soeben {what}\n\n"
            "Wenn Sie das nicht waren, setzen Sie Ihr Passwort bitte sofort über "
            f"{settings.site_origin}/kundencenter/passwort-vergessen/ neu und wenden Sie sich an unseren Support.\n\n"
            "Freundliche Grüße\nIhr unicorn 2 Kundenservice\n"
        ),
    )


def greeting(customer: Customer) -> str:
    """ "Guten Tag Frau Mustermann," (or the full name where no salutation is known)."""
    if customer.salutation in ("Frau", "Herr"):
        return f"Guten Tag {customer.salutation} {customer.last_name},"
    return f"Guten Tag {customer.display_name},"


def _personal_words(customer: Customer) -> tuple[str, ...]:
    return (
        customer.customer_number,
        customer.email,
        customer.email.split("@")[0],
        customer.first_name,
        customer.last_name,
    )


# Data export


def export_sessions(customer_number: str) -> "schemas.SessionsExport":
    """The data export's "sessions" part: the signed-in devices (no session hashes, no cookies)."""
    from chalicelib.auth import schemas

    return schemas.SessionsExport(
        sessions=[
            schemas.SessionExport(
                id=session.public_id,
                created_at=session.created_at.isoformat(),
                last_seen_at=session.last_seen_at.isoformat(),
                expires_at=session.expires_at.isoformat(),
                ip_address=session.ip_address,
                user_agent=session.user_agent,
                via="unicorn2" if session.via == VIA_UNICORN2 else None,
            )
            for session in list_sessions(customer_number=customer_number)
        ]
    )

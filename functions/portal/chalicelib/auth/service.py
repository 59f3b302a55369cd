"""Sign-in, sessions, password reset and change, login reminder."""

import hashlib
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError

from chalicelib import errors, throttle
from chalicelib.audit.service import new_entry, record_event
from chalicelib.auth import passwords
from chalicelib.customers.service import find_customer_by_email, find_customer_by_login, get_customer
from chalicelib.mail import send_mail
from chalicelib.models import Customer, PasswordResetToken, Session
from chalicelib.models.base import transaction
from chalicelib.settings import settings

SESSION_IDLE = timedelta(minutes=30)
SESSION_ABSOLUTE = timedelta(hours=8)
SESSION_TOUCH_AFTER = timedelta(minutes=1)  # last use is written at most once a minute
RESET_TOKEN_LIFETIME = timedelta(minutes=30)
RESET_PATH = "/kundencenter/passwort-zuruecksetzen/"

LOGIN_PER_ACCOUNT = throttle.Limit("login-account", attempts=10, window_seconds=15 * 60)
LOGIN_PER_ADDRESS = throttle.Limit("login-address", attempts=30, window_seconds=15 * 60)
MAIL_PER_ACCOUNT = throttle.Limit("mail-account", attempts=5, window_seconds=60 * 60)
MAIL_PER_ADDRESS = throttle.Limit("mail-address", attempts=20, window_seconds=60 * 60)
CHANGE_PER_ACCOUNT = throttle.Limit("password-change", attempts=10, window_seconds=15 * 60)


@dataclass(frozen=True)
class Client:
    """Who is asking: the client address and the browser's User-Agent."""

    ip_address: str
    user_agent: str


def _hash_secret(secret: str) -> str:
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
    started = time.monotonic()
    yield
    _pad_to_floor(started)


# Sessions


def create_session(*, customer_number: str, client: Client) -> tuple[Session, str]:
    """A new session; returns it with the secret id for the cookie (256 random bits)."""
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    session = Session(
        _hash_secret(token),
        public_id=secrets.token_urlsafe(12),
        customer_number=customer_number,
        created_at=now,
        last_seen_at=now,
        ip_address=client.ip_address,
        user_agent=client.user_agent,
        expires_at=now + SESSION_ABSOLUTE,
    )
    session.save()
    return session, token


def find_session(*, token: str | None) -> Session | None:
    """The live session for a cookie value, or None (unknown, idle or past its absolute end)."""
    if not token or len(token) > 128:
        return None
    try:
        session = Session.get(_hash_secret(token))
    except DoesNotExist:
        return None
    now = datetime.now(UTC)
    if now - session.last_seen_at > SESSION_IDLE or now - session.created_at > SESSION_ABSOLUTE:
        session.delete()
        return None
    if now - session.last_seen_at > SESSION_TOUCH_AFTER and not _touch_session(session, now=now):
        return None
    return session


def _touch_session(session: Session, *, now: datetime) -> bool:
    """Record the session's last use; False when it ended meanwhile (signed out on another device)."""
    try:
        session.update(actions=[Session.last_seen_at.set(now)], condition=Session.session_hash.exists())
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def end_session(*, token: str | None, client: Client) -> None:
    """Sign out: delete the session behind the cookie, if any."""
    session = find_session(token=token)
    if session is None:
        return
    session.delete()
    record_event(
        customer_number=session.customer_number,
        event="logout",
        ip_address=client.ip_address,
        user_agent=client.user_agent,
    )


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
    for session in list_sessions(customer_number=customer_number):
        if secrets.compare_digest(session.public_id, public_id):
            return session
    raise errors.SessionNotFound()


def revoke_session(*, customer_number: str, public_id: str, client: Client) -> None:
    session = get_session_by_public_id(customer_number=customer_number, public_id=public_id)
    session.delete()
    record_event(
        customer_number=customer_number,
        event="session_revoked",
        ip_address=client.ip_address,
        user_agent=client.user_agent,
    )


def revoke_other_sessions(*, session: Session, client: Client) -> int:
    """Sign out everywhere else; returns how many sessions ended."""
    ended = revoke_sessions(customer_number=session.customer_number, keep_session_hash=session.session_hash)
    record_event(
        customer_number=session.customer_number,
        event="sessions_revoked",
        ip_address=client.ip_address,
        user_agent=client.user_agent,
        detail=str(ended),
    )
    return ended


def revoke_sessions(*, customer_number: str, keep_session_hash: str | None = None) -> int:
    """Delete every session of the customer except `keep_session_hash`; returns how many ended."""
    ended = 0
    with Session.batch_write() as batch:
        for session in Session.customer_index.query(customer_number):
            if session.session_hash != keep_session_hash:
                batch.delete(session)
                ended += 1
    return ended


# Sign-in


def authenticate(*, login: str, password: str, client: Client) -> tuple[Customer, str]:
    """Check login (e-mail or Kundennummer) and password; returns the customer and a new session id."""
    started = time.monotonic()
    subject = _normalise_login(login)
    throttle.check(checks=[(LOGIN_PER_ACCOUNT, subject), (LOGIN_PER_ADDRESS, client.ip_address)])
    customer = find_customer_by_login(login=subject) if subject else None
    if not passwords.verify_password(customer.password_hash if customer else None, password):
        throttle.record(hits=[(LOGIN_PER_ACCOUNT, subject), (LOGIN_PER_ADDRESS, client.ip_address)])
        if customer is not None:
            record_event(
                customer_number=customer.customer_number,
                event="login_failed",
                ip_address=client.ip_address,
                user_agent=client.user_agent,
            )
        _pad_to_floor(started)
        raise errors.InvalidCredentials()
    assert customer is not None
    if passwords.needs_rehash(customer.password_hash):
        customer.update(actions=[Customer.password_hash.set(passwords.hash_password(password))])
    _, token = create_session(customer_number=customer.customer_number, client=client)
    record_event(
        customer_number=customer.customer_number,
        event="login",
        ip_address=client.ip_address,
        user_agent=client.user_agent,
    )
    return customer, token


# Password reset and login reminder


def request_password_reset(*, login: str, client: Client) -> None:
    """Mail a reset link when the account exists; looks the same from outside either way."""
    subject = _normalise_login(login)
    with _response_floor():
        throttle.check_and_record(hits=[(MAIL_PER_ACCOUNT, subject), (MAIL_PER_ADDRESS, client.ip_address)])
        customer = find_customer_by_login(login=subject) if subject else None
        if customer is None:
            return
        token = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        PasswordResetToken(
            _hash_secret(token),
            customer_number=customer.customer_number,
            created_at=now,
            expires_at=now + RESET_TOKEN_LIFETIME,
        ).save()
        link = f"{settings.site_origin}{RESET_PATH}#token={token}"
        send_mail(
            to=customer.email,
            subject="Ihr Link zum Zurücksetzen des Passworts",
            text=(
                f"{_greeting(customer)}\n\n"
                "Sie haben einen neuen Zugang zu Ihrem Kundencenter angefordert. "
                "Über diesen Link vergeben Sie ein neues Passwort:\n\n"
                f"{link}\n\n"
                "Der Link ist 30 Minuten gültig und kann einmal verwendet werden.\n"
                "Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail; "
                "Ihr bisheriges Passwort bleibt gültig.\n\n"
                "Ihr unicorn 2 Kundenservice\n"
            ),
        )
        record_event(
            customer_number=customer.customer_number,
            event="password_reset_requested",
            ip_address=client.ip_address,
            user_agent=client.user_agent,
        )


def reset_password(*, token: str, new_password: str, client: Client) -> None:
    """Set a new password with a mailed token: single use, 30 minutes; ends all sessions."""
    try:
        reset = PasswordResetToken.get(_hash_secret(token))
    except DoesNotExist:
        raise errors.InvalidResetToken() from None
    if datetime.now(UTC) >= reset.expires_at:
        raise errors.InvalidResetToken()
    customer = get_customer(customer_number=reset.customer_number)
    passwords.check_password_policy(new_password, personal=_personal_words(customer))
    now = datetime.now(UTC)
    try:
        with transaction() as tx:
            tx.delete(reset, condition=PasswordResetToken.token_hash.exists())
            tx.update(
                customer,
                actions=[
                    Customer.password_hash.set(passwords.hash_password(new_password)),
                    Customer.password_changed_at.set(now),
                ],
            )
            tx.save(
                new_entry(
                    customer_number=customer.customer_number,
                    event="password_reset",
                    ip_address=client.ip_address,
                    user_agent=client.user_agent,
                )
            )
    except TransactWriteError:
        raise errors.InvalidResetToken() from None
    revoke_sessions(customer_number=customer.customer_number)
    _mail_password_changed(
        customer, what="über den E-Mail-Link neu gesetzt. Alle bestehenden Anmeldungen wurden beendet."
    )


def send_login_reminder(*, email: str, client: Client) -> None:
    """Mail the Kundennummer to `email` when it belongs to a customer; looks the same either way."""
    subject = _normalise_login(email)
    with _response_floor():
        throttle.check_and_record(hits=[(MAIL_PER_ACCOUNT, subject), (MAIL_PER_ADDRESS, client.ip_address)])
        customer = find_customer_by_email(email=subject)
        if customer is None:
            return
        send_mail(
            to=customer.email,
            subject="Ihre Kundennummer für das Kundencenter",
            text=(
                f"{_greeting(customer)}\n\n"
                f"Ihre Kundennummer lautet: {customer.customer_number}\n\n"
                "Sie melden sich im Kundencenter mit dieser Kundennummer oder mit Ihrer E-Mail-Adresse an:\n"
                f"{settings.site_origin}/kundencenter/anmelden/\n\n"
                "Wenn Sie das nicht angefordert haben, können Sie diese E-Mail ignorieren.\n\n"
                "Ihr unicorn 2 Kundenservice\n"
            ),
        )
        record_event(
            customer_number=customer.customer_number,
            event="login_reminder_sent",
            ip_address=client.ip_address,
            user_agent=client.user_agent,
        )


def change_password(*, session: Session, current_password: str, new_password: str, client: Client) -> None:
    """Change the password of the signed-in customer; ends every other session."""
    throttle.check(checks=[(CHANGE_PER_ACCOUNT, session.customer_number)])
    customer = get_customer(customer_number=session.customer_number)
    if not passwords.verify_password(customer.password_hash, current_password):
        throttle.record(hits=[(CHANGE_PER_ACCOUNT, session.customer_number)])
        raise errors.ValidationError(
            {"current_password": "Das aktuelle Passwort ist nicht korrekt."},
            message="Das aktuelle Passwort ist nicht korrekt.",
        )
    if new_password == current_password:
        message = "Das neue Passwort muss sich vom aktuellen unterscheiden."
        raise errors.ValidationError({"new_password": message}, message=message)
    passwords.check_password_policy(new_password, personal=_personal_words(customer), field="new_password")
    try:
        with transaction() as tx:
            tx.update(
                customer,
                actions=[
                    Customer.password_hash.set(passwords.hash_password(new_password)),
                    Customer.password_changed_at.set(datetime.now(UTC)),
                ],
            )
            tx.save(
                new_entry(
                    customer_number=customer.customer_number,
                    event="password_changed",
                    ip_address=client.ip_address,
                    user_agent=client.user_agent,
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
            f"{_greeting(customer)}\n\n"
            f"das Passwort für Ihr Kundencenter wurde soeben {what}\n\n"
            "Wenn Sie das nicht waren, setzen Sie Ihr Passwort bitte sofort über "
            f"{settings.site_origin}/kundencenter/passwort-vergessen/ neu und wenden Sie sich an unseren Support.\n\n"
            "Ihr unicorn 2 Kundenservice\n"
        ),
    )


def _greeting(customer: Customer) -> str:
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

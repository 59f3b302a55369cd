"""Two-factor sign-in for customers: TOTP (shared helper `chalicelib.totp`) and 10 single-use recovery codes.

Switching it on takes two steps: `start_setup` (password) holds a new secret pending for 10 minutes,
`enable` (a code from the app and the `version` the page read) makes it active and hands out the
recovery codes, once. Switching off and new recovery codes need the password and a code. Every code is
used up with a conditional update (the TOTP step must be later than the last one accepted, a recovery
code's hash must still be stored), so two parallel requests with the same code cannot both succeed.

The second sign-in step (`complete_sign_in`) answers a challenge from `service.authenticate`: 256 bits,
stored hashed, 5 minutes, void after a password change and after 5 codes checked.
"""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from pynamodb.exceptions import DeleteError, DoesNotExist, TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from chalicelib import audit, errors, throttle, totp
from chalicelib.audit.events import AuditEvent
from chalicelib.auth.service import (
    SignedIn,
    SignInResult,
    greeting,
    hash_secret,
    known_device,
    reauthenticate,
    start_session,
)
from chalicelib.client import Client
from chalicelib.customers.service import get_customer
from chalicelib.mail import send_mail
from chalicelib.models import Customer, TwoFactorChallenge
from chalicelib.models.base import transaction, update_bookkeeping
from chalicelib.settings import settings

SETUP_LIFETIME = timedelta(minutes=10)
CHALLENGE_ATTEMPTS = 5
RECOVERY_CODE_COUNT = 10
# 32 letters and digits without the look-alikes l/1 and o/0: 5 bits a character, 12 characters = 60 bits.
RECOVERY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
RECOVERY_GROUPS = 3
RECOVERY_GROUP_LENGTH = 4
# Codes at the second sign-in step and when switching off: counted first, given back on success.
CODE_PER_ACCOUNT = throttle.Limit("two-factor-account", attempts=10, window_seconds=15 * 60)

WRONG_CODE = "Der Code ist nicht korrekt. Bitte geben Sie den aktuellen Code aus Ihrer App ein."
SECURITY_URL = "/kundencenter/sicherheit/"


@dataclass(frozen=True)
class Status:
    enabled: bool
    recovery_codes_left: int
    version: int


@dataclass(frozen=True)
class Setup:
    secret: str  # grouped in fours for typing
    otpauth_uri: str
    expires_at: datetime
    version: int


@dataclass(frozen=True)
class RecoveryCodes:
    codes: list[str]
    version: int


@dataclass(frozen=True)
class SecondFactor:
    """A code that matched: the condition under which it is still unused, and how to use it up."""

    recovery: bool
    condition: Condition
    use_up: list[Action] = field(default_factory=list)


# Recovery codes


def new_recovery_codes() -> list[str]:
    """10 new codes such as "abcd-efgh-ijkm" (60 random bits each)."""
    return [
        "-".join(
            "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUP_LENGTH))
            for _ in range(RECOVERY_GROUPS)
        )
        for _ in range(RECOVERY_CODE_COUNT)
    ]


def _normalise_recovery_code(code: str) -> str:
    return "".join(character for character in code.lower() if character.isalnum())


def hash_recovery_code(code: str) -> str:
    """SHA-256 of the code without spaces, hyphens and case (what is stored)."""
    return hashlib.sha256(_normalise_recovery_code(code).encode("utf-8")).hexdigest()


def _looks_like_recovery_code(code: str) -> bool:
    normalised = _normalise_recovery_code(code)
    return len(normalised) == RECOVERY_GROUPS * RECOVERY_GROUP_LENGTH and all(
        character in RECOVERY_ALPHABET for character in normalised
    )


# Checking a code


def match_code(customer: Customer, code: str) -> SecondFactor | None:
    """The second factor `code` stands for (a TOTP code of a later step, an unused recovery code), or None."""
    if not customer.totp_secret:
        return None
    step = totp.accepted_step(customer.totp_secret, code, last_step=int(customer.totp_last_step))
    if step is not None:
        return SecondFactor(
            recovery=False,
            condition=Customer.totp_secret.exists() & (Customer.totp_last_step < step),
            use_up=[Customer.totp_last_step.set(step)],
        )
    if _looks_like_recovery_code(code):
        hashed = hash_recovery_code(code)
        if hashed in (customer.recovery_code_hashes or set()):
            return SecondFactor(
                recovery=True,
                condition=Customer.totp_secret.exists() & Customer.recovery_code_hashes.contains(hashed),
                use_up=[Customer.recovery_code_hashes.delete({hashed})],
            )
    return None


def _use_up(customer: Customer, factor: SecondFactor) -> bool:
    """Mark the code used, unless a parallel request used it first (then False)."""
    try:
        update_bookkeeping(customer, actions=factor.use_up, condition=factor.condition)
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


# Status and setup


def get_status(customer: Customer) -> Status:
    return Status(
        enabled=bool(customer.totp_secret),
        recovery_codes_left=len(customer.recovery_code_hashes or ()) if customer.totp_secret else 0,
        version=customer.version,
    )


def _grouped(secret: str) -> str:
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def start_setup(*, signed_in: SignedIn, password: str) -> Setup:
    """Hold a new secret pending for 10 minutes (replacing an earlier one); active only after `enable`."""
    customer = signed_in.customer
    if customer.totp_secret:
        raise errors.TwoFactorAlreadyEnabled()
    reauthenticate(customer=customer, password=password)
    secret = totp.new_secret()
    until = datetime.now(UTC) + SETUP_LIFETIME
    try:
        customer.update(
            actions=[Customer.totp_pending_secret.set(secret), Customer.totp_pending_until.set(until)],
            condition=Customer.totp_secret.does_not_exist(),
            add_version_condition=False,
        )
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise errors.TwoFactorAlreadyEnabled() from None
        raise
    return Setup(
        secret=_grouped(secret),
        otpauth_uri=totp.provisioning_uri(secret, account=customer.customer_number),
        expires_at=until,
        version=customer.version,
    )


def enable(*, signed_in: SignedIn, code: str, version: int, client: Client) -> RecoveryCodes:
    """Switch two-factor sign-in on with a code of the pending secret; the 10 recovery codes, shown once.

    Optimistic locking: `version` is the customer's version the page read (it came with the setup). If the
    record changed since (another tab started a new setup, switched on, ...), nothing is written and the
    answer is a 409 `StaleWrite`; the update carries the same check as a condition, so a change between
    reading and writing is caught too.
    """
    customer = signed_in.customer
    if customer.totp_secret:
        raise errors.TwoFactorAlreadyEnabled()
    if version != customer.version:
        raise errors.StaleWrite()
    secret, until = customer.totp_pending_secret, customer.totp_pending_until
    if not secret or until is None or datetime.now(UTC) >= until:
        raise errors.TwoFactorSetupExpired()
    step = totp.accepted_step(secret, code)
    if step is None:
        raise errors.ValidationError({"code": WRONG_CODE}, message=WRONG_CODE)
    codes = new_recovery_codes()
    try:
        with transaction() as tx:
            tx.update(  # PynamoDB adds `version = <the version read>` and raises the version by one
                customer,
                actions=[
                    Customer.totp_secret.set(secret),
                    Customer.totp_last_step.set(step),
                    Customer.recovery_code_hashes.set({hash_recovery_code(item) for item in codes}),
                    Customer.totp_pending_secret.remove(),
                    Customer.totp_pending_until.remove(),
                ],
                condition=Customer.totp_secret.does_not_exist(),
            )
            tx.save(
                audit.entry(
                    customer_number=customer.customer_number,
                    event=AuditEvent.TWO_FACTOR_ENABLED,
                    client=client,
                )
            )
    except TransactWriteError:
        raise errors.StaleWrite() from None
    _mail_notice(
        customer,
        subject="Zwei-Faktor-Anmeldung eingeschaltet",
        what="für Ihr Kundencenter ist ab sofort die Zwei-Faktor-Anmeldung eingeschaltet. Bei jeder "
        "Anmeldung fragen wir nach dem Passwort zusätzlich einen Code aus Ihrer Authenticator-App ab.",
    )
    return RecoveryCodes(codes=codes, version=customer.version)  # raised by the committed transaction


def _confirm_change(customer: Customer, *, password: str, code: str) -> SecondFactor:
    """Password and a code (TOTP or recovery) for switching off or renewing the recovery codes."""
    if not customer.totp_secret:
        raise errors.TwoFactorNotEnabled()
    reauthenticate(customer=customer, password=password)
    hits = throttle.consume(hits=[(CODE_PER_ACCOUNT, customer.customer_number)])
    factor = match_code(customer, code)
    if factor is None:
        raise errors.ValidationError({"code": WRONG_CODE}, message=WRONG_CODE)
    throttle.refund(hits)
    return factor


def disable(*, signed_in: SignedIn, password: str, code: str, client: Client) -> Status:
    """Switch two-factor sign-in off (password and a code): secret and recovery codes are deleted."""
    customer = signed_in.customer
    factor = _confirm_change(customer, password=password, code=code)
    actions: list[Action] = [Customer.totp_secret.remove(), Customer.recovery_code_hashes.remove()]
    if not factor.recovery:
        actions += factor.use_up  # the TOTP step stays used: the same code cannot switch it on again
    _change(customer, actions=actions, factor=factor, event=AuditEvent.TWO_FACTOR_DISABLED, client=client)
    _mail_notice(
        customer,
        subject="Zwei-Faktor-Anmeldung ausgeschaltet",
        what="für Ihr Kundencenter wurde die Zwei-Faktor-Anmeldung ausgeschaltet. Sie melden sich nun "
        "wieder nur mit Ihrem Passwort an; Ihre Wiederherstellungscodes gelten nicht mehr.",
    )
    return Status(enabled=False, recovery_codes_left=0, version=customer.version)


def disable_by_support(*, customer_number: str, staff_email: str, reason: str, client: Client) -> None:
    """Switch a customer's two-factor sign-in off for the support team, after it checked who is asking
    (the customer lost the app and every recovery code). The customer's log says so and a mail tells them;
    who did it and why goes to the service's log."""
    import logging

    from chalicelib import logs

    customer = get_customer(customer_number=customer_number) if customer_number.isdigit() else None
    if customer is None:
        raise errors.CustomerNotFound()
    if not customer.totp_secret:
        raise errors.TwoFactorNotEnabled()
    try:
        with transaction() as tx:
            tx.update(
                customer,
                actions=[Customer.totp_secret.remove(), Customer.recovery_code_hashes.remove()],
                condition=Customer.totp_secret == customer.totp_secret,
                add_version_condition=False,
            )
            tx.save(
                audit.entry(
                    customer_number=customer_number,
                    event=AuditEvent.TWO_FACTOR_DISABLED_BY_SUPPORT,
                    client=client,
                )
            )
    except TransactWriteError:
        raise errors.TwoFactorNotEnabled() from None  # switched off (or set up anew) meanwhile
    logs.event(
        "two_factor_disabled_by_support",
        level=logging.INFO,
        customer_number=customer_number,
        staff=staff_email,
        reason=reason,
    )
    _mail_notice(
        customer,
        subject="Zwei-Faktor-Anmeldung vom Support ausgeschaltet",
        what="auf Ihre Anfrage hat unser Support die Zwei-Faktor-Anmeldung für Ihr Kundencenter "
        "ausgeschaltet. Sie melden sich nun wieder nur mit Ihrem Passwort an; Ihre Wiederherstellungscodes "
        f"gelten nicht mehr. Richten Sie sie gern wieder ein: {settings.site_origin}{SECURITY_URL}",
    )


def renew_recovery_codes(*, signed_in: SignedIn, password: str, code: str, client: Client) -> RecoveryCodes:
    """10 new recovery codes (password and a code); the old ones stop working."""
    customer = signed_in.customer
    factor = _confirm_change(customer, password=password, code=code)
    codes = new_recovery_codes()
    actions: list[Action] = [Customer.recovery_code_hashes.set({hash_recovery_code(item) for item in codes})]
    if not factor.recovery:
        actions += factor.use_up
    _change(customer, actions=actions, factor=factor, event=AuditEvent.RECOVERY_CODES_RENEWED, client=client)
    _mail_notice(
        customer,
        subject="Neue Wiederherstellungscodes erzeugt",
        what="für Ihr Kundencenter wurden neue Wiederherstellungscodes erzeugt. Die bisherigen Codes "
        "gelten nicht mehr.",
    )
    return RecoveryCodes(codes=codes, version=customer.version)


def _change(
    customer: Customer, *, actions: list[Action], factor: SecondFactor, event: AuditEvent, client: Client
) -> None:
    """Apply a change confirmed with `factor`, using the code up, with its audit entry (one transaction)."""
    try:
        with transaction() as tx:
            tx.update(customer, actions=actions, condition=factor.condition, add_version_condition=False)
            tx.save(audit.entry(customer_number=customer.customer_number, event=event, client=client))
    except TransactWriteError:
        # The code was used meanwhile by a parallel request (or two-factor sign-in was switched off).
        raise errors.ValidationError({"code": WRONG_CODE}, message=WRONG_CODE) from None


def _mail_notice(customer: Customer, *, subject: str, what: str) -> None:
    send_mail(
        to=customer.email,
        subject=subject,
        text=(
            f"{greeting(customer)}\n\n"
            f"{what}\n\n"
            "Wenn Sie das nicht waren, ändern Sie bitte sofort Ihr Passwort unter "
            f"{settings.site_origin}{SECURITY_URL} und wenden Sie sich an unseren Support.\n\n"
            "Freundliche Grüße\nIhr unicorn 2 Kundenservice\n"
        ),
    )


# The second sign-in step


def complete_sign_in(
    *, challenge: str, code: str, client: Client, device_cookie: str | None = None
) -> SignInResult:
    """Answer a sign-in challenge with a TOTP or recovery code; a new session on success.

    The challenge's attempt is counted before the code is checked (at most 5 checks, also in parallel),
    and so is the account's (`CODE_PER_ACCOUNT`, given back on success). Every wrong, used or replayed
    code gets the same answer.
    """
    challenge_hash = hash_secret(challenge)
    try:
        item = TwoFactorChallenge.get(challenge_hash)
    except DoesNotExist:
        raise errors.TwoFactorChallengeExpired() from None
    if datetime.now(UTC) >= item.expires_at or item.attempts >= CHALLENGE_ATTEMPTS:
        raise errors.TwoFactorChallengeExpired()
    customer = get_customer(customer_number=item.customer_number)
    if item.credential_generation != customer.credential_generation or not customer.totp_secret:
        item.delete()
        raise errors.TwoFactorChallengeExpired()
    hits = throttle.consume(hits=[(CODE_PER_ACCOUNT, customer.customer_number)])
    try:
        item.update(
            actions=[TwoFactorChallenge.attempts.add(1)],
            condition=TwoFactorChallenge.challenge_hash.exists()
            & (TwoFactorChallenge.attempts < CHALLENGE_ATTEMPTS),
        )
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        throttle.refund(hits)
        raise errors.TwoFactorChallengeExpired() from None
    factor = match_code(customer, code)
    if factor is None or not _use_up(customer, factor):
        audit.record(
            customer_number=customer.customer_number, event=AuditEvent.TWO_FACTOR_FAILED, client=client
        )
        raise errors.InvalidTwoFactorCode()
    try:
        item.delete(condition=TwoFactorChallenge.challenge_hash.exists())
    except DeleteError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        raise errors.TwoFactorChallengeExpired() from None  # answered by a parallel request
    throttle.refund(hits)
    if factor.recovery:
        left = len(customer.recovery_code_hashes or ())
        audit.record(
            customer_number=customer.customer_number,
            event=AuditEvent.RECOVERY_CODE_USED,
            client=client,
            detail=f"noch {left} übrig",
        )
    return start_session(
        customer=customer, client=client, device=known_device(device_cookie, customer), via=item.via
    )

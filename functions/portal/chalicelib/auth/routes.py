"""Sign-in, sign-out, password reset and change, login reminder, sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint, Request

from chalicelib import errors, export, web
from chalicelib.principals import LicenceHolder, SignedIn
from chalicelib.settings import settings

if TYPE_CHECKING:
    from chalicelib.auth import schemas, service, two_factor
    from chalicelib.models import Customer, Session

bp = Blueprint(__name__)

MAIL_SENT = (
    "Wenn zu Ihren Angaben ein Kundenkonto besteht, haben wir Ihnen soeben eine E-Mail geschickt. "
    "Bitte sehen Sie auch im Spam-Ordner nach."
)


def load_signed_in(request: Request) -> SignedIn | None:
    """The guard's loader for `customer` routes: the session behind the cookie, with its customer."""
    from chalicelib.auth import service

    try:
        return service.find_signed_in(
            cookie=web.read_cookie(request, settings.session_cookie_name), explain=True
        )
    except errors.NotSignedIn as ended:  # SessionEnded, SessionExpired: said once, then the cookie goes
        ended.headers = {"Set-Cookie": web.expire_cookie(settings.session_cookie_name)}
        raise


def _summary(customer: Customer) -> schemas.CustomerSummary:
    from chalicelib.auth import schemas

    return schemas.CustomerSummary(
        customer_number=customer.customer_number,
        name=customer.display_name,
        salutation=customer.salutation,
        email=customer.email,
        company=customer.company,
    )


@web.route(bp, "/api/auth/login", "POST", access="public", body="LoginBody", response="LoginResult")
def login(body: schemas.LoginBody) -> web.Reply:
    """Sign in with e-mail address or Kundennummer and password."""
    from chalicelib.auth import schemas, service

    request = bp.current_request
    previous = web.read_cookie(request, settings.session_cookie_name)
    result = service.authenticate(
        login=body.login,
        password=body.password,
        client=web.client(),
        device_cookie=web.read_cookie(request, settings.device_cookie_name),
    )
    if isinstance(result, service.TwoFactorRequired):  # no session (and no cookie) before the code
        return web.Reply(schemas.LoginResult(schemas.TwoFactorRequiredResult(challenge=result.challenge)))
    return _signed_in(result, previous=previous)


@web.route(
    bp,
    "/api/auth/login/two-factor",
    "POST",
    access="public",
    body="TwoFactorLoginBody",
    response="LoginResult",
)
def login_two_factor(body: schemas.TwoFactorLoginBody) -> web.Reply:
    """Second sign-in step: the code from the authenticator app or a recovery code."""
    from chalicelib.auth import two_factor

    request = bp.current_request
    result = two_factor.complete_sign_in(
        challenge=body.challenge,
        code=body.code,
        client=web.client(),
        device_cookie=web.read_cookie(request, settings.device_cookie_name),
    )
    return _signed_in(result, previous=web.read_cookie(request, settings.session_cookie_name))


@web.route(bp, "/api/auth/sso", "POST", access="public", body="SsoExchangeBody", response="LoginResult")
def login_sso(body: schemas.SsoExchangeBody) -> web.Reply:
    """Sign in with a one-time link from unicorn 2; with two-factor sign-in the code is still due."""
    from chalicelib.auth import schemas, service, sso

    request = bp.current_request
    result = sso.exchange_link(
        token=body.token,
        client=web.client(),
        device_cookie=web.read_cookie(request, settings.device_cookie_name),
    )
    if isinstance(result, service.TwoFactorRequired):  # the second step of the sign-in, as after a password
        return web.Reply(schemas.LoginResult(schemas.TwoFactorRequiredResult(challenge=result.challenge)))
    return _signed_in(result, previous=web.read_cookie(request, settings.session_cookie_name))


@web.route(bp, "/api/ingest/sso", "POST", access="licence", response="SsoLink", status=201)
def issue_sso_link() -> schemas.SsoLink:
    """A one-time sign-in link for the licence's customer (unicorn 2's "Kundencenter" button): 60 s, once."""
    from chalicelib.auth import schemas, sso

    link = sso.issue_link(customer_number=web.current(LicenceHolder).customer_number)
    return schemas.SsoLink(url=link.url, expires_in=link.expires_in)


def _signed_in(result: service.SignInResult, *, previous: str | None) -> web.Reply:
    """The answer to a completed sign-in: the customer, the new session cookie (and a device cookie)."""
    from chalicelib.auth import schemas, service

    if previous:  # a new id at every sign-in: the old one must not live on
        service.end_session(cookie=previous, client=web.client())
    cookies = [
        web.set_cookie(
            settings.session_cookie_name,
            result.session_cookie,
            max_age=int(service.SESSION_ABSOLUTE.total_seconds()),
        )
    ]
    if result.device_cookie:
        cookies.append(
            web.set_cookie(
                settings.device_cookie_name,
                result.device_cookie,
                max_age=int(service.DEVICE_LIFETIME.total_seconds()),
            )
        )
    return web.Reply(
        schemas.LoginResult(schemas.SignedInResult(customer=_summary(result.customer))),
        headers={"Set-Cookie": cookies},
    )


@web.route(bp, "/api/auth/logout", "POST", access="public")
def logout() -> web.Reply:
    """Sign out on this device."""
    from chalicelib.auth import service

    service.end_session(
        cookie=web.read_cookie(bp.current_request, settings.session_cookie_name), client=web.client()
    )
    return web.Reply(headers={"Set-Cookie": web.expire_cookie(settings.session_cookie_name)})


@web.route(bp, "/api/session", "GET", access="customer", response="CustomerSummary")
def get_session() -> schemas.CustomerSummary:
    """The signed-in customer (name, Kundennummer) for the portal header."""
    return _summary(web.current(SignedIn).customer)


@web.route(
    bp,
    "/api/auth/password/forgot",
    "POST",
    access="public",
    body="ForgotPasswordBody",
    response="MailSent",
    status=202,
)
def forgot_password(body: schemas.ForgotPasswordBody) -> schemas.MailSent:
    """Mail a link to set a new password (the same answer whether the account exists or not)."""
    from chalicelib.auth import schemas, service

    service.request_password_reset(
        login=body.login,
        client=web.client(),
        device_cookie=web.read_cookie(bp.current_request, settings.device_cookie_name),
    )
    return schemas.MailSent(Message=MAIL_SENT)


@web.route(bp, "/api/auth/password/reset", "POST", access="public", body="ResetPasswordBody")
def reset_password(body: schemas.ResetPasswordBody) -> web.Reply:
    """Set a new password with the mailed link's token; ends every session."""
    from chalicelib.auth import service

    service.reset_password(token=body.token, new_password=body.password, client=web.client())
    return web.Reply(headers={"Set-Cookie": web.expire_cookie(settings.session_cookie_name)})


@web.route(
    bp,
    "/api/auth/password/reset/check",
    "POST",
    access="public",
    body="ResetCheckBody",
    response="ResetCheckResult",
)
def check_reset_token(body: schemas.ResetCheckBody) -> schemas.ResetCheckResult:
    """Whether the mailed link still works (before the customer types a new password): 200, or the reset's
    400 for an unknown, used or expired link; nothing about the account. Throttled per client address."""
    from chalicelib.auth import schemas, service

    service.check_reset_token(token=body.token, client=web.client())
    return schemas.ResetCheckResult(valid=True)


@web.route(
    bp,
    "/api/auth/login/forgot",
    "POST",
    access="public",
    body="ForgotLoginBody",
    response="MailSent",
    status=202,
)
def forgot_login(body: schemas.ForgotLoginBody) -> schemas.MailSent:
    """Mail the Kundennummer to the address (the same answer whether it is known or not)."""
    from chalicelib.auth import schemas, service

    service.send_login_reminder(
        email=body.email,
        client=web.client(),
        device_cookie=web.read_cookie(bp.current_request, settings.device_cookie_name),
    )
    return schemas.MailSent(Message=MAIL_SENT)


@web.route(bp, "/api/auth/password/change", "POST", access="customer", body="ChangePasswordBody")
def change_password(body: schemas.ChangePasswordBody) -> None:
    """Change the password; every other device is signed out."""
    from chalicelib.auth import service

    service.change_password(
        signed_in=web.current(SignedIn),
        current_password=body.current_password,
        new_password=body.new_password,
        client=web.client(),
    )


def _describe_session(session: Session, current: Session) -> schemas.SessionOut:
    from chalicelib.audit.service import describe_user_agent
    from chalicelib.auth import schemas

    return schemas.SessionOut(
        id=session.public_id,
        current=session.session_hash == current.session_hash,
        created_at=session.created_at.isoformat(),
        last_seen_at=session.last_seen_at.isoformat(),
        browser=describe_user_agent(session.user_agent),
        ip_address=session.ip_address,
        via="unicorn2" if session.via == "unicorn2" else None,
    )


@web.route(bp, "/api/sessions", "GET", access="customer", response="SessionList")
def list_sessions() -> schemas.SessionList:
    """The devices signed in to the account, most recently used first."""
    from chalicelib.auth import schemas, service

    current = web.current(SignedIn).session
    sessions = service.list_sessions(customer_number=current.customer_number)
    return schemas.SessionList(sessions=[_describe_session(session, current) for session in sessions])


@web.route(bp, "/api/sessions/{session_id}", "DELETE", access="customer")
def revoke_session(session_id: str) -> web.Reply:
    """Sign out one device (this one too, if it is named)."""
    from chalicelib.auth import service

    current = web.current(SignedIn).session
    service.revoke_session(customer_number=current.customer_number, public_id=session_id, client=web.client())
    if session_id == current.public_id:
        return web.Reply(headers={"Set-Cookie": web.expire_cookie(settings.session_cookie_name)})
    return web.Reply()


@web.route(bp, "/api/sessions", "DELETE", access="customer", response="SessionsEnded")
def revoke_other_sessions() -> schemas.SessionsEnded:
    """Sign out every other device."""
    from chalicelib.auth import schemas, service

    ended = service.revoke_other_sessions(session=web.current(SignedIn).session, client=web.client())
    return schemas.SessionsEnded(ended=ended)


# Two-factor sign-in


def _status(status: two_factor.Status) -> schemas.TwoFactorStatus:
    from chalicelib.auth import schemas

    return schemas.TwoFactorStatus(
        enabled=status.enabled, recovery_codes_left=status.recovery_codes_left, version=status.version
    )


def _codes(codes: two_factor.RecoveryCodes) -> schemas.RecoveryCodes:
    from chalicelib.auth import schemas

    return schemas.RecoveryCodes(recovery_codes=codes.codes, version=codes.version)


@web.route(bp, "/api/auth/two-factor", "GET", access="customer", response="TwoFactorStatus")
def get_two_factor() -> schemas.TwoFactorStatus:
    """Whether two-factor sign-in is on, how many recovery codes are left, and the record's version."""
    from chalicelib.auth import two_factor

    return _status(two_factor.get_status(web.current(SignedIn).customer))


@web.route(
    bp,
    "/api/auth/two-factor/setup",
    "POST",
    access="customer",
    body="TwoFactorSetupBody",
    response="TwoFactorSetup",
)
def setup_two_factor(body: schemas.TwoFactorSetupBody) -> schemas.TwoFactorSetup:
    """Start switching on (password): a new secret for the authenticator app, valid for 10 minutes."""
    from chalicelib.auth import schemas, two_factor

    setup = two_factor.start_setup(signed_in=web.current(SignedIn), password=body.password)
    return schemas.TwoFactorSetup(
        secret=setup.secret,
        otpauth_uri=setup.otpauth_uri,
        expires_at=setup.expires_at.isoformat(),
        version=setup.version,
    )


@web.route(
    bp,
    "/api/auth/two-factor/enable",
    "POST",
    access="customer",
    body="TwoFactorEnableBody",
    response="RecoveryCodes",
)
def enable_two_factor(body: schemas.TwoFactorEnableBody) -> schemas.RecoveryCodes:
    """Switch on with a code from the app; the 10 recovery codes are in this answer only."""
    from chalicelib.auth import two_factor

    return _codes(
        two_factor.enable(
            signed_in=web.current(SignedIn), code=body.code, version=body.version, client=web.client()
        )
    )


@web.route(
    bp,
    "/api/auth/two-factor/disable",
    "POST",
    access="customer",
    body="TwoFactorConfirmBody",
    response="TwoFactorStatus",
)
def disable_two_factor(body: schemas.TwoFactorConfirmBody) -> schemas.TwoFactorStatus:
    """Switch off with the password and a code (from the app or a recovery code)."""
    from chalicelib.auth import two_factor

    return _status(
        two_factor.disable(
            signed_in=web.current(SignedIn), password=body.password, code=body.code, client=web.client()
        )
    )


@web.route(
    bp,
    "/api/auth/two-factor/recovery-codes",
    "POST",
    access="customer",
    body="TwoFactorConfirmBody",
    response="RecoveryCodes",
)
def renew_recovery_codes(body: schemas.TwoFactorConfirmBody) -> schemas.RecoveryCodes:
    """10 new recovery codes (password and a code); the old ones stop working."""
    from chalicelib.auth import two_factor

    return _codes(
        two_factor.renew_recovery_codes(
            signed_in=web.current(SignedIn), password=body.password, code=body.code, client=web.client()
        )
    )


@web.route(
    bp,
    "/api/team/customers/{customer_number}/two-factor/disable",
    "POST",
    access="staff",
    body="SupportTwoFactorOffBody",
)
def disable_two_factor_by_support(customer_number: str, body: schemas.SupportTwoFactorOffBody) -> None:
    """The support team switches a customer's two-factor sign-in off (app and recovery codes lost), after
    checking who is asking; the reason goes to the service's log, the customer gets a mail."""
    from chalicelib.auth import two_factor
    from chalicelib.principals import StaffSignedIn

    two_factor.disable_by_support(
        customer_number=customer_number,
        staff_email=web.current(StaffSignedIn).email,
        reason=body.reason,
        client=web.client(),
    )


export.register("sessions", "chalicelib.auth.service:export_sessions")

"""Sign-in, sign-out, password reset and change, login reminder, sessions."""

from typing import TYPE_CHECKING

from chalice.app import Blueprint, Request

from chalicelib import web
from chalicelib.audit.service import describe_user_agent
from chalicelib.auth import service
from chalicelib.auth.service import SignedIn
from chalicelib.models import Customer, Session
from chalicelib.settings import settings

if TYPE_CHECKING:
    from chalicelib.auth import schemas

bp = Blueprint(__name__)

SESSION_MAX_AGE_SECONDS = int(service.SESSION_ABSOLUTE.total_seconds())
DEVICE_MAX_AGE_SECONDS = int(service.DEVICE_LIFETIME.total_seconds())
MAIL_SENT = (
    "Wenn zu Ihren Angaben ein Kundenkonto besteht, haben wir Ihnen soeben eine E-Mail geschickt. "
    "Bitte sehen Sie auch im Spam-Ordner nach."
)


def load_signed_in(request: Request) -> SignedIn | None:
    """The guard's loader for `customer` routes: the session behind the cookie, with its customer."""
    return service.find_signed_in(cookie=web.read_cookie(request, settings.session_cookie_name))


def _summary(customer: Customer) -> "schemas.CustomerSummary":
    from chalicelib.auth import schemas

    return schemas.CustomerSummary(
        customer_number=customer.customer_number,
        name=customer.display_name,
        salutation=customer.salutation,
        email=customer.email,
        company=customer.company,
    )


@web.route(bp, "/api/auth/login", "POST", access="public", body="LoginBody", response="LoginResult")
def login(body: "schemas.LoginBody") -> web.Reply:
    """Sign in with e-mail address or Kundennummer and password."""
    from chalicelib.auth import schemas

    request = bp.current_request
    previous = web.read_cookie(request, settings.session_cookie_name)
    result = service.authenticate(
        login=body.login,
        password=body.password,
        client=web.client(),
        device_cookie=web.read_cookie(request, settings.device_cookie_name),
    )
    if previous:  # a new id at every sign-in: the old one must not live on
        service.end_session(cookie=previous, client=web.client())
    cookies = [
        web.set_cookie(settings.session_cookie_name, result.session_cookie, max_age=SESSION_MAX_AGE_SECONDS)
    ]
    if result.device_cookie:
        cookies.append(
            web.set_cookie(settings.device_cookie_name, result.device_cookie, max_age=DEVICE_MAX_AGE_SECONDS)
        )
    return web.Reply(schemas.LoginResult(customer=_summary(result.customer)), headers={"Set-Cookie": cookies})


@web.route(bp, "/api/auth/logout", "POST", access="public")
def logout() -> web.Reply:
    """Sign out on this device."""
    service.end_session(
        cookie=web.read_cookie(bp.current_request, settings.session_cookie_name), client=web.client()
    )
    return web.Reply(headers={"Set-Cookie": web.expire_cookie(settings.session_cookie_name)})


@web.route(bp, "/api/session", "GET", access="customer", response="CustomerSummary")
def get_session() -> "schemas.CustomerSummary":
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
def forgot_password(body: "schemas.ForgotPasswordBody") -> "schemas.MailSent":
    """Mail a link to set a new password (the same answer whether the account exists or not)."""
    from chalicelib.auth import schemas

    service.request_password_reset(login=body.login, client=web.client())
    return schemas.MailSent(Message=MAIL_SENT)


@web.route(bp, "/api/auth/password/reset", "POST", access="public", body="ResetPasswordBody")
def reset_password(body: "schemas.ResetPasswordBody") -> web.Reply:
    """Set a new password with the mailed link's token; ends every session."""
    service.reset_password(token=body.token, new_password=body.password, client=web.client())
    return web.Reply(headers={"Set-Cookie": web.expire_cookie(settings.session_cookie_name)})


@web.route(
    bp,
    "/api/auth/login/forgot",
    "POST",
    access="public",
    body="ForgotLoginBody",
    response="MailSent",
    status=202,
)
def forgot_login(body: "schemas.ForgotLoginBody") -> "schemas.MailSent":
    """Mail the Kundennummer to the address (the same answer whether it is known or not)."""
    from chalicelib.auth import schemas

    service.send_login_reminder(email=body.email, client=web.client())
    return schemas.MailSent(Message=MAIL_SENT)


@web.route(bp, "/api/auth/password/change", "POST", access="customer", body="ChangePasswordBody")
def change_password(body: "schemas.ChangePasswordBody") -> None:
    """Change the password; every other device is signed out."""
    service.change_password(
        signed_in=web.current(SignedIn),
        current_password=body.current_password,
        new_password=body.new_password,
        client=web.client(),
    )


def _describe_session(session: Session, current: Session) -> "schemas.SessionOut":
    from chalicelib.auth import schemas

    return schemas.SessionOut(
        id=session.public_id,
        current=session.session_hash == current.session_hash,
        created_at=session.created_at.isoformat(),
        last_seen_at=session.last_seen_at.isoformat(),
        browser=describe_user_agent(session.user_agent),
        ip_address=session.ip_address,
    )


@web.route(bp, "/api/sessions", "GET", access="customer", response="SessionList")
def list_sessions() -> "schemas.SessionList":
    """The devices signed in to the account, most recently used first."""
    from chalicelib.auth import schemas

    current = web.current(SignedIn).session
    sessions = service.list_sessions(customer_number=current.customer_number)
    return schemas.SessionList(sessions=[_describe_session(session, current) for session in sessions])


@web.route(bp, "/api/sessions/{session_id}", "DELETE", access="customer")
def revoke_session(session_id: str) -> web.Reply:
    """Sign out one device (this one too, if it is named)."""
    current = web.current(SignedIn).session
    service.revoke_session(customer_number=current.customer_number, public_id=session_id, client=web.client())
    if session_id == current.public_id:
        return web.Reply(headers={"Set-Cookie": web.expire_cookie(settings.session_cookie_name)})
    return web.Reply()


@web.route(bp, "/api/sessions", "DELETE", access="customer", response="SessionsEnded")
def revoke_other_sessions() -> "schemas.SessionsEnded":
    """Sign out every other device."""
    from chalicelib.auth import schemas

    ended = service.revoke_other_sessions(session=web.current(SignedIn).session, client=web.client())
    return schemas.SessionsEnded(ended=ended)

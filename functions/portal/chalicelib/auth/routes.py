"""Sign-in, sign-out, password reset and change, login reminder, sessions."""

from typing import Any

from chalice.app import Blueprint, Response

from chalicelib import web
from chalicelib.audit.service import describe_user_agent
from chalicelib.auth import service
from chalicelib.customers.service import get_customer, summarize_customer
from chalicelib.models import Session

bp = Blueprint(__name__)

MAIL_SENT = {
    "Message": (
        "Wenn zu Ihren Angaben ein Kundenkonto besteht, haben wir Ihnen soeben eine E-Mail geschickt. "
        "Bitte sehen Sie auch im Spam-Ordner nach."
    )
}


def _client() -> service.Client:
    request = bp.current_request
    return service.Client(ip_address=web.client_ip(request), user_agent=web.user_agent(request))


@bp.route("/api/auth/login", methods=["POST"])
@web.public
def login() -> Response:
    from chalicelib.auth import schemas

    body = web.parse_body(bp.current_request, schemas.LoginBody)
    previous = web.session_token(bp.current_request)
    customer, token = service.authenticate(login=body.login, password=body.password, client=_client())
    if previous:  # a new id at every sign-in: the old one must not live on
        service.end_session(token=previous, client=_client())
    return Response(
        body={"customer": summarize_customer(customer)},
        status_code=200,
        headers={"Set-Cookie": web.session_cookie(token), "Cache-Control": "no-store"},
    )


@bp.route("/api/auth/logout", methods=["POST"])
@web.public
def logout() -> Response:
    service.end_session(token=web.session_token(bp.current_request), client=_client())
    return Response(body="", status_code=204, headers={"Set-Cookie": web.expired_session_cookie()})


@bp.route("/api/session", methods=["GET"])
def get_session() -> Response:
    session = web.current_session()
    customer = get_customer(customer_number=session.customer_number)
    return Response(body=summarize_customer(customer), headers={"Cache-Control": "no-store"})


@bp.route("/api/auth/password/forgot", methods=["POST"])
@web.public
def forgot_password() -> Response:
    from chalicelib.auth import schemas

    body = web.parse_body(bp.current_request, schemas.ForgotPasswordBody)
    service.request_password_reset(login=body.login, client=_client())
    return Response(body=MAIL_SENT, status_code=202)


@bp.route("/api/auth/password/reset", methods=["POST"])
@web.public
def reset_password() -> Response:
    from chalicelib.auth import schemas

    body = web.parse_body(bp.current_request, schemas.ResetPasswordBody)
    service.reset_password(token=body.token, new_password=body.password, client=_client())
    return Response(body="", status_code=204, headers={"Set-Cookie": web.expired_session_cookie()})


@bp.route("/api/auth/login/forgot", methods=["POST"])
@web.public
def forgot_login() -> Response:
    from chalicelib.auth import schemas

    body = web.parse_body(bp.current_request, schemas.ForgotLoginBody)
    service.send_login_reminder(email=body.email, client=_client())
    return Response(body=MAIL_SENT, status_code=202)


@bp.route("/api/auth/password/change", methods=["POST"])
def change_password() -> Response:
    session = web.current_session()
    from chalicelib.auth import schemas

    body = web.parse_body(bp.current_request, schemas.ChangePasswordBody)
    service.change_password(
        session=session,
        current_password=body.current_password,
        new_password=body.new_password,
        client=_client(),
    )
    return Response(body="", status_code=204)


def _describe_session(session: Session, current: Session) -> dict[str, Any]:
    return {
        "id": session.public_id,
        "current": session.session_hash == current.session_hash,
        "created_at": session.created_at.isoformat(),
        "last_seen_at": session.last_seen_at.isoformat(),
        "browser": describe_user_agent(session.user_agent),
        "ip_address": session.ip_address,
    }


@bp.route("/api/sessions", methods=["GET"])
def list_sessions() -> Response:
    current = web.current_session()
    sessions = service.list_sessions(customer_number=current.customer_number)
    return Response(
        body={"sessions": [_describe_session(session, current) for session in sessions]},
        headers={"Cache-Control": "no-store"},
    )


@bp.route("/api/sessions/{session_id}", methods=["DELETE"])
def revoke_session(session_id: str) -> Response:
    current = web.current_session()
    service.revoke_session(customer_number=current.customer_number, public_id=session_id, client=_client())
    headers: dict[str, str | list[str]] = {}
    if session_id == current.public_id:
        headers["Set-Cookie"] = web.expired_session_cookie()
    return Response(body="", status_code=204, headers=headers)


@bp.route("/api/sessions", methods=["DELETE"])
def revoke_other_sessions() -> Response:
    current = web.current_session()
    ended = service.revoke_other_sessions(session=current, client=_client())
    return Response(body={"ended": ended}, status_code=200)

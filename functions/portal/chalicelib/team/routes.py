"""Staff sign-in, sign-out and the signed-in staff member, under /api/team/."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint, Request

from chalicelib import web
from chalicelib.principals import StaffSignedIn
from chalicelib.settings import settings

if TYPE_CHECKING:
    from chalicelib.models import Staff
    from chalicelib.team import schemas

bp = Blueprint(__name__)


def load_staff(request: Request) -> StaffSignedIn | None:
    """The guard's loader for `staff` routes: the staff session behind the team cookie, with its account.

    It reads only the team cookie: a customer's session cookie never signs anybody in here.
    """
    from chalicelib.team import service

    return service.find_signed_in(cookie=web.read_cookie(request, settings.staff_cookie_name))


def _summary(staff: Staff) -> schemas.StaffSummary:
    from chalicelib.team import schemas

    return schemas.StaffSummary(email=staff.email, name=staff.name)


@web.route(
    bp, "/api/team/auth/login", "POST", access="public", body="StaffLoginBody", response="StaffLoginResult"
)
def login(body: schemas.StaffLoginBody) -> web.Reply:
    """Sign in as staff with e-mail address, password and the code of the authenticator app."""
    from chalicelib import devices
    from chalicelib.team import schemas, service

    request = bp.current_request
    previous = web.read_cookie(request, settings.staff_cookie_name)
    result = service.authenticate(
        email=body.email,
        password=body.password,
        code=body.code,
        client=web.client(),
        device_cookie=web.read_cookie(request, settings.staff_device_cookie_name),
    )
    if previous:  # a new id at every sign-in: the old one must not live on
        service.end_session(cookie=previous)
    cookies = [
        web.set_cookie(
            settings.staff_cookie_name,
            result.session_cookie,
            max_age=int(service.SESSION_ABSOLUTE.total_seconds()),
        )
    ]
    if result.device_cookie:  # this browser is now a known device of the account
        cookies.append(
            web.set_cookie(
                settings.staff_device_cookie_name,
                result.device_cookie,
                max_age=int(devices.DEVICE_LIFETIME.total_seconds()),
            )
        )
    return web.Reply(schemas.StaffLoginResult(staff=_summary(result.staff)), headers={"Set-Cookie": cookies})


@web.route(bp, "/api/team/auth/logout", "POST", access="public")
def logout() -> web.Reply:
    """Sign out of the team area on this device."""
    from chalicelib.team import service

    service.end_session(cookie=web.read_cookie(bp.current_request, settings.staff_cookie_name))
    return web.Reply(headers={"Set-Cookie": web.expire_cookie(settings.staff_cookie_name)})


@web.route(bp, "/api/team/session", "GET", access="staff", response="StaffSummary")
def get_session() -> schemas.StaffSummary:
    """The signed-in staff member (e-mail address and name) for the team pages."""
    return _summary(web.current(StaffSignedIn).staff)

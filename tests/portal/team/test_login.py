"""Staff sign-in: e-mail, password and a TOTP code; every failure answers alike; a code counts once."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tests.factories import DEMO_STAFF, make_staff, totp_code

START = datetime(2026, 11, 27, 9, 0, 10, tzinfo=UTC)
EMAIL = DEMO_STAFF["email"]
PASSWORD = DEMO_STAFF["password"]


def sign_in(client, *, email=EMAIL, password=PASSWORD, code=None, at=START):
    return client.post(
        "/api/team/auth/login",
        {"email": email, "password": password, "code": code or totp_code(at=at.timestamp())},
    )


@pytest.fixture
def staff(aws):
    return make_staff()


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_right_password_and_code_sign_in_and_show_name_and_email(client, staff, clock):
    response = sign_in(client)

    assert response.status_code == 200
    assert response.json_body == {"staff": {"email": EMAIL, "name": "Sam Support"}}
    cookie, device = response.headers["Set-Cookie"]
    assert cookie.startswith("kc_team=")
    assert device.startswith("kc_team_device=")
    assert "; HttpOnly; SameSite=Strict" in cookie
    assert "Max-Age=28800" in cookie
    assert client.get("/api/team/session").json_body == {"email": EMAIL, "name": "Sam Support"}


def test_email_is_taken_in_any_case_and_with_spaces(client, staff, clock):
    assert sign_in(client, email="  Support@Unicorn2.EXAMPLE ").status_code == 200


def test_code_of_the_step_before_or_after_is_accepted(client, staff, clock):
    assert sign_in(client, code=totp_code(at=START.timestamp() - 30)).status_code == 200
    assert (
        client.another_browser()
        .post(
            "/api/team/auth/login",
            {"email": EMAIL, "password": PASSWORD, "code": totp_code(at=START.timestamp() + 30)},
        )
        .status_code
        == 200
    )


def failures(client):
    """Every kind of wrong sign-in, each answered by the API."""
    now = START.timestamp()
    return {
        "wrong password": sign_in(client, password="Kundencenter-Team-2025"),
        "wrong code": sign_in(client, code="000000" if totp_code(at=now) != "000000" else "111111"),
        "old code": sign_in(client, code=totp_code(at=now - 90)),
        "code of another secret": sign_in(client, code=totp_code("JBSWY3DPEHPK3PXP", at=now)),
        "malformed code": sign_in(client, code="12345x"),
        "unknown e-mail": sign_in(client, email="nobody@unicorn2.example"),
        "customer's e-mail": sign_in(client, email="demo@example.com"),
    }


def test_every_wrong_sign_in_gets_the_same_answer(client, staff, clock):
    answers = {kind: (r.status_code, r.json_body) for kind, r in failures(client).items()}

    expected = (
        401,
        {
            "Code": "InvalidStaffCredentials",
            "Message": (
                "Die Zugangsdaten sind nicht korrekt. Bitte prüfen Sie E-Mail-Adresse, Passwort und Code "
                "und verwenden Sie einen neuen Code aus Ihrer Authenticator-App."
            ),
        },
    )
    assert answers == dict.fromkeys(answers, expected)
    assert "kc_team" not in client.cookies
    assert client.get("/api/team/session").status_code == 401


def test_a_wrong_password_does_not_use_up_the_code(client, staff, clock):
    assert sign_in(client, password="falsch-falsch").status_code == 401
    assert sign_in(client).status_code == 200


def test_a_code_signs_in_once_only(client, staff, clock):
    code = totp_code(at=START.timestamp())
    assert sign_in(client, code=code).status_code == 200

    replay = sign_in(client.another_browser(), code=code)

    assert replay.status_code == 401
    assert replay.json_body["Code"] == "InvalidStaffCredentials"


def test_after_a_later_code_an_earlier_one_is_refused(client, staff, clock):
    assert sign_in(client, code=totp_code(at=START.timestamp() + 30)).status_code == 200
    assert sign_in(client.another_browser(), code=totp_code(at=START.timestamp())).status_code == 401


def test_two_parallel_sign_ins_with_the_same_code_give_one_session(staff, monkeypatch):
    from chalicelib import errors, totp
    from chalicelib.client import Client
    from chalicelib.team import service

    code = totp_code()
    barrier = threading.Barrier(2, timeout=10)
    original = totp.accepted_step

    def accepted_step_then_wait(*args, **kwargs):
        step = original(*args, **kwargs)
        barrier.wait()  # both requests have read the same last step before either stores its own
        return step

    monkeypatch.setattr(totp, "accepted_step", accepted_step_then_wait)
    outcomes: list[str] = []

    def attempt():
        try:
            service.authenticate(
                email=EMAIL,
                password=PASSWORD,
                code=code,
                client=Client(ip_address="192.0.2.7", user_agent=""),
            )
        except errors.InvalidStaffCredentials:
            outcomes.append("refused")
        else:
            outcomes.append("signed in")

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused", "signed in"]


def test_a_deactivated_account_fails_like_a_wrong_password(client, staff, clock):
    from chalicelib.team.service import deactivate_staff

    deactivate_staff(email=EMAIL)
    response = sign_in(client)

    assert response.status_code == 401
    assert response.json_body["Code"] == "InvalidStaffCredentials"


def test_deactivation_ends_a_running_session(client, staff, clock):
    from chalicelib.models import Staff, StaffSession

    assert sign_in(client).status_code == 200
    Staff(EMAIL).update(actions=[Staff.active.set(False)])  # also without the tool's clean-up

    assert client.get("/api/team/session").status_code == 401
    assert list(StaffSession.scan()) == []


def test_a_new_sign_in_replaces_the_previous_session(client, staff, clock):
    from chalicelib.models import StaffSession

    assert sign_in(client).status_code == 200
    first = client.cookies["kc_team"]
    clock.shift(30)
    assert sign_in(client, at=START + timedelta(seconds=30)).status_code == 200

    assert client.cookies["kc_team"] != first
    assert len(list(StaffSession.scan())) == 1


def test_wrong_fields_are_a_400_and_count_nothing(client, staff, clock):
    response = client.post("/api/team/auth/login", {"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 400
    assert response.json_body["Fields"] == {"code": "Bitte füllen Sie dieses Feld aus."}


def test_failures_answer_no_sooner_than_the_floor(client, staff, monkeypatch):
    import dataclasses
    import time

    from chalicelib import sessions_common

    monkeypatch.setattr(
        sessions_common, "settings", dataclasses.replace(sessions_common.settings, auth_response_floor_ms=300)
    )
    for email in ("nobody@unicorn2.example", EMAIL):
        started = time.monotonic()
        assert sign_in(client, email=email, code="000000", at=datetime.now(UTC)).status_code == 401
        assert time.monotonic() - started >= 0.3

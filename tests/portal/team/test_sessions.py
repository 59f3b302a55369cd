"""Staff sessions: 8 h absolute, 30 min idle, sign-out; throttling; staff and customers never cross."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tests.factories import DEMO_STAFF, make_customer, make_staff, totp_code

START = datetime(2026, 11, 27, 9, 0, 10, tzinfo=UTC)
EMAIL = DEMO_STAFF["email"]
PASSWORD = DEMO_STAFF["password"]


@pytest.fixture
def staff(aws):
    return make_staff()


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def fail(client, email=EMAIL):
    return client.post(
        "/api/team/auth/login", {"email": email, "password": "falsch-falsch", "code": "123456"}
    )


# Lifetime


def test_idle_session_ends_after_30_minutes(client, staff, clock):
    client.staff_login()
    clock.shift(timedelta(minutes=29))
    assert client.get("/api/team/session").status_code == 200
    clock.shift(timedelta(minutes=30, seconds=1))
    response = client.get("/api/team/session")
    assert response.status_code == 401
    assert response.json_body["Code"] == "StaffNotSignedIn"


def test_session_ends_8_hours_after_sign_in_however_busy(client, staff, clock):
    client.staff_login()
    for _ in range(8 * 4 - 1):
        clock.shift(timedelta(minutes=15))
        assert client.get("/api/team/session").status_code == 200
    clock.shift(timedelta(minutes=15, seconds=1))
    assert client.get("/api/team/session").status_code == 401


def test_last_use_is_written_at_most_once_a_minute(client, staff, clock):
    from chalicelib.models import StaffSession

    client.staff_login()
    clock.shift(timedelta(seconds=50))
    client.get("/api/team/session")
    (session,) = StaffSession.scan()
    assert session.last_seen_at == START
    clock.shift(timedelta(seconds=20))
    client.get("/api/team/session")
    (session,) = StaffSession.scan()
    assert session.last_seen_at == START + timedelta(seconds=70)


def test_sign_out_ends_the_session_and_the_cookie(client, staff, clock):
    from chalicelib.models import StaffSession

    client.staff_login()
    cookie = client.cookies["kc_team"]

    response = client.post("/api/team/auth/logout")

    assert response.status_code == 204
    assert response.headers["Set-Cookie"].startswith("kc_team=; Path=/; Max-Age=0;")
    assert list(StaffSession.scan()) == []
    client.cookies["kc_team"] = cookie  # a copy kept elsewhere is void too
    assert client.get("/api/team/session").status_code == 401


def test_sign_out_without_a_session_is_fine(client, aws):
    assert client.post("/api/team/auth/logout").status_code == 204


def test_forged_cookies_are_refused(client, staff, clock):
    client.staff_login()
    email_part, _, secret = client.cookies["kc_team"].partition(".")
    for forged in (f"{email_part}.{'A' * 43}", secret, "bm9ib2R5QGV4YW1wbGUuY29t." + secret, "%%%.x", ""):
        client.cookies["kc_team"] = forged
        assert client.get("/api/team/session").status_code == 401, forged


# Throttling


def test_ten_failures_pause_the_account_then_it_works_again(client, staff, clock):
    answers = [fail(client).status_code for _ in range(10)]
    blocked = client.post(
        "/api/team/auth/login",
        {"email": EMAIL, "password": PASSWORD, "code": totp_code(at=START.timestamp())},
    )

    assert answers == [401] * 10
    assert blocked.status_code == 429
    retry_after = int(blocked.headers["Retry-After"])
    assert 0 < retry_after <= 15 * 60
    assert "Zu viele Versuche" in blocked.json_body["Message"]
    assert "Set-Cookie" not in blocked.headers
    clock.move_to(START + timedelta(seconds=retry_after))
    client.staff_login()


def test_unknown_addresses_are_throttled_alike_whatever_the_spelling(client, aws, clock):
    answers = [fail(client, email="Nobody@Unicorn2.example").status_code for _ in range(10)]
    answers.append(fail(client, email="nobody@unicorn2.example").status_code)
    assert answers == [401] * 10 + [429]


def test_one_address_trying_many_accounts_is_throttled(client, aws, clock):
    answers = [fail(client, email=f"team{i}@unicorn2.example").status_code for i in range(31)]
    assert answers == [401] * 30 + [429]


def test_successful_sign_ins_give_their_attempt_back(client, staff, clock):
    for _ in range(9):
        fail(client)
    client.staff_login()
    assert fail(client).status_code == 401  # the tenth failure still counts as one of ten


# Staff and customers never cross


def test_a_signed_in_staff_member_is_no_customer(client, staff, clock):
    make_customer()
    client.staff_login()

    assert client.get("/api/session").status_code == 401
    assert client.get("/api/sessions").status_code == 401
    assert client.get("/api/audit").status_code == 401


def test_a_signed_in_customer_is_no_staff_member(client, staff, clock):
    make_customer()
    client.login()

    response = client.get("/api/team/session")

    assert response.status_code == 401
    assert response.json_body["Code"] == "StaffNotSignedIn"


def test_a_cookie_under_the_other_name_signs_nobody_in(client, staff, clock):
    make_customer()
    client.staff_login()
    client.login()
    staff_cookie, customer_cookie = client.cookies["kc_team"], client.cookies["kc_session"]
    client.cookies = {"kc_session": staff_cookie}
    assert client.get("/api/session").status_code == 401
    client.cookies = {"kc_team": customer_cookie}
    assert client.get("/api/team/session").status_code == 401


def test_both_signed_in_in_one_browser_stay_apart(client, staff, clock):
    make_customer()
    client.staff_login()
    client.login()

    assert client.get("/api/team/session").json_body["name"] == "Sam Support"
    assert client.get("/api/session").json_body["customer_number"] == "100001"
    client.post("/api/auth/logout")
    assert client.get("/api/team/session").status_code == 200
    client.post("/api/team/auth/logout")
    assert client.get("/api/team/session").status_code == 401

"""Known devices for staff: strangers who use up a staff account's sign-in limit cannot lock its owner out.

The demo address support@unicorn2.example is public; without a device of its own the owner would wait out
every window a stranger fills. The customers' scheme (`kc_device`), with a cookie of its own (`kc_team_device`).
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tests.factories import DEMO_PASSWORD, DEMO_STAFF, make_customer, make_staff, totp_code

START = datetime(2026, 11, 27, 9, 0, 10, tzinfo=UTC)
EMAIL = DEMO_STAFF["email"]
PASSWORD = DEMO_STAFF["password"]
DEVICE = "kc_team_device"


@pytest.fixture
def staff(aws):
    return make_staff()


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def fail(browser, email=EMAIL):
    return browser.post(
        "/api/team/auth/login", {"email": email, "password": "falsch-falsch", "code": "123456"}
    )


def right(browser, *, at, email=EMAIL):
    """The right password and a code nobody used yet (the step of `at`)."""
    return browser.post(
        "/api/team/auth/login", {"email": email, "password": PASSWORD, "code": totp_code(at=at.timestamp())}
    )


def test_a_sign_in_sets_a_device_cookie_for_a_year_stored_only_hashed(client, staff, clock):
    import hashlib

    from chalicelib.models import KnownDevice

    client.staff_login()

    device = client.cookies[DEVICE]
    assert len(device) == 43  # 256 random bits, base64url
    (record,) = KnownDevice.scan()
    assert record.device_hash == hashlib.sha256(device.encode()).hexdigest()
    assert record.customer_number == f"staff:{EMAIL}"  # the owner: a staff account, never a Kundennummer
    assert record.expires_at == START + timedelta(days=365)


def test_the_device_cookie_is_set_once_and_lives_a_year(client, staff, clock):
    first = client.post(
        "/api/team/auth/login",
        {"email": EMAIL, "password": PASSWORD, "code": totp_code(at=START.timestamp())},
    )
    cookies = first.headers["Set-Cookie"]
    assert any(c.startswith("kc_team_device=") and "Max-Age=31536000" in c for c in _as_list(cookies))
    device = client.cookies[DEVICE]

    clock.shift(30)
    again = right(client, at=START + timedelta(seconds=30))

    assert again.status_code == 200
    assert not any(c.startswith("kc_team_device=") for c in _as_list(again.headers["Set-Cookie"]))
    assert client.cookies[DEVICE] == device


def _as_list(header):
    return [header] if isinstance(header, str) else list(header)


def test_strangers_cannot_lock_out_a_device_that_signed_in_before(client, staff, clock):
    owner = client.another_browser()
    assert right(owner, at=START).status_code == 200  # this browser is now a known device of the account
    owner.post("/api/team/auth/logout")
    stranger = client.another_browser()

    for _ in range(10):
        assert fail(stranger).status_code == 401
    right_password_and_code = right(stranger, at=START + timedelta(seconds=30))
    assert right_password_and_code.status_code == 429  # unknown devices wait, even with everything right

    assert right(owner, at=START + timedelta(seconds=30)).status_code == 200
    assert owner.get("/api/team/session").status_code == 200


def test_a_known_device_has_a_limit_of_its_own(client, staff, clock):
    client.staff_login()

    answers = [fail(client).status_code for _ in range(11)]

    assert answers == [401] * 10 + [429]
    assert fail(client.another_browser()).status_code == 401  # the account's own counter is untouched


def test_a_device_of_another_staff_account_does_not_help(client, staff, clock):
    make_staff(email="zweite@unicorn2.example", name="Zora Zweit")
    browser = client.another_browser()
    browser.staff_login(email="zweite@unicorn2.example")

    for _ in range(10):
        fail(browser)

    assert right(browser, at=START).status_code == 429


def test_a_customer_device_cookie_does_not_help_staff(client, staff, clock):
    make_customer()
    browser = client.another_browser()
    browser.login("100001", DEMO_PASSWORD)
    browser.cookies[DEVICE] = browser.cookies["kc_device"]  # the customer's device cookie, renamed

    for _ in range(10):
        fail(browser)

    assert right(browser, at=START).status_code == 429


def test_a_staff_device_cookie_does_not_help_a_customer(client, staff, clock):
    make_customer()
    browser = client.another_browser()
    browser.staff_login()
    browser.cookies["kc_device"] = browser.cookies[DEVICE]

    for _ in range(10):
        browser.post("/api/auth/login", {"login": "100001", "password": "falsch-falsch"})

    assert browser.post("/api/auth/login", {"login": "100001", "password": DEMO_PASSWORD}).status_code == 429

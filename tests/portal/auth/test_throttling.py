"""Sign-in and mail requests are throttled per account and per client address, never locked for good."""

from datetime import UTC, datetime, timedelta

import time_machine

from tests.factories import DEMO_PASSWORD, make_customer

START = datetime(2026, 11, 27, 9, 0, 30, tzinfo=UTC)


def fail(client, login="100001"):
    return client.post("/api/auth/login", {"login": login, "password": "falsch-falsch"})


def test_ten_failures_pause_the_account_then_it_works_again(client):
    make_customer()
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(10):
            assert fail(client).status_code == 401
        blocked = client.post("/api/auth/login", {"login": "100001", "password": DEMO_PASSWORD})
        assert blocked.status_code == 429
        retry_after = int(blocked.headers["Retry-After"])
        assert 0 < retry_after <= 15 * 60
        assert "Zu viele Versuche" in blocked.json_body["Message"]
        assert "Set-Cookie" not in blocked.headers
        clock.move_to(START + timedelta(seconds=retry_after))
        assert (
            client.post("/api/auth/login", {"login": "100001", "password": DEMO_PASSWORD}).status_code == 200
        )


def test_account_throttle_counts_the_login_whatever_its_spelling(client):
    make_customer()
    with time_machine.travel(START, tick=False):
        for _ in range(10):
            fail(client, login="DEMO@example.com")
        assert fail(client, login="demo@example.com").status_code == 429


def test_unknown_accounts_are_throttled_the_same_way(client):
    with time_machine.travel(START, tick=False):
        answers = [fail(client, login="nobody@example.com").status_code for _ in range(11)]
    assert answers == [401] * 10 + [429]


def test_one_address_trying_many_accounts_is_throttled(client):
    with time_machine.travel(START, tick=False):
        answers = [fail(client, login=f"user{i}@example.com").status_code for i in range(31)]
    assert answers[:30] == [401] * 30
    assert answers[30] == 429


def test_password_forgot_mails_are_throttled(client):
    make_customer()
    with time_machine.travel(START, tick=False):
        answers = [
            client.post("/api/auth/password/forgot", {"login": "100001"}).status_code for _ in range(6)
        ]
    assert answers == [202] * 5 + [429]

"""Sign-in and mail requests are throttled per account and per client address, never locked for good."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tests.conftest import sent_mails
from tests.factories import DEMO_PASSWORD, make_customer

DEMO_EMAIL = "demo@example.com"

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


def mails_to(address: str) -> int:
    return sum(1 for mail in sent_mails() if mail["to"] == address)


@pytest.mark.parametrize(
    ("path", "body"),
    [("/api/auth/password/forgot", {"login": "100001"}), ("/api/auth/login/forgot", {"email": DEMO_EMAIL})],
)
def test_mails_past_the_account_limit_are_answered_alike_and_not_sent(client, path, body):
    """The account's mail limit (5 an hour) is used up quietly: the same 202, no mail, never a 429.

    A 429 for the account would tell strangers that it exists and block its owner's own request for an
    hour; the 202 is the answer an unknown account gets. The owner gets at most 5 such mails an hour.
    Only the client address's limit answers 429 (below).
    """
    make_customer()
    with time_machine.travel(START, tick=False):
        answers = [client.post(path, body) for _ in range(7)]
        unknown = client.post(path, {"login": "100099"} if "login" in body else {"email": "x@example.com"})
    assert [answer.status_code for answer in answers] == [202] * 7
    assert {answer.body for answer in answers} == {unknown.body}
    assert mails_to(DEMO_EMAIL) == 5


def test_a_known_device_of_the_account_gets_its_own_mail_counter(client):
    """Strangers used the account's 5 mails up; the owner's browser (kc_device) still gets a reset link."""
    make_customer()
    with time_machine.travel(START, tick=False):
        client.login()
        client.post("/api/auth/logout")
        stranger = client.another_browser()
        for _ in range(6):
            assert stranger.post("/api/auth/password/forgot", {"login": "100001"}).status_code == 202
        assert mails_to(DEMO_EMAIL) == 5
        assert client.post("/api/auth/password/forgot", {"login": "100001"}).status_code == 202
        assert mails_to(DEMO_EMAIL) == 6
        assert client.post("/api/auth/login/forgot", {"email": DEMO_EMAIL}).status_code == 202
        assert mails_to(DEMO_EMAIL) == 7
        # The device's own counter has a limit too.
        for _ in range(5):
            client.post("/api/auth/password/forgot", {"login": "100001"})
        assert mails_to(DEMO_EMAIL) == 10


def test_one_address_asking_for_many_mails_is_throttled(client):
    make_customer()
    with time_machine.travel(START, tick=False):
        answers = [
            client.post("/api/auth/password/forgot", {"login": f"user{i}@example.com"}).status_code
            for i in range(20)
        ]
        known = client.post("/api/auth/password/forgot", {"login": "100001"})
    assert answers == [202] * 20
    assert known.status_code == 429
    assert "Retry-After" in known.headers
    assert mails_to(DEMO_EMAIL) == 0

"""Race-free sign-in limits on the running local stack: parallel wrong passwords never get extra checks."""

import threading
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.browser_fixtures import Stack
from tests.factories import DEMO_PASSWORD

ATTEMPTS = 16
LIMIT = 10  # LOGIN_PER_ACCOUNT


def _sign_in(stack: Stack, session: requests.Session, password: str) -> int:
    response = session.post(
        f"{stack.url}/api/auth/login",
        json={"login": "100001", "password": password},
        headers={"Origin": stack.url},
        timeout=30,
    )
    return response.status_code


def test_parallel_wrong_passwords_are_checked_at_most_limit_times(fresh_stack: Stack) -> None:
    owner = requests.Session()
    assert _sign_in(fresh_stack, owner, DEMO_PASSWORD) == 200  # the owner's browser becomes a known device
    barrier = threading.Barrier(ATTEMPTS)

    def stranger(_: int) -> int:
        barrier.wait(timeout=10)
        return _sign_in(fresh_stack, requests.Session(), "falsch-falsch")

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        answers = list(pool.map(stranger, range(ATTEMPTS)))
    assert answers.count(401) == LIMIT
    assert answers.count(429) == ATTEMPTS - LIMIT
    # A stranger with the right password waits too; the owner's known device is not locked out.
    assert _sign_in(fresh_stack, requests.Session(), DEMO_PASSWORD) == 429
    assert _sign_in(fresh_stack, owner, DEMO_PASSWORD) == 200
    audit = owner.get(f"{fresh_stack.url}/api/audit?limit=100", timeout=10).json()["entries"]
    assert sum(entry["event"] == "login_failed" for entry in audit) == LIMIT

"""Schemathesis against the running local stack: every operation of `GET /api/openapi.json`.

Each operation gets valid and invalid requests (bounded, derandomized: the same cases on every run),
once anonymously and once signed in as the demo customer. No answer may be a server error, and every
answer must match the document: a documented status, `application/json` where content is
documented, the body's schema and the documented headers (`Retry-After` on 429).

Signed in, the cases may end the session (`POST /api/auth/logout` with the cookie): the next case signs
in again. Random sign-ins can use up the per-address login budget; the stack is then reset before
signing in again (429 is a documented answer, so the throttled cases themselves pass). Staff routes
run anonymously only (the documented 401): there is no staff session to send.
"""

import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings

from tests.factories import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

DEMO_LOGIN = "100001"
SESSION_COOKIE = "kc_session"
MAX_EXAMPLES = 10
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.response_headers_conformance,
]
CONFIG: dict[str, Any] = {
    "seed": 20260101,
    "generation": {"mode": "all", "deterministic": True, "max-examples": MAX_EXAMPLES},
    "request-timeout": 10,
}


def load_schema(stack: Any, request: pytest.FixtureRequest, *, security_parameters: bool) -> Any:
    # schemathesis 4.32's pytest integration reads and renames `node._nodeid`, which pytest 9.2 no longer
    # has (the id lives in `node._id`): give it the attribute to read, pytest's own reporting is unchanged.
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid
    generation = {**CONFIG["generation"], "with-security-parameters": security_parameters}
    config = schemathesis.Config.from_dict({**CONFIG, "generation": generation})
    schema = schemathesis.openapi.from_url(f"{stack.url}/api/openapi.json", config=config)
    schema.config.update(base_url=stack.url)
    return schema


@pytest.fixture
def anonymous_schema(fresh_stack: Any, request: pytest.FixtureRequest) -> Any:
    """Generated cookies for the security schemes included: forged sessions must be a 401."""
    return load_schema(fresh_stack, request, security_parameters=True)


@pytest.fixture
def customer_schema(fresh_stack: Any, request: pytest.FixtureRequest) -> Any:
    """No generated session cookie: it would replace the demo customer's."""
    return load_schema(fresh_stack, request, security_parameters=False)


anonymous_operations = schemathesis.pytest.from_fixture("anonymous_schema")
customer_operations = schemathesis.pytest.from_fixture("customer_schema")
BOUNDED = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


class Browser:
    """A same-origin browser of the stack: its Origin header, and a session cookie when signed in."""

    def __init__(self, stack: Any, *, signed_in: bool) -> None:
        self.stack = stack
        self.signed_in = signed_in
        self.http = requests.Session()
        self.headers = {"Origin": stack.url, "User-Agent": "schemathesis (tests/e2e/test_api_schema.py)"}
        self.sign_ins = 0
        self.resets = 0
        self.answers: dict[str, Counter[int]] = defaultdict(Counter)
        self.seconds: Counter[str] = Counter()

    def ready(self) -> None:
        """Signed in, if this browser should be (again, after a case signed it out)."""
        if not self.signed_in or self.http.cookies.get(SESSION_COOKIE):
            return
        response = self._login()
        if response.status_code == 429:  # random sign-ins used up the address's budget
            self.stack.reset()
            self.resets += 1
            self.http.cookies.clear()
            response = self._login()
        assert response.status_code == 200, response.text
        self.sign_ins += 1

    def _login(self) -> requests.Response:
        body = {"login": DEMO_LOGIN, "password": DEMO_PASSWORD}
        return self.http.post(f"{self.stack.url}/api/auth/login", json=body, headers=self.headers, timeout=10)

    def summary(self) -> str:
        """Cases per operation and status, sign-ins and resets (printed after the run)."""
        total = sum(sum(counts.values()) for counts in self.answers.values())
        lines = [
            f"{total} cases on {len(self.answers)} operations; {self.sign_ins} sign-ins, {self.resets} resets"
        ]
        for label, counts in sorted(self.answers.items()):
            statuses = ", ".join(f"{status}×{count}" for status, count in sorted(counts.items()))
            lines.append(f"  {label}: {statuses} ({self.seconds[label]:.1f} s)")
        return "\n".join(lines)


@pytest.fixture
def anonymous(anonymous_schema: Any, fresh_stack: Any) -> Iterator[Browser]:
    browser = Browser(fresh_stack, signed_in=False)
    yield browser
    print(f"\nanonymous: {browser.summary()}")


@pytest.fixture
def customer(customer_schema: Any, fresh_stack: Any) -> Iterator[Browser]:
    browser = Browser(fresh_stack, signed_in=True)
    yield browser
    print(f"\nsigned in as {DEMO_LOGIN}: {browser.summary()}")


def run(case: Any, browser: Browser) -> None:
    browser.ready()
    started = time.monotonic()
    response = case.call(session=browser.http, headers=browser.headers)
    browser.seconds[case.operation.label] += time.monotonic() - started
    browser.answers[case.operation.label][response.status_code] += 1
    case.validate_response(response, checks=CHECKS, headers=browser.headers)


# One test runs every operation (~90 with the tickets), each with its examples: it takes longer than the
# 300 s per test that catch a hung test elsewhere (pyproject.toml), on a loaded 2-core machine 300 s and more.
WHOLE_SCHEMA_TIMEOUT = pytest.mark.timeout(1200)


@WHOLE_SCHEMA_TIMEOUT
@anonymous_operations.parametrize()
@BOUNDED
def test_every_operation_anonymously(case: Any, anonymous: Browser) -> None:
    run(case, anonymous)


@WHOLE_SCHEMA_TIMEOUT
@customer_operations.exclude(path_regex="^/api/team/").parametrize()
@BOUNDED
def test_every_operation_signed_in_as_the_demo_customer(case: Any, customer: Browser) -> None:
    run(case, customer)

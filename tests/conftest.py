"""Fixture chain: embedded AWS (moto) → tables → the Chalice app's test client.

pytest-env sets the KC_* variables before anything imports chalicelib, since settings and
PynamoDB's Meta.table_name are read at import.
"""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chalice.test import Client
from moto import mock_aws

from local import moto_atomic, moto_transactions
from tests.factories import DEMO_PASSWORD, DEMO_STAFF

moto_transactions.install()  # transactions back up the items they touch, not whole tables
moto_atomic.install()  # DynamoDB's per-item atomicity, for tests that send requests in parallel

# Chromium, the static site and the local stack: one of each per test run, shared by e2e and local tests.
pytest_plugins = ["tests.browser_fixtures"]


@pytest.fixture(scope="session")
def _aws_session() -> Iterator[None]:
    """One in-memory AWS per test run (per xdist worker) with every table; `aws` empties it per test.

    Session fixtures are set up before a test's own fixtures, so the mock never starts inside a
    time-machine travel; moto keeps no clock of its own that a travel could disturb.
    """
    with mock_aws():
        _create_tables()
        yield


@pytest.fixture
def aws(_aws_session: None) -> None:
    """A fresh in-memory AWS: every table empty, no bucket, no mail sent, a verified sender domain."""
    _empty_aws()


def _create_tables() -> None:
    from chalicelib.models import ALL_MODELS

    for model in ALL_MODELS:
        model.create_table(wait=True, billing_mode="PAY_PER_REQUEST")


def _empty_aws() -> None:
    """Back to the state right after `_aws_session`'s setup, through moto's backends (well under 1 ms).

    Clearing the items of each moto table is ~4000x faster than a scan and batch delete per table
    (0.05 ms against ~200 ms per test, bench in DECISIONS.md); SES and S3 are reset whole.
    """
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends
    from moto.s3.models import s3_backends
    from moto.ses.models import ses_backends

    from chalicelib.models import ALL_MODELS
    from chalicelib.settings import settings

    dynamodb = dynamodb_backends[DEFAULT_ACCOUNT_ID][settings.aws_region]
    if set(dynamodb.tables) != {model.Meta.table_name for model in ALL_MODELS}:
        dynamodb.reset()  # a test created or deleted a table: start over
        _create_tables()
    for table in dynamodb.tables.values():
        table.items.clear()
    # Mails, counters, identities: reset, then the sender domain verified as before every test.
    ses = ses_backends[DEFAULT_ACCOUNT_ID][settings.aws_region]
    ses.reset()
    ses.verify_domain(settings.mail_from.rsplit("@", 1)[-1].rstrip(">").strip())
    # The invoice bucket (and any other a test created) goes with its objects, as no test starts with one.
    s3 = s3_backends[DEFAULT_ACCOUNT_ID]["aws"]
    if s3.buckets:
        s3.reset()


@pytest.fixture
def client(aws: None) -> Iterator["ApiClient"]:
    from app import app

    with Client(app, project_dir="functions/portal") as chalice_client:
        yield ApiClient(chalice_client)


class ApiClient:
    """The Chalice test client with a cookie jar and a same-origin browser's headers."""

    def __init__(self, chalice_client: Client) -> None:
        self.chalice_client = chalice_client
        self.http = chalice_client.http
        self.cookies: dict[str, str] = {}
        self.headers: dict[str, str] = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Any:
        from chalicelib.settings import settings

        all_headers = {**self.headers, "Origin": settings.site_origin}
        raw = b""
        if body is not None:
            raw = body if isinstance(body, bytes) else json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        all_headers = {
            name: value for name, value in all_headers.items() if value is not None
        }  # None: leave out
        response = self.http.request(method, path, headers=all_headers, body=raw)
        self._store_cookie(response.headers.get("Set-Cookie") or response.headers.get("set-cookie"))
        return response

    def another_browser(self) -> "ApiClient":
        """A second browser (own cookie jar) talking to the same app."""
        return ApiClient(self.chalice_client)

    def _store_cookie(self, header: str | list[str] | None) -> None:
        for item in [header] if isinstance(header, str) else header or []:
            name, _, rest = item.partition("=")
            value = rest.split(";")[0]
            if "Max-Age=0" in item or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.request("POST", path, body=body, **kwargs)

    def patch(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.request("PATCH", path, body=body, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self.request("DELETE", path, **kwargs)

    def login(self, login: str = "100001", password: str = DEMO_PASSWORD) -> Any:
        response = self.post("/api/auth/login", {"login": login, "password": password})
        assert response.status_code == 200, response.body
        return response

    def staff_login(
        self,
        email: str = DEMO_STAFF["email"],
        password: str = DEMO_STAFF["password"],
        secret: str = DEMO_STAFF["totp_secret"],
    ) -> Any:
        """Sign in to the team area with a fresh code (a step after the account's last accepted one)."""
        response = self.post(
            "/api/team/auth/login",
            {"email": email, "password": password, "code": self.staff_code(email, secret)},
        )
        assert response.status_code == 200, response.body
        return response

    @staticmethod
    def staff_code(email: str, secret: str) -> str:
        """A TOTP code the server accepts now and has not accepted before (within the drift window)."""
        import time

        from chalicelib import totp
        from chalicelib.team.service import find_staff
        from tests.factories import totp_code

        staff = find_staff(email=email)
        now = time.time()
        current = int(now) // totp.STEP_SECONDS
        # The oldest step still accepted leaves the window at the next step boundary: within 5 s of it, skip
        # that step, or it may expire while the request is on its way (a 401 once on a loaded machine).
        closing = totp.STEP_SECONDS - now % totp.STEP_SECONDS < 5
        lowest = current - totp.DRIFT_STEPS + (1 if closing else 0)
        step = max(lowest, (staff.totp_last_step if staff else 0) + 1)
        assert step <= current + totp.DRIFT_STEPS, "every code of the drift window was used already"
        return totp_code(secret, at=step * totp.STEP_SECONDS)


def sent_mails() -> list[dict[str, Any]]:
    """Mails SES accepted in this test, oldest first: to, subject, text, reply_to.

    Raw mails (ticket mails with Reply-To, invoices with their PDF) are parsed: `text` is their text/plain
    part, `reply_to` their Reply-To header (None when absent, and for every simple mail).
    """
    from email import message_from_bytes, policy

    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import RawMessage, ses_backends

    backend = ses_backends[DEFAULT_ACCOUNT_ID]["eu-central-1"]
    mails: list[dict[str, Any]] = []
    for message in backend.sent_messages:
        if isinstance(message, RawMessage):
            raw = message.raw_data.encode() if isinstance(message.raw_data, str) else message.raw_data
            parsed = message_from_bytes(raw, policy=policy.default)
            body = parsed.get_body(preferencelist=("plain",))
            mails.append(
                {
                    "to": message.destinations[0] if message.destinations else str(parsed["To"]),
                    "subject": str(parsed["Subject"]),
                    "text": body.get_content() if body is not None else "",
                    "reply_to": str(parsed["Reply-To"]) if parsed["Reply-To"] is not None else None,
                }
            )
        else:
            mails.append(
                {
                    "to": message.destinations["ToAddresses"][0],
                    "subject": message.subject,
                    "text": message.body,
                    "reply_to": None,
                }
            )
    return mails


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The help site and portal pages, built once per test run with `mkdocs build --strict`.

    Under xdist the first worker that needs it builds it (under a lock, in the run's common temp
    folder) and the others reuse it: one build, and never two at once writing the same files.
    """
    import fcntl
    import os

    from tests.docs.minisite import build

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # <run>/popen-gw0 → <run>, common to this run's workers
    site_dir, outcome = shared / "built-site", shared / "built-site.failure"
    with (shared / "built-site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not outcome.exists():
            result = build(Path(__file__).resolve().parent.parent, site_dir=site_dir)
            outcome.write_text("" if result.returncode == 0 else result.output, encoding="utf-8")
        failure = outcome.read_text(encoding="utf-8")
    if failure:
        pytest.fail(f"mkdocs build --strict failed:\n{failure}")
    return site_dir

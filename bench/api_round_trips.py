"""DynamoDB round trips per API route: does a typical signed-in request stay within two?

Walks `app.routes`, sends each route one typical request through the Chalice test client (signed in
as the demo customer where the route needs it) in-process under moto's `mock_aws`, with fresh
tables and the demo data of `local.seed` for every route, and counts the DynamoDB calls the request
makes (a botocore `before-call.dynamodb.*` hook, so batch and transaction calls count once each).
Prints a table, then whether every signed-in GET stays within 2 (DESIGN.md rule 6).

Usage: .venv/bin/python bench/api_round_trips.py
A route without an entry in TYPICAL gets a bare request (path parameters "1", no body); its status
column shows whether that was meaningful. Add an entry when you add a route.
"""

import os
import re
import sys
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# The test environment (pytest-env's values in pyproject.toml), set before chalicelib is imported.
_pytest_env = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest_env"]
os.environ.update({name: str(value) for name, value in _pytest_env.items()})
os.environ.pop("AWS_ENDPOINT_URL", None)
sys.path[:0] = [str(ROOT / "functions" / "portal"), str(ROOT)]

DYNAMODB_CALLS: Counter[str] = Counter()


def _count_dynamodb_call(model: Any, **kwargs: Any) -> None:
    DYNAMODB_CALLS[model.name] += 1


# Registered as a builtin handler, so every botocore session (boto3's and PynamoDB's own) has it.
import botocore.handlers  # noqa: E402

botocore.handlers.BUILTIN_HANDLERS.append(("before-call.dynamodb", _count_dynamodb_call))

DEMO_PASSWORD = "Kundencenter-Demo-2026"
NEW_PASSWORD = "Sommer-Regen-Laterne-42"


@dataclass
class Typical:
    """A typical request for one route; `prepare` may return path parameters and a body."""

    body: Any = None
    params: dict[str, str] = field(default_factory=dict)
    prepare: Callable[["Api"], tuple[dict[str, str], Any]] | None = None
    note: str = ""
    signed_in: bool | None = None  # None: signed in exactly when the route is not public
    headers: dict[str, str] = field(default_factory=dict)  # filled by `prepare` where needed


class Api:
    """The Chalice test client with a cookie and a same-origin browser's headers."""

    def __init__(self, http: Any, origin: str) -> None:
        self.http = http
        self.cookies: dict[str, str] = {}
        self.origin = origin
        self.extra_headers: dict[str, str] = {}  # e.g. a licence key's Authorization, set by a `prepare`

    def request(self, method: str, path: str, body: Any = None, extra: dict[str, str] | None = None) -> Any:
        import json

        headers = {"Origin": self.origin, "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}
        headers.update(extra or {})
        headers = {name: value for name, value in headers.items() if value}  # "": leave the header out
        raw = b""
        if body is not None:
            raw = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        headers.update(self.extra_headers)
        response = self.http.request(method, path, headers=headers, body=raw)
        set_cookie = response.headers.get("Set-Cookie") or response.headers.get("set-cookie") or []
        for item in [set_cookie] if isinstance(set_cookie, str) else set_cookie:
            name, _, value = item.split(";")[0].partition("=")
            self.cookies[name] = value
        return response

    def login(self, login: str = "100001") -> None:
        response = self.request("POST", "/api/auth/login", {"login": login, "password": DEMO_PASSWORD})
        assert response.status_code == 200, response.body


def _reset_token(api: Api) -> tuple[dict[str, str], Any]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    api.request("POST", "/api/auth/password/forgot", {"login": "100001"})
    text = ses_backends[DEFAULT_ACCOUNT_ID][os.environ["AWS_DEFAULT_REGION"]].sent_messages[-1].body
    token = re.search(r"#token=([\w-]+)", text)
    assert token is not None, text
    return {}, {"token": token.group(1), "password": NEW_PASSWORD}


def _reset_check_token(api: Api) -> tuple[dict[str, str], Any]:
    headers, body = _reset_token(api)
    return headers, {"token": body["token"]}


def _version(api: Api) -> int:
    version: int = api.request("GET", "/api/customer").json_body["version"]
    return version


def _address(api: Api) -> tuple[dict[str, str], Any]:
    body = {
        "version": _version(api),
        "salutation": "Frau",
        "first_name": "Erika",
        "last_name": "Mustermann",
        "street": "Neue Straße 5",
        "postal_code": "10117",
        "city": "Berlin",
        "country": "DE",
        "phone": "030 98765432",
    }
    return {}, body


def _bank(api: Api) -> tuple[dict[str, str], Any]:
    body = {
        "version": _version(api),
        "account_holder": "Muster Handels GmbH",
        "iban": "DE02 1203 0000 0000 2020 51",
        "password": DEMO_PASSWORD,
    }
    return {}, body


def _email_change_token(api: Api) -> tuple[dict[str, str], Any]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    owner = Api(api.http, api.origin)
    owner.login()
    owner.request("PUT", "/api/customer/email", {"email": "erika.neu@example.com", "password": DEMO_PASSWORD})
    messages = ses_backends[DEFAULT_ACCOUNT_ID][os.environ["AWS_DEFAULT_REGION"]].sent_messages
    token = next(re.search(r"#token=([\w-]+)", m.body) for m in messages if "#token=" in m.body)
    assert token is not None
    return {}, {"token": token.group(1)}


def _in_days(days: int) -> str:
    from datetime import date, timedelta

    return (date.today() + timedelta(days=days)).isoformat()


def _scheduled_rename(api: Api) -> tuple[dict[str, str], Any]:
    api.request(
        "POST",
        "/api/customer/rename",
        {"company": "Muster AG", "legal_form": "AG", "effective_date": _in_days(30)},
    )
    return {}, None


def _other_session(api: Api) -> tuple[dict[str, str], Any]:
    other = Api(api.http, api.origin)
    other.login()
    sessions = api.request("GET", "/api/sessions").json_body["sessions"]
    public_id = next(session["id"] for session in sessions if not session["current"])
    return {"session_id": public_id}, None


def _second_session(api: Api) -> tuple[dict[str, str], Any]:
    Api(api.http, api.origin).login()
    return {}, None


def _contact_token(api: Api) -> tuple[dict[str, str], Any]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    owner = Api(api.http, api.origin)
    owner.login()
    owner.request("POST", "/api/contacts/emails", {"address": "neu@muster-handels.example", "purposes": []})
    text = ses_backends[DEFAULT_ACCOUNT_ID][os.environ["AWS_DEFAULT_REGION"]].sent_messages[-1].body
    token = re.search(r"#token=([\w-]+)", text)
    assert token is not None, text
    return {}, {"token": token.group(1)}


def _contact(kind: str, *, verified: bool) -> Callable[[Api], tuple[dict[str, str], Any]]:
    """The id of a seeded further address or number of 100001."""

    def prepare(api: Api) -> tuple[dict[str, str], Any]:
        entries = api.request("GET", "/api/contacts").json_body[kind]
        entry = next(entry for entry in entries if entry["verified"] == verified)
        return {"kind": kind, "id": entry["id"]}, None

    return prepare


def _an_invoice(api: Api) -> tuple[dict[str, str], Any]:
    """An invoice of 100001, issued as the billing run will (until the run seeds them)."""
    from datetime import date

    from chalicelib.invoices.service import InvoiceLine, issue_invoice

    line = InvoiceLine("Single-Lizenz", date(2026, 12, 1), date(2026, 12, 31), 2900)
    invoice = issue_invoice(
        customer_number="100001", issue_date=date(2026, 12, 1), lines=[line], billing_key="bench-2026-12"
    )
    return {"number": invoice.number}, None


def _sso_token(api: Api) -> tuple[dict[str, str], Any]:
    """A one-time link's token for 100001, as `POST /api/ingest/sso` hands it to unicorn 2."""
    from chalicelib.auth import sso

    url = sso.issue_link(customer_number="100001").url
    return {}, {"token": url.rsplit("#token=", 1)[1]}


def _licence_key(api: Api) -> tuple[dict[str, str], Any]:
    """Send the request as 100001's unicorn 2 installation: its licence key, no cookies."""
    from chalicelib.contracts import licence

    key = licence.regenerate_licence_key(customer_number="100001", client=None)
    api.cookies.clear()
    api.extra_headers = {"Authorization": f"Bearer {key}"}
    return {}, None


def _contract_version(api: Api) -> tuple[dict[str, str], Any]:
    version = api.request("GET", "/api/contract").json_body["version"]
    return {}, {"licence": "multi", "version": version}


def _scheduled_cancellation(api: Api) -> tuple[dict[str, str], Any]:
    version = api.request("GET", "/api/contract").json_body["version"]
    body = {"option": "premium_service", "action": "cancel", "version": version}
    change_id = api.request("POST", "/api/contract/changes", body).json_body["scheduled_change_id"]
    return {"id": change_id}, None


def _staff(api: Api) -> None:
    """Sign in to the team area as the demo staff member (password and a TOTP code)."""
    from chalicelib import totp
    from local.seed import DEMO_STAFF

    api.cookies.clear()
    code = totp._totp(DEMO_STAFF["totp_secret"]).now()
    body = {"email": DEMO_STAFF["email"], "password": DEMO_STAFF["password"], "code": code}
    response = api.request("POST", "/api/team/auth/login", body)
    assert response.status_code == 200, response.body


def _open_demo_ticket() -> Any:
    """100001's demo ticket waiting for the customer (a thread with a team reply)."""
    from chalicelib.models import Ticket

    return next(t for t in Ticket.by_customer.query("100001") if t.status == "wartet_auf_sie")


def _ticket(api: Api) -> tuple[dict[str, str], Any]:
    return {"ticket_id": _open_demo_ticket().ticket_id}, None


def _closed_ticket(api: Api) -> tuple[dict[str, str], Any]:
    from chalicelib.models import Ticket

    ticket = next(
        t for t in Ticket.by_customer.query("100001") if t.status == "geschlossen" and t.rating_stars is None
    )
    return {"ticket_id": ticket.ticket_id}, None


def _team_ticket(api: Api) -> tuple[dict[str, str], Any]:
    _staff(api)
    return _ticket(api)


def _attachment(api: Api) -> tuple[dict[str, str], Any]:
    """A PDF attached to 100001's open demo ticket (object in the ticket bucket, item attached)."""
    from datetime import UTC, datetime

    import boto3

    from chalicelib.models import TicketAttachment
    from chalicelib.settings import settings

    ticket = _open_demo_ticket()
    data = b"%PDF-1.7\n%%EOF\n"
    attachment = TicketAttachment(
        "bench-attachment-0000000",
        customer_number="100001",
        filename="Rechnung.pdf",
        declared_size=len(data),
        size=len(data),
        content_type="application/pdf",
        state="attached",
        ticket_id=ticket.ticket_id,
        created_at=datetime.now(UTC),
    )
    attachment.save()
    boto3.client("s3", region_name=settings.aws_region).put_object(
        Bucket=settings.ticket_bucket, Key=f"attachments/{attachment.attachment_id}", Body=data
    )
    return {"ticket_id": ticket.ticket_id, "attachment_id": attachment.attachment_id}, None


def _team_attachment(api: Api) -> tuple[dict[str, str], Any]:
    _staff(api)
    return _attachment(api)


def _team_version(api: Api) -> tuple[dict[str, str], Any]:
    params, _ = _team_ticket(api)
    version = api.request("GET", f"/api/team/tickets/{params['ticket_id']}").json_body["version"]
    return params, {"version": version, "status": "in_bearbeitung", "assignee": "support@unicorn2.example"}


def _team_merge(api: Api) -> tuple[dict[str, str], Any]:
    from chalicelib.models import Ticket

    _staff(api)
    tickets = [t for t in Ticket.by_customer.query("100001") if t.status == "offen"]
    version = api.request("GET", f"/api/team/tickets/{tickets[0].ticket_id}").json_body["version"]
    return {"ticket_id": tickets[0].ticket_id}, {"into": tickets[1].ticket_id, "version": version}


def _staff_only(api: Api) -> tuple[dict[str, str], Any]:
    _staff(api)
    return {}, None


def _public_confirm_token(api: Api) -> tuple[dict[str, str], Any]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    form = {"email": "gast@shop.example", "name": "Gast", "subject": "Frage zu Preisen", "message": "Hallo"}
    api.request("POST", "/api/public/tickets", form)
    raw = ses_backends[DEFAULT_ACCOUNT_ID][os.environ["AWS_DEFAULT_REGION"]].sent_messages[-1]
    text = getattr(raw, "body", None) or getattr(raw, "raw_data", "")
    token = re.search(r"#token=([\w-]+)", text)
    assert token is not None, text
    return {}, {"token": token.group(1)}


def _view_token(api: Api) -> tuple[dict[str, str], Any]:
    from chalicelib.tickets.service import view_link

    return {}, {"token": view_link(_open_demo_ticket()).rsplit("#token=", 1)[1]}


def _view_reply(api: Api) -> tuple[dict[str, str], Any]:
    params, body = _view_token(api)
    return params, {**body, "text": "Danke!"}


_INGEST = Typical(note="licence key, 500 new orders of one day")


def _licence_key_and_batch(api: Api) -> tuple[dict[str, str], Any]:
    """A new licence key of 100001 (sent as an installation would: Bearer, no cookie) and 500 orders."""
    owner = Api(api.http, api.origin)
    owner.login()
    key = owner.request("POST", "/api/contract/licence-key").json_body["licence_key"]
    _INGEST.headers.update({"Authorization": f"Bearer {key}", "Origin": ""})
    orders = [
        {
            "order_id": f"B-{n}",
            "placed_at": "2026-11-30T12:00:00+01:00",
            "channel": ["eBay", "Amazon", "Shop"][n % 3],
            "status": "bezahlt",
            "gross_cents": 4990,
            "currency": "EUR",
            "items": 2,
        }
        for n in range(500)
    ]
    return {}, {"orders": orders}


_INGEST.prepare = _licence_key_and_batch

TYPICAL: dict[tuple[str, str], Typical] = {
    ("POST", "/api/auth/login"): Typical(body={"login": "100001", "password": DEMO_PASSWORD}),
    ("POST", "/api/auth/logout"): Typical(signed_in=True, note="public route, signed in"),
    ("POST", "/api/auth/password/forgot"): Typical(body={"login": "demo@example.com"}),
    ("POST", "/api/auth/password/reset"): Typical(prepare=_reset_token),
    ("POST", "/api/auth/password/reset/check"): Typical(prepare=_reset_check_token),
    ("POST", "/api/auth/login/forgot"): Typical(body={"email": "demo@example.com"}),
    ("POST", "/api/auth/sso"): Typical(prepare=_sso_token, note="link from unicorn 2, no two-factor"),
    ("POST", "/api/auth/password/change"): Typical(
        body={"current_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD}
    ),
    ("PUT", "/api/customer/address"): Typical(prepare=_address),
    ("PUT", "/api/customer/email"): Typical(
        body={"email": "erika.neu@example.com", "password": DEMO_PASSWORD}
    ),
    ("POST", "/api/customer/email/confirm"): Typical(
        prepare=_email_change_token, note="link opened signed out"
    ),
    ("PUT", "/api/customer/bank"): Typical(prepare=_bank),
    ("POST", "/api/customer/rename"): Typical(
        body={"company": "Muster AG", "legal_form": "AG", "effective_date": _in_days(30)}
    ),
    ("DELETE", "/api/customer/rename"): Typical(prepare=_scheduled_rename),
    ("DELETE", "/api/sessions/{session_id}"): Typical(prepare=_other_session, note="another session"),
    ("DELETE", "/api/sessions"): Typical(prepare=_second_session, note="one other session"),
    ("POST", "/api/feedback"): Typical(body={"page": "zugang/anmelden/", "helpful": True}),
    ("POST", "/api/help/deflections"): Typical(body={"page": "persoenliche-daten/bankverbindung/"}),
    ("POST", "/api/contacts/emails"): Typical(
        body={"address": "neu@muster-handels.example", "purposes": ["support"]}
    ),
    ("POST", "/api/contacts/emails/confirm"): Typical(prepare=_contact_token),
    ("POST", "/api/contacts/emails/{id}/resend"): Typical(
        prepare=_contact("emails", verified=False), note="unverified address"
    ),
    ("POST", "/api/contacts/phones"): Typical(body={"number": "040 1234567", "purposes": ["support"]}),
    ("PATCH", "/api/contacts/emails/{id}"): Typical(
        prepare=_contact("emails", verified=True), body={"purposes": ["rechnungen", "support"]}
    ),
    ("PATCH", "/api/contacts/phones/{id}"): Typical(
        prepare=_contact("phones", verified=False), body={"purposes": ["technik"]}
    ),
    ("DELETE", "/api/contacts/emails/{id}"): Typical(
        prepare=_contact("emails", verified=True), note="verified address: claim released"
    ),
    ("DELETE", "/api/contacts/phones/{id}"): Typical(prepare=_contact("phones", verified=False)),
    ("GET", "/api/contract"): Typical(note="Single-Lizenz with Premium Service"),
    ("GET", "/api/dashboard"): Typical(note="issue 12: at most 3 (session, one BatchGetItem, tickets Query)"),
    ("GET", "/api/invoices"): Typical(prepare=_an_invoice, note="this year, one invoice"),
    ("GET", "/api/invoices/{number}/pdf"): Typical(
        prepare=_an_invoice, note="+1 S3 GetObject", headers={"Accept": "application/pdf"}
    ),
    ("GET", "/api/invoices/archive"): Typical(
        prepare=_an_invoice,
        note="this year; +1 S3 GetObject per invoice",
        headers={"Accept": "application/zip"},
    ),
    ("POST", "/api/contract/preview"): Typical(body={"licence": "multi"}, note="upgrade"),
    ("POST", "/api/contract/changes"): Typical(prepare=_contract_version, note="upgrade, prorated charge"),
    ("DELETE", "/api/contract/changes/{id}"): Typical(
        prepare=_scheduled_cancellation, note="scheduled option cancellation"
    ),
    ("POST", "/api/contract/licence-key"): Typical(note="first key of the contract"),
    ("POST", "/api/ingest/sso"): Typical(
        prepare=_licence_key, note="licence key; token + counter in one transaction"
    ),
    ("POST", "/api/ingest/orders"): _INGEST,
    ("GET", "/api/statistics"): Typical(note="last 30 days, all channels (demo: ~25,000 orders)"),
    ("GET", "/api/orders"): Typical(note="first page: +1 GetItem for listed"),
    ("GET", "/api/orders/export.csv"): Typical(
        note="last 30 days; Accept: text/csv", headers={"Accept": "text/csv"}
    ),
    ("GET", "/api/tickets"): Typical(note="6 demo tickets"),
    ("POST", "/api/tickets"): Typical(
        body={"subject": "PayPal fehlt", "category": "technik", "message": "Seit gestern."},
        note="+ confirmation mail",
    ),
    ("GET", "/api/tickets/{ticket_id}"): Typical(prepare=_ticket, note="thread with a team reply"),
    ("POST", "/api/tickets/{ticket_id}/messages"): Typical(prepare=_ticket, body={"text": "Danke!"}),
    ("POST", "/api/tickets/{ticket_id}/close"): Typical(prepare=_ticket),
    ("POST", "/api/tickets/{ticket_id}/reopen"): Typical(prepare=_closed_ticket),
    ("POST", "/api/tickets/{ticket_id}/rating"): Typical(prepare=_closed_ticket, body={"stars": 5}),
    ("POST", "/api/public/tickets"): Typical(
        body={"email": "gast@shop.example", "name": "Gast", "subject": "Frage zu Preisen", "message": "Hallo"}
    ),
    ("POST", "/api/public/tickets/confirm"): Typical(prepare=_public_confirm_token),
    ("POST", "/api/public/tickets/view"): Typical(prepare=_view_token),
    ("POST", "/api/public/tickets/view/messages"): Typical(prepare=_view_reply),
    ("GET", "/api/team/tickets"): Typical(
        prepare=_staff_only, signed_in=False, note="open queue, 3 statuses"
    ),
    ("GET", "/api/team/tickets/{ticket_id}"): Typical(
        prepare=_team_ticket, signed_in=False, note="with context"
    ),
    ("POST", "/api/team/tickets/{ticket_id}/messages"): Typical(
        prepare=_team_ticket, signed_in=False, body={"text": "Gern geschehen.", "internal": False}
    ),
    ("PATCH", "/api/team/tickets/{ticket_id}"): Typical(prepare=_team_version, signed_in=False),
    ("POST", "/api/team/tickets/{ticket_id}/merge"): Typical(prepare=_team_merge, signed_in=False),
    ("GET", "/api/team/staff"): Typical(prepare=_staff_only, signed_in=False),
    ("POST", "/api/tickets/attachments"): Typical(
        body={"filename": "Rechnung.pdf", "size": 48_213}, note="counter and item in one transaction"
    ),
    ("GET", "/api/tickets/{ticket_id}/attachments/{attachment_id}"): Typical(
        prepare=_attachment, note="ticket and attachment in one TransactGetItems"
    ),
    ("GET", "/api/team/tickets/{ticket_id}/attachments/{attachment_id}"): Typical(
        prepare=_team_attachment, signed_in=False
    ),
}


@dataclass
class Result:
    method: str
    path: str
    signed_in: bool
    status: int
    calls: Counter[str]
    note: str


_SEEDED: Any = None  # local.seed.SeededState after the first seed


def measure(
    method: str, path: str, *, signed_in: bool, typical: Typical | None, idle_minutes: int = 0
) -> Result:
    """One request on fresh tables; `idle_minutes` after the sign-in (the session's last use is then rewritten)."""
    import contextlib
    from datetime import UTC, datetime, timedelta

    import boto3
    import time_machine
    from chalice.test import Client

    from app import app
    from chalicelib.settings import settings
    from local.seed import SeededState, create_resources, seed_demo_data

    global _SEEDED
    with Client(app, project_dir=str(ROOT / "functions" / "portal")) as client:
        # Seeding takes ~30 s (the demo orders): the first route seeds, every later one gets the same state
        # back from the snapshot (the tables its predecessor wrote, S3, SES), as the local stack's resets do.
        if _SEEDED is None or not _SEEDED.restore():
            create_resources()
            boto3.client("ses").verify_domain_identity(
                Domain=settings.mail_from.rsplit("@", 1)[-1].rstrip(">")
            )
            seed_demo_data()
            _SEEDED = SeededState()
            _SEEDED.take()
        api = Api(client.http, settings.site_origin)
        if signed_in:
            api.login()
        params = dict.fromkeys(re.findall(r"{(\w+)}", path), "1")
        body = None
        bare_is_typical = method == "GET" and not params
        note = (
            ("" if bare_is_typical else "no TYPICAL entry: bare request") if typical is None else typical.note
        )
        if typical is not None:
            params.update(typical.params)
            body = typical.body
            if typical.prepare is not None:
                prepared_params, prepared_body = typical.prepare(api)
                params.update(prepared_params)
                body = prepared_body if prepared_body is not None else body
        url = path.format(**params)
        later = datetime.now(UTC) + timedelta(minutes=idle_minutes)
        with time_machine.travel(later, tick=True) if idle_minutes else contextlib.nullcontext():
            DYNAMODB_CALLS.clear()
            response = api.request(method, url, body, typical.headers if typical is not None else None)
        if response.status_code >= 400:
            note = f"{note}; answer: {response.body.decode()[:120]}".lstrip("; ")
        return Result(method, path, signed_in, response.status_code, Counter(DYNAMODB_CALLS), note)


def main() -> int:
    from moto import mock_aws

    from app import app
    from chalicelib import web

    mock_aws().start()  # one embedded AWS for the run; `measure` restores the seeded state for each route

    only = sys.argv[1] if len(sys.argv) > 1 else ""  # e.g. "/api/tickets": only routes containing it
    results = []
    for path, methods in sorted(app.routes.items()):
        if only not in path:
            continue
        for method in sorted(methods):
            typical = TYPICAL.get((method, path))
            spec = web.route_spec(methods[method].view_function)
            signed_in = spec is not None and spec.access == "customer"
            if typical is not None and typical.signed_in is not None:
                signed_in = typical.signed_in
            results.append(measure(method, path, signed_in=signed_in, typical=typical))

    print(f"{'route':<42} {'who':<10} {'status':>6} {'trips':>5}  calls")
    for result in results:
        who = "signed in" if result.signed_in else "anonymous"
        calls = ", ".join(f"{name}×{count}" if count > 1 else name for name, count in result.calls.items())
        note = f"  ({result.note})" if result.note else ""
        total = sum(result.calls.values())
        print(
            f"{result.method + ' ' + result.path:<42} {who:<10} {result.status:>6} {total:>5}  {calls}{note}"
        )

    signed_in_gets = [r for r in results if r.signed_in and r.method == "GET"]
    over = [r for r in signed_in_gets if sum(r.calls.values()) > 2]
    print()
    print(
        f"signed-in GETs: {len(signed_in_gets)}; within 2 DynamoDB round trips: "
        f"{'yes, all' if not over else 'NO'}"
        + (
            ""
            if not over
            else " (over: " + ", ".join(f"{r.path}={sum(r.calls.values())}" for r in over) + ")"
        )
    )

    # The first request after a minute or more of idling also writes the session's last use.
    print("\nthe same signed-in GETs after 5 minutes idle (session last use rewritten):")
    for result in signed_in_gets:
        idle = measure(
            result.method,
            result.path,
            signed_in=True,
            typical=TYPICAL.get((result.method, result.path)),
            idle_minutes=5,
        )
        calls = ", ".join(f"{name}×{count}" if count > 1 else name for name, count in idle.calls.items())
        print(
            f"{result.method + ' ' + result.path:<42} {'signed in':<10} {idle.status:>6} {sum(idle.calls.values()):>5}  {calls}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

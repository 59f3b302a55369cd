"""Factories for the authorization walk (tests/portal/test_authorization.py).

Every customer route with path parameters needs a factory here: it makes "a record of customer 100001" and
returns the path parameters that name it (and, for routes with a body, a valid body), so the walk can
prove that customer 100002 gets a 404 for it, never the record. A new domain adds its factories with
`@factory("METHOD", "/api/path/{param}")`; the walk fails for a route with parameters and no factory.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Target:
    """A record of customer 100001, as the route's path parameters (and body) name it."""

    params: dict[str, str]
    body: Any = None
    # Strings of 100001's data that must never appear in an answer to anyone else.
    secrets: tuple[str, ...] = field(default_factory=tuple)


Factory = Callable[[Any], Target]  # called with an ApiClient signed in as 100001
FACTORIES: dict[tuple[str, str], Factory] = {}


def factory(method: str, path: str) -> Callable[[Factory], Factory]:
    def register(make: Factory) -> Factory:
        FACTORIES[(method, path)] = make
        return make

    return register


# auth


@factory("DELETE", "/api/sessions/{session_id}")
def a_session_of_100001(owner: Any) -> Target:
    session_id = owner.get("/api/sessions").json_body["sessions"][0]["id"]
    return Target(params={"session_id": session_id}, secrets=(session_id,))


@factory("GET", "/api/sessions")
def a_session_of_100001_opened_from_unicorn2(owner: Any) -> Target:
    """100001's devices include one signed in with a one-time link; 100002's list never shows it."""
    from chalicelib.auth import sso

    token = sso.issue_link(customer_number="100001").url.rsplit("#token=", 1)[1]
    assert owner.another_browser().post("/api/auth/sso", {"token": token}).status_code == 200
    sessions = owner.get("/api/sessions").json_body["sessions"]
    session_id = next(session["id"] for session in sessions if session["via"] == "unicorn2")
    return Target(params={}, secrets=(session_id,))


# contacts


def _an_address_of_100001(owner: Any) -> dict[str, Any]:
    response = owner.post(
        "/api/contacts/emails", {"address": "geheim.100001@muster-handels.example", "purposes": ["support"]}
    )
    assert response.status_code == 201, response.body
    return response.json_body


@factory("POST", "/api/contacts/emails/{id}/resend")
def an_unverified_address_of_100001(owner: Any) -> Target:
    entry = _an_address_of_100001(owner)
    return Target(params={"id": entry["id"]}, secrets=(entry["id"], entry["value"]))


def _a_number_of_100001(owner: Any) -> dict[str, Any]:
    response = owner.post("/api/contacts/phones", {"number": "+49 30 98765432", "purposes": []})
    assert response.status_code == 201, response.body
    return response.json_body


@factory("PATCH", "/api/contacts/emails/{id}")
def an_address_of_100001_to_change(owner: Any) -> Target:
    entry = _an_address_of_100001(owner)
    return Target(
        params={"id": entry["id"]}, body={"purposes": ["technik"]}, secrets=(entry["id"], entry["value"])
    )


@factory("PATCH", "/api/contacts/phones/{id}")
def a_number_of_100001_to_change(owner: Any) -> Target:
    entry = _a_number_of_100001(owner)
    return Target(
        params={"id": entry["id"]}, body={"purposes": ["technik"]}, secrets=(entry["id"], entry["value"])
    )


@factory("DELETE", "/api/contacts/emails/{id}")
def an_address_of_100001(owner: Any) -> Target:
    entry = _an_address_of_100001(owner)
    return Target(params={"id": entry["id"]}, secrets=(entry["id"], entry["value"]))


@factory("DELETE", "/api/contacts/phones/{id}")
def a_number_of_100001(owner: Any) -> Target:
    entry = _a_number_of_100001(owner)
    return Target(params={"id": entry["id"]}, secrets=(entry["id"], entry["value"]))


# invoices


@factory("GET", "/api/invoices/{number}/pdf")
def an_invoice_of_100001(owner: Any) -> Target:
    from tests.portal.invoices.conftest import issue, make_bucket

    make_bucket()
    invoice = issue("100001")
    return Target(params={"number": invoice.number}, secrets=(invoice.buyer.name,))


@factory("POST", "/api/team/customers/{customer_number}/invoices/{number}/corrections")
def an_invoice_of_100001_to_correct(owner: Any) -> Target:
    from tests.portal.invoices.conftest import issue, make_bucket

    make_bucket()
    invoice = issue("100001")
    return Target(
        params={"customer_number": "100001", "number": invoice.number},
        body={"reason": "Kulanz", "net_cents": 100},
        secrets=(invoice.buyer.name,),
    )


# contracts


@factory("DELETE", "/api/contract/changes/{id}")
def a_scheduled_downgrade_of_100001(owner: Any) -> Target:
    from datetime import date

    from chalicelib.contracts import service

    service.open_contract(customer_number="100001", licence="multi", options=[], start_date=date(2025, 1, 1))
    version = owner.get("/api/contract").json_body["version"]
    response = owner.post("/api/contract/changes", {"licence": "single", "version": version})
    assert response.status_code == 201, response.body
    change_id = response.json_body["scheduled_change_id"]
    return Target(params={"id": change_id}, secrets=(change_id,))


# statistics: routes without parameters, each answering the caller's own data; 100001's orders must not show


def _orders_of_100001(owner: Any) -> Target:
    from datetime import UTC, datetime

    from chalicelib.statistics.ingest import OrderData, ingest_orders

    ingest_orders(
        customer_number="100001",
        orders=[
            OrderData("GEHEIM-100001-1", datetime.now(UTC), "Geheimkanal", "bezahlt", 4711, "EUR", 3),
            OrderData("GEHEIM-100001-2", datetime.now(UTC), "Geheimkanal", "neu", 815, "EUR", 1),
        ],
    )
    return Target(params={}, secrets=("GEHEIM-100001", "Geheimkanal", "4711", "5526"))


factory("GET", "/api/statistics")(_orders_of_100001)
factory("GET", "/api/orders")(_orders_of_100001)
factory("GET", "/api/orders/export.csv")(_orders_of_100001)


# tickets


def _a_ticket_of_100001(owner: Any, *, closed: bool = False) -> str:
    response = owner.post(
        "/api/tickets",
        {"subject": "Geheimes Anliegen 100001", "category": "technik", "message": "Geheimtext-100001"},
    )
    assert response.status_code == 201, response.body
    ticket_id: str = response.json_body["id"]
    if closed:
        assert owner.post(f"/api/tickets/{ticket_id}/close").status_code == 200
    return ticket_id


SECRET_TICKET = ("Geheimes Anliegen 100001", "Geheimtext-100001")


@factory("GET", "/api/tickets")
def tickets_of_100001(owner: Any) -> Target:
    _a_ticket_of_100001(owner)
    return Target(params={}, secrets=SECRET_TICKET)


@factory("GET", "/api/tickets/{ticket_id}")
def a_ticket_of_100001(owner: Any) -> Target:
    return Target(params={"ticket_id": _a_ticket_of_100001(owner)}, secrets=SECRET_TICKET)


@factory("POST", "/api/tickets/{ticket_id}/messages")
def a_ticket_of_100001_to_answer(owner: Any) -> Target:
    return Target(
        params={"ticket_id": _a_ticket_of_100001(owner)}, body={"text": "Hallo"}, secrets=SECRET_TICKET
    )


@factory("POST", "/api/tickets/{ticket_id}/close")
def a_ticket_of_100001_to_close(owner: Any) -> Target:
    return Target(params={"ticket_id": _a_ticket_of_100001(owner)}, secrets=SECRET_TICKET)


@factory("POST", "/api/tickets/{ticket_id}/reopen")
def a_closed_ticket_of_100001(owner: Any) -> Target:
    return Target(params={"ticket_id": _a_ticket_of_100001(owner, closed=True)}, secrets=SECRET_TICKET)


@factory("POST", "/api/tickets/{ticket_id}/rating")
def a_closed_ticket_of_100001_to_rate(owner: Any) -> Target:
    return Target(
        params={"ticket_id": _a_ticket_of_100001(owner, closed=True)},
        body={"stars": 1},
        secrets=SECRET_TICKET,
    )


@factory("GET", "/api/tickets/{ticket_id}/attachments/{attachment_id}")
def an_attachment_of_a_ticket_of_100001(owner: Any) -> Target:
    from tests.portal.tickets.files import attached_file, make_ticket, make_ticket_bucket

    make_ticket_bucket()
    ticket = make_ticket("100001")
    attachment = attached_file(ticket, filename="Vertrag-100001-geheim.pdf")
    return Target(
        params={"ticket_id": ticket.ticket_id, "attachment_id": attachment.attachment_id},
        secrets=("Vertrag-100001-geheim",),
    )

"""Fixtures of the statistics tests: customer 100001 with a contract and a licence key, an installation
that sends orders the way unicorn 2 does (Bearer key, no cookie, no Origin)."""

from datetime import date
from typing import Any

import pytest

from tests.factories import make_customer

OTHER = {
    "customer_number": "100002",
    "email": "max.beispiel@example.com",
    "first_name": "Max",
    "last_name": "Beispiel",
    "company": "Beispiel Versand KG",
}


def order(order_id: str = "A-1", **overrides: Any) -> dict[str, Any]:
    return {
        "order_id": order_id,
        "placed_at": "2026-11-30T14:05:00+01:00",
        "channel": "eBay",
        "status": "bezahlt",
        "gross_cents": 4990,
        "currency": "EUR",
        "items": 2,
        **overrides,
    }


class Installation:
    """A unicorn 2 installation: the API client without cookies or browser headers, with its key."""

    def __init__(self, client: Any, key: str) -> None:
        self.client = client
        self.key = key

    def send(self, orders: list[dict[str, Any]] | None = None, *, body: Any = None, headers=None) -> Any:
        all_headers = {"Authorization": f"Bearer {self.key}", "Origin": None, "User-Agent": "unicorn2/2.14"}
        all_headers.update(headers or {})
        return self.client.post(
            "/api/ingest/orders", body if body is not None else {"orders": orders}, headers=all_headers
        )


def licence_key(browser: Any) -> str:
    response = browser.post("/api/contract/licence-key")
    assert response.status_code == 201, response.body
    return str(response.json_body["licence_key"])


@pytest.fixture
def erika(client):
    """Customer 100001 with a contract, signed in."""
    from chalicelib.contracts import service

    make_customer()
    service.open_contract(
        customer_number="100001", licence="single", options=[], start_date=date(2024, 12, 1)
    )
    browser = client.another_browser()
    browser.login("100001")
    return browser


@pytest.fixture
def shop(client, erika):
    """100001's unicorn 2 installation with a fresh licence key (no cookies)."""
    return Installation(client.another_browser(), licence_key(erika))


def counters(customer_number: str = "100001") -> dict[str, tuple[int, int, int]]:
    from chalicelib.statistics.repair import stored_counters

    return stored_counters(customer_number=customer_number).counters


def assert_counters_match_a_recount(customer_number: str = "100001") -> None:
    from chalicelib.statistics.repair import recount, stored_counters

    stored = stored_counters(customer_number=customer_number)
    expected = recount(customer_number=customer_number)
    assert stored.counters == expected.counters
    assert stored.stored == expected.stored
    assert stored.channels >= expected.channels  # every channel ever reported (an order may move away)

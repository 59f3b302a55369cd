"""Fixtures of the contract tests: customer 100001 signed in, with a contract opened at a fixed date."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from tests.factories import make_customer

# A Tuesday in December 2026: 31 days, 17 of them left including the 15th.
MID_DECEMBER = datetime(2026, 12, 15, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(MID_DECEMBER, tick=False) as traveller:
        yield traveller


@pytest.fixture
def erika(client, clock):
    """Customer 100001, signed in (no contract yet)."""
    make_customer()
    browser = client.another_browser()
    browser.login("100001")
    return browser


def open_contract(licence="single", options=(), start=date(2024, 12, 1)):
    from chalicelib.contracts import service

    return service.open_contract(
        customer_number="100001", licence=licence, options=list(options), start_date=start
    )


def change(browser, body, *, version=None, headers=None):
    if version is None:
        version = browser.get("/api/contract").json_body["version"]
    return browser.post("/api/contract/changes", {**body, "version": version}, headers=headers)

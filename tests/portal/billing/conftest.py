"""Fixtures of the billing-run tests: the invoice bucket, customers 100001 and 100002, a fixed clock."""

from datetime import UTC, datetime

import pytest
import time_machine

from tests.factories import make_customer
from tests.portal.invoices.conftest import OTHER, give_bank_account, make_bucket

# The 1st of December 2026, 04:00 in Berlin: the day of the December run.
FIRST_OF_DECEMBER = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(FIRST_OF_DECEMBER, tick=False) as traveller:
        yield traveller


@pytest.fixture
def billing(client, clock):
    """The invoice bucket, customers 100001 (with a SEPA mandate) and 100002, no contracts yet."""
    make_bucket()
    make_customer()
    make_customer(**OTHER)
    give_bank_account("100001")
    return client


def open_contract(customer_number: str, licence: str, options: list[str], start: str = "2024-12-01") -> None:
    from datetime import date

    from chalicelib.contracts import service

    service.open_contract(
        customer_number=customer_number,
        licence=licence,
        options=options,
        start_date=date.fromisoformat(start),
    )

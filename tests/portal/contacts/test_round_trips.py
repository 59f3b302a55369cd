"""Issue 7: each change of the contacts API costs at most 4 DynamoDB round trips (bench/api_round_trips.py)."""

from collections import Counter

import pytest

from tests.portal.contacts.conftest import add_email


@pytest.fixture
def calls(monkeypatch):
    """The DynamoDB operations PynamoDB sends while the test runs (batch and transaction calls once)."""
    from pynamodb.connection.base import Connection

    counted: Counter[str] = Counter()
    original = Connection._make_api_call

    def count(self, operation_name, operation_kwargs):
        counted[operation_name] += 1
        return original(self, operation_name, operation_kwargs)

    monkeypatch.setattr(Connection, "_make_api_call", count)
    return counted


def test_adding_an_address_costs_four_round_trips(erika, calls):
    add_email(erika, "buchhaltung@muster-handels.example")
    assert sum(calls.values()) <= 4, calls
    assert "UpdateItem" not in calls  # the mail is counted in the TransactWrite


def test_resending_a_link_costs_four_round_trips(erika, calls):
    entry = add_email(erika, "buchhaltung@muster-handels.example")
    calls.clear()
    assert erika.post(f"/api/contacts/emails/{entry['id']}/resend").status_code == 202
    assert sum(calls.values()) <= 4, calls
    assert "UpdateItem" not in calls  # both counters are in the TransactWrite

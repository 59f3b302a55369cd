"""Whose Idempotency-Keys these are: the signed-in account's, so two accounts never share stored answers.

The reviewer's C5: staff keys were scoped by the client address (the staff principal names its account
as `.staff.email`), so two staff members behind one office address who sent the same key to the same
route would have got each other's stored answer.
"""

from datetime import UTC, datetime

import pytest
from chalice.app import Request

ROUTE = "/api/team/tickets"  # any staff route that creates something: the scope depends on the level only
KEY = "7f0c1a52-3d1e-4b8e-9a57-2f9d1c8b6e01"


def spec(access):
    from chalicelib.web.routing import RouteSpec

    return RouteSpec(
        path=ROUTE, method="POST", access=access, view=lambda: None, schemas_module="x", idempotent=True
    )


def request_from(address="203.0.113.9"):
    return Request(
        {
            "multiValueQueryStringParameters": None,
            "headers": {},
            "pathParameters": {},
            "requestContext": {
                "httpMethod": "POST",
                "resourcePath": ROUTE,
                "identity": {"sourceIp": address},
            },
            "body": "{}",
            "isBase64Encoded": False,
            "stageVariables": {},
        }
    )


def staff_principal(email):
    from chalicelib.models import Staff, StaffSession
    from chalicelib.team.service import StaffSignedIn

    now = datetime.now(UTC)
    return StaffSignedIn(
        session=StaffSession("h-" + email, email=email, created_at=now, last_seen_at=now),
        staff=Staff(email, name="x", password_hash="x", totp_secret="x", created_at=now),
    )


def test_two_staff_accounts_behind_one_address_have_scopes_of_their_own():
    from chalicelib.web.idempotency import scope_of_caller

    request = request_from()
    first = scope_of_caller(spec("staff"), request, staff_principal("support@unicorn2.example"))
    second = scope_of_caller(spec("staff"), request, staff_principal("zweite@unicorn2.example"))

    assert first == "staff:support@unicorn2.example"
    assert second == "staff:zweite@unicorn2.example"


def test_a_staff_scope_does_not_depend_on_the_address():
    from chalicelib.web.idempotency import scope_of_caller

    principal = staff_principal("support@unicorn2.example")
    at_the_office = scope_of_caller(spec("staff"), request_from("203.0.113.9"), principal)
    at_home = scope_of_caller(spec("staff"), request_from("198.51.100.4"), principal)

    assert at_the_office == at_home


def test_customers_are_scoped_by_kundennummer_and_public_callers_by_address():
    from types import SimpleNamespace

    from chalicelib.web.idempotency import scope_of_caller

    customer = SimpleNamespace(customer_number="100001")
    assert scope_of_caller(spec("customer"), request_from(), customer) == "customer:100001"
    assert scope_of_caller(spec("public"), request_from("203.0.113.9"), None) == "client:203.0.113.9"


@pytest.mark.parametrize(
    ("access", "principal"), [("staff", object()), ("customer", object()), ("licence", None)]
)
def test_a_signed_in_route_never_falls_back_to_the_address(access, principal):
    from chalicelib.web.idempotency import scope_of_caller

    with pytest.raises(RuntimeError, match="no idempotency scope"):
        scope_of_caller(spec(access), request_from(), principal)

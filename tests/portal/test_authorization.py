"""One authorization walk over the whole route table.

Every route is called anonymously, as customer 100002 against records of customer 100001 (made by the
factories in tests/portal/authz.py), as staff on customer routes and as a customer on staff routes.
Expected: 401, 403 or 404 — never an answer that carries the other customer's data or changes it.
New domains only add their factories.
"""

import re

import pytest

from tests.factories import make_customer
from tests.portal.authz import FACTORIES, Target
from tests.portal.test_route_table import ROUTES

A = {"customer_number": "100001", "email": "demo@example.com"}
B = {
    "customer_number": "100002",
    "email": "max.beispiel@example.com",
    "first_name": "Max",
    "last_name": "Beispiel",
    "company": "Beispiel Versand KG",
}
REFUSED = {401, 403, 404}
PROTECTED = sorted(route for route, level in ROUTES.items() if level != "public")


def parameters(path: str) -> list[str]:
    return re.findall(r"\{([^}]+)\}", path)


def fill(path: str, params: dict[str, str]) -> str:
    return re.sub(r"\{([^}]+)\}", lambda match: params.get(match.group(1), "irgendwas"), path)


def body_for(method: str, target: Target | None) -> object:
    if target is not None and target.body is not None:
        return target.body
    return {} if method in {"POST", "PUT", "PATCH"} else None


@pytest.fixture
def two_customers(client):
    """Customer 100001 signed in (the owner of the records) and customer 100002 signed in (the intruder)."""
    make_customer()
    make_customer(**B)
    owner = client.another_browser()
    owner.login("100001")
    intruder = client.another_browser()
    intruder.login("100002")
    return owner, intruder


def test_every_route_with_parameters_has_a_factory():
    missing = [route for route in PROTECTED if parameters(route[1]) and route not in FACTORIES]
    assert missing == [], "add a factory to tests/portal/authz.py for each of these routes"


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_anonymous_requests_are_refused(client, method, path):
    response = client.request(method, fill(path, {}), body=body_for(method, None))
    assert response.status_code == 401, response.body


@pytest.mark.parametrize(("method", "path"), [r for r in PROTECTED if ROUTES[r] == "customer"])
def test_another_customer_never_reaches_the_records(two_customers, method, path):
    owner, intruder = two_customers
    # A route without parameters may have a factory too: 100001's records exist, and the intruder's own
    # answer (a list, a chart) must not carry them.
    target = FACTORIES[(method, path)](owner) if parameters(path) or (method, path) in FACTORIES else None
    response = intruder.request(
        method, fill(path, target.params if target else {}), body=body_for(method, target)
    )
    text = (
        response.body.decode("utf-8", errors="replace")
        if isinstance(response.body, bytes)
        else str(response.body)
    )
    if target is not None:
        if parameters(path):
            assert response.status_code in REFUSED, (method, path, response.status_code, text)
        for secret in target.secrets:
            assert secret not in text
    for value in (A["customer_number"], A["email"]):
        assert value not in text, (method, path, text)
    assert owner.get("/api/session").status_code == 200  # the owner's session was not touched


@pytest.mark.parametrize(("method", "path"), [r for r in PROTECTED if ROUTES[r] == "customer"])
def test_staff_never_reach_customer_routes(client, method, path):
    from tests.factories import make_staff

    make_customer()
    make_staff()
    staff = client.another_browser()
    staff.staff_login()
    response = staff.request(method, fill(path, {}), body=body_for(method, None))
    assert response.status_code == 401, (method, path, response.body)


@pytest.mark.parametrize(("method", "path"), [r for r in PROTECTED if ROUTES[r] in ("staff", "licence")])
def test_customers_never_reach_staff_or_licence_routes(client, method, path):
    make_customer()
    customer = client.another_browser()
    customer.login()
    response = customer.request(method, fill(path, {}), body=body_for(method, None))
    assert response.status_code == 401, (method, path, response.body)

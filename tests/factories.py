"""Test data: customers with known passwords."""

from typing import Any

DEMO_PASSWORD = "Kundencenter-Demo-2026"


def make_customer(**overrides: Any) -> Any:
    """Create a customer (defaults: the demo customer 100001)."""
    from chalicelib.customers.service import create_customer

    fields: dict[str, Any] = {
        "customer_number": "100001",
        "email": "demo@example.com",
        "password": DEMO_PASSWORD,
        "salutation": "Frau",
        "first_name": "Erika",
        "last_name": "Mustermann",
        "company": "Muster Handels GmbH",
        "street": "Musterstraße 12",
        "postal_code": "10115",
        "city": "Berlin",
    }
    fields.update(overrides)
    return create_customer(**fields)

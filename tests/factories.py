"""Test data: customers with known passwords (defaults: the demo customer of the local stack)."""

from typing import Any

from local.seed import DEMO_CUSTOMER, DEMO_PASSWORD

__all__ = ["DEMO_PASSWORD", "make_customer"]


def make_customer(**overrides: Any) -> Any:
    """Create a customer (defaults: the demo customer 100001)."""
    from chalicelib.customers.service import create_customer

    return create_customer(**{**DEMO_CUSTOMER, **overrides})

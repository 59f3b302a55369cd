"""Customers: lookup by Kundennummer or e-mail, creation (seed and tests)."""

from datetime import UTC, datetime

from pynamodb.exceptions import DoesNotExist

from chalicelib import errors
from chalicelib.auth.passwords import hash_password
from chalicelib.models import Customer


def get_customer(*, customer_number: str) -> Customer:
    """The customer with this Kundennummer."""
    try:
        return Customer.get(customer_number)
    except DoesNotExist:
        raise errors.CustomerNotFound() from None


def find_customer_by_login(*, login: str) -> Customer | None:
    """The customer whose Kundennummer or e-mail address is `login` (one round trip)."""
    login = login.strip()
    if login.isdigit():
        try:
            return Customer.get(login)
        except DoesNotExist:
            return None
    return find_customer_by_email(email=login)


def find_customer_by_email(*, email: str) -> Customer | None:
    for customer in Customer.email_index.query(email.strip().lower(), limit=1):
        return customer
    return None


def create_customer(
    *,
    customer_number: str,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    salutation: str = "",
    company: str = "",
    street: str = "",
    postal_code: str = "",
    city: str = "",
    country: str = "DE",
) -> Customer:
    """Create a customer with a hashed password."""
    now = datetime.now(UTC)
    customer = Customer(
        customer_number,
        email=email.strip().lower(),
        password_hash=hash_password(password),
        salutation=salutation,
        first_name=first_name,
        last_name=last_name,
        company=company,
        street=street,
        postal_code=postal_code,
        city=city,
        country=country,
        created_at=now,
        password_changed_at=now,
    )
    customer.save(condition=Customer.customer_number.does_not_exist())
    return customer

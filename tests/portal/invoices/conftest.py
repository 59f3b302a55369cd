"""Fixtures of the invoice tests: the invoice bucket, customers 100001 (with bank account) and 100002."""

from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
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
IBAN = "DE89370400440532013000"


def make_bucket() -> None:
    import boto3

    from chalicelib.settings import settings

    boto3.client("s3", region_name=settings.aws_region).create_bucket(
        Bucket=settings.invoice_bucket, CreateBucketConfiguration={"LocationConstraint": settings.aws_region}
    )


def give_bank_account(customer_number: str) -> None:
    from chalicelib.customers.service import mandate_reference
    from chalicelib.models import Customer
    from chalicelib.models.customer import BankAccount

    customer = Customer.get(customer_number)
    bank = BankAccount(
        account_holder=customer.display_name,
        iban=IBAN,
        mandate_reference=mandate_reference(customer_number),
        mandate_signed_at=datetime(2024, 1, 2, tzinfo=UTC),
    )
    customer.update(actions=[Customer.bank.set(bank)], add_version_condition=False)


def lines(month: int = 12, year: int = 2026) -> list[Any]:
    import calendar

    from chalicelib.invoices.service import InvoiceLine

    last = calendar.monthrange(year, month)[1]
    return [
        InvoiceLine("Single-Lizenz", date(year, month, 1), date(year, month, last), 2900),
        InvoiceLine("Premium Service – Zusatzoption", date(year, month, 1), date(year, month, last), 1450),
    ]


def issue(
    customer_number: str = "100001", *, month: int = 12, year: int = 2026, key: str | None = None
) -> Any:
    from chalicelib.invoices.service import issue_invoice

    return issue_invoice(
        customer_number=customer_number,
        issue_date=date(year, month, 1),
        lines=lines(month, year),
        billing_key=key or f"{year}-{month:02d}",
    )


def raw_mails() -> list[EmailMessage]:
    """Raw mails SES accepted in this test, oldest first, parsed."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import RawMessage, ses_backends

    backend = ses_backends[DEFAULT_ACCOUNT_ID]["eu-central-1"]
    return [
        message_from_bytes(
            message.raw_data.encode() if isinstance(message.raw_data, str) else message.raw_data,
            policy=policy.default,
        )
        for message in backend.sent_messages
        if isinstance(message, RawMessage)
    ]


@pytest.fixture
def billing(client):
    """The invoice bucket and customers 100001 (with a SEPA mandate) and 100002."""
    make_bucket()
    make_customer()
    make_customer(**OTHER)
    give_bank_account("100001")
    return client

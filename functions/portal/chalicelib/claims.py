"""Who an e-mail address belongs to: the login address or a verified further address of one customer.

Every change that gives a customer an address puts `claim(...)` into its TransactWrite, every change
that takes one away puts `release(...)`: DynamoDB then refuses the whole transaction when another
customer holds the address, also when two customers confirm the same address at the same moment.
"""

from datetime import UTC, datetime

from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactWrite

from chalicelib.models import EmailClaim


def claim(tx: TransactWrite, *, email: str, customer_number: str, kind: str) -> None:
    """Add to `tx`: `email` belongs to the customer from now on (fails if another customer holds it)."""
    tx.save(
        EmailClaim(email, customer_number=customer_number, kind=kind, claimed_at=datetime.now(UTC)),
        condition=EmailClaim.email.does_not_exist() | (EmailClaim.customer_number == customer_number),
    )


def release(tx: TransactWrite, *, email: str, customer_number: str) -> None:
    """Add to `tx`: the customer gives `email` up (only ever their own claim)."""
    tx.delete(EmailClaim(email), condition=EmailClaim.customer_number == customer_number)


def owner_of(email: str) -> EmailClaim | None:
    """The claim on an address (strongly consistent), or None when no customer holds it."""
    try:
        return EmailClaim.get(email.strip().lower(), consistent_read=True)
    except DoesNotExist:
        return None

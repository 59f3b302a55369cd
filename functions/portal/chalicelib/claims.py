"""Who an e-mail address belongs to: the login address or a verified further address of one customer.

Every change that gives a customer an address puts `claim(...)` into its TransactWrite, every change
that takes one away puts `release(...)`: DynamoDB then refuses the whole transaction when another
customer holds the address, also when two customers confirm the same address at the same moment.
"""

from datetime import UTC, datetime

from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactWrite

from chalicelib.models import EmailClaim

LOGIN = "login"
CONTACT = "contact"


def claim(tx: TransactWrite, *, email: str, customer_number: str, kind: str) -> None:
    """Add to `tx`: `email` belongs to the customer from now on.

    A `contact` claim needs a free address: it never overwrites a claim, not even the customer's own
    (their login address is no further contact, and turning a `login` claim into a `contact` one would
    let deleting the contact release the login address). A `login` claim fails only if another customer
    holds the address.
    """
    condition = EmailClaim.email.does_not_exist()
    if kind != CONTACT:
        condition = condition | (EmailClaim.customer_number == customer_number)
    tx.save(
        EmailClaim(email, customer_number=customer_number, kind=kind, claimed_at=datetime.now(UTC)),
        condition=condition,
    )


def release(tx: TransactWrite, *, email: str, customer_number: str, kind: str = LOGIN) -> None:
    """Add to `tx`: the customer gives up their `kind` claim on `email`.

    The condition checks owner and kind in the same write, so a claim that changed kind since it was
    read (a further address that became the login address) is never released by the wrong change:
    the transaction fails instead.
    """
    tx.delete(
        EmailClaim(email),
        condition=(EmailClaim.customer_number == customer_number) & (EmailClaim.kind == kind),
    )


def owner_of(email: str) -> EmailClaim | None:
    """The claim on an address (strongly consistent), or None when no customer holds it."""
    try:
        return EmailClaim.get(email.strip().lower(), consistent_read=True)
    except DoesNotExist:
        return None

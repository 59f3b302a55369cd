"""Who a request is from, as the guard's loaders hand it to the views (`web.current(SignedIn)`).

Kept apart from the services so that a routes module can name them without importing its service at
cold start; the models are named for type checking only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chalicelib.models import Customer, Session, Staff, StaffSession


@dataclass(frozen=True)
class SignedIn:
    """The principal of a signed-in customer request: the live session and the customer behind it."""

    session: Session
    customer: Customer

    @property
    def customer_number(self) -> str:
        return self.customer.customer_number


@dataclass(frozen=True)
class StaffSignedIn:
    """The principal of a `staff` route: the live staff session and the account behind it."""

    session: StaffSession
    staff: Staff

    @property
    def email(self) -> str:
        """The staff account's e-mail address: who this principal is (idempotency scope, request log)."""
        return self.staff.email


@dataclass(frozen=True)
class LicenceHolder:
    """The principal of a `licence` route: the customer whose current licence key the request presented."""

    customer_number: str

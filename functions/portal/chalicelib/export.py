"""The customer's data export (GET /api/customer/export): every stored datum, one part per domain.

Each domain registers its part in its own routes module, at import:

    export.register("profile", export_profile)     # chalicelib/customers/routes.py
    export.register("sessions", export_sessions)   # chalicelib/auth/routes.py
    export.register("audit", export_audit)         # chalicelib/audit/routes.py
    export.register("contacts", export_contacts)   # chalicelib/contacts/routes.py: please name it so

A part takes the Kundennummer and returns a JSON-ready dict (strings, numbers, lists, dicts). It reads
only that customer's records, never a secret (password or session hashes, TOTP secrets, tokens), and
shows IBANs masked (`validators.mask_iban`). Contracts, invoices and tickets add theirs the same way.
"""

from collections.abc import Callable
from typing import Any

Part = Callable[[str], dict[str, Any]]

_PARTS: dict[str, Part] = {}


def register(name: str, part: Part) -> None:
    """Add a domain's part to the export under `name` (once per name)."""
    if name in _PARTS and _PARTS[name] is not part:
        raise ValueError(f"export part {name!r} is registered twice")
    _PARTS[name] = part


def parts() -> tuple[str, ...]:
    """The names of the registered parts, in registration order."""
    return tuple(_PARTS)


def assemble(customer_number: str) -> dict[str, dict[str, Any]]:
    """Every registered part for the customer, by name."""
    return {name: part(customer_number) for name, part in _PARTS.items()}

"""The customer's data export (GET /api/customer/export): every stored datum, one part per domain.

Each domain builds its part in its service (a ResponseModel of its own `schemas.py`) and registers it in
its routes module, at import, by name (the service is imported when an export is made, not at cold start):

    export.register("profile", "chalicelib.customers.service:export_profile")
    export.register("sessions", "chalicelib.auth.service:export_sessions")
    export.register("audit", "chalicelib.audit.service:export_audit")
    export.register("contacts", "chalicelib.contacts.service:export_contacts")

A part takes the Kundennummer and reads only that customer's records, never a secret (password or session
hashes, TOTP secrets, tokens), and shows IBANs masked (`validators.mask_iban`). The export's response model
(`customers.schemas.ExportParts`) has one typed field per part and refuses a part it does not name:
contracts, invoices and tickets add theirs the same way, with their field.
"""

import importlib
from collections.abc import Callable
from typing import cast

Part = Callable[[str], object]  # a ResponseModel (or data that validates as the part's field)

_PARTS: dict[str, str] = {}  # name -> "module:function"


def register(name: str, part: str) -> None:
    """Add a domain's part (`"module:function"`) to the export under `name` (once per name)."""
    if name in _PARTS and _PARTS[name] != part:
        raise ValueError(f"export part {name!r} is registered twice")
    _PARTS[name] = part


def _resolve(part: str) -> Part:
    module, _, function = part.partition(":")
    return cast(Part, getattr(importlib.import_module(module), function))


def parts() -> tuple[str, ...]:
    """The names of the registered parts, in registration order."""
    return tuple(_PARTS)


def assemble(customer_number: str) -> dict[str, object]:
    """Every registered part for the customer, by name."""
    return {name: _resolve(part)(customer_number) for name, part in _PARTS.items()}

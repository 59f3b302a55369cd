"""The customer's data export (GET /api/customer/export): every stored datum, one part per domain.

Each domain builds its part in its service (a ResponseModel of its own `schemas.py`) and registers it in
its routes module, at import:

    export.register("profile", service.export_profile)     # chalicelib/customers/
    export.register("sessions", service.export_sessions)   # chalicelib/auth/
    export.register("audit", service.export_audit)         # chalicelib/audit/
    export.register("contacts", export_contacts)           # chalicelib/contacts/

A part takes the Kundennummer and reads only that customer's records, never a secret (password or session
hashes, TOTP secrets, tokens), and shows IBANs masked (`validators.mask_iban`). The export's response model
(`customers.schemas.ExportParts`) has one typed field per part and refuses a part it does not name:
contracts, invoices and tickets add theirs the same way, with their field.
"""

from collections.abc import Callable

Part = Callable[[str], object]  # a ResponseModel (or data that validates as the part's field)

_PARTS: dict[str, Part] = {}


def register(name: str, part: Part) -> None:
    """Add a domain's part to the export under `name` (once per name)."""
    if name in _PARTS and _PARTS[name] is not part:
        raise ValueError(f"export part {name!r} is registered twice")
    _PARTS[name] = part


def parts() -> tuple[str, ...]:
    """The names of the registered parts, in registration order."""
    return tuple(_PARTS)


def assemble(customer_number: str) -> dict[str, object]:
    """Every registered part for the customer, by name."""
    return {name: part(customer_number) for name, part in _PARTS.items()}

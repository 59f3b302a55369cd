"""Audit log: `audit.record(customer_number=…, event=AuditEvent.…, client=…, detail=…)` from any domain.

The service (and with it the models) is imported on first use, not when a routes module of this
package is imported at cold start.
"""

from typing import TYPE_CHECKING, Any

from chalicelib.audit.events import AuditEvent

if TYPE_CHECKING:
    from chalicelib.audit.service import entry, record
else:

    def __getattr__(name: str) -> Any:
        if name in ("entry", "record"):
            from chalicelib.audit import service

            return getattr(service, name)
        raise AttributeError(name)


__all__ = ["AuditEvent", "entry", "record"]

"""Audit log: `audit.record(customer_number=…, event=AuditEvent.…, client=…, detail=…)` from any domain."""

from chalicelib.audit.events import AuditEvent
from chalicelib.audit.service import entry, record

__all__ = ["AuditEvent", "entry", "record"]

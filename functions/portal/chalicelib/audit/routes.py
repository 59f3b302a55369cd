"""The customer's audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib import export, web
from chalicelib.principals import SignedIn

if TYPE_CHECKING:
    from chalicelib.audit import schemas

bp = Blueprint(__name__)


@web.route(bp, "/api/audit", "GET", access="customer", query="AuditQuery", response="AuditPage")
def list_audit(query: schemas.AuditQuery) -> schemas.AuditPage:
    """One page of the customer's audit log, newest first."""
    from chalicelib.audit import events, schemas, service

    signed_in = web.current(SignedIn)
    page = service.list_audit_entries(
        customer_number=signed_in.customer_number, limit=query.limit, cursor=query.cursor
    )
    return schemas.AuditPage(
        entries=[
            schemas.AuditEntryOut(
                id=entry.entry_id,
                event=entry.event,
                label=events.label(entry.event),
                at=entry.created_at.isoformat(),
                ip_address=entry.ip_address,
                browser=service.describe_user_agent(entry.user_agent),
                detail=entry.detail,
            )
            for entry in page.entries
        ],
        next_cursor=page.next_cursor,
    )


export.register("audit", "chalicelib.audit.service:export_audit")

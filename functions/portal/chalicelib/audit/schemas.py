"""Query and answer of the audit log route."""

from typing import Annotated

from pydantic import Field

from chalicelib.schemas import QueryModel, ResponseModel

MAX_PAGE = 100


class AuditQuery(QueryModel):
    limit: Annotated[int, Field(ge=1, le=MAX_PAGE)] = 20
    cursor: Annotated[str | None, Field(max_length=200)] = None


class AuditEntryOut(ResponseModel):
    id: str
    event: str
    label: str  # German, from audit.events.LABELS
    at: str  # UTC ISO-8601
    ip_address: str
    browser: str
    detail: str


class AuditPage(ResponseModel):
    entries: list[AuditEntryOut]
    next_cursor: str | None


class AuditEntryExport(ResponseModel):
    """An audit entry in the data export (the full browser string, not its description)."""

    at: str  # UTC ISO-8601
    event: str
    label: str
    ip_address: str
    user_agent: str
    detail: str


class AuditExport(ResponseModel):
    """The data export's "audit" part: every entry, newest first."""

    entries: list[AuditEntryExport]

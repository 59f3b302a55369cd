"""The customer's audit log."""

from chalice.app import Blueprint, Response

from chalicelib import errors, web
from chalicelib.audit import service

bp = Blueprint(__name__)

MAX_PAGE = 100


@bp.route("/api/audit", methods=["GET"])
def list_audit() -> Response:
    session = web.current_session()
    params = dict(bp.current_request.query_params or {})
    try:
        limit = int(params.get("limit", "20"))
    except ValueError:
        limit = 0
    if not 1 <= limit <= MAX_PAGE:
        message = f"Bitte fordern Sie zwischen 1 und {MAX_PAGE} Einträge an."
        raise errors.ValidationError({"limit": message}, message=message)
    page = service.list_audit_entries(
        customer_number=session.customer_number, limit=limit, cursor=params.get("cursor")
    )
    return Response(
        body={
            "entries": [service.describe_entry(entry) for entry in page.entries],
            "next_cursor": page.next_cursor,
        },
        headers={"Cache-Control": "no-store"},
    )

"""The Kundencenter API: registers the blueprints and hands the guard its principal loaders.

What every request needs is imported here, at init (Lambda runs the init phase with a full CPU): the
tables (PynamoDB, botocore). A domain's service is imported by its views on the first request that
needs it, and heavy libraries (pydantic, argon2, PDF, phone and IBAN data) on first use.
"""

from typing import Any

from chalice.app import Cron

import chalicelib.models  # noqa: F401  (the tables: every signed-in request reads one at once)
from chalicelib import web
from chalicelib.app_base import PortalApp
from chalicelib.audit.routes import bp as audit_bp
from chalicelib.auth.routes import bp as auth_bp
from chalicelib.auth.routes import load_signed_in
from chalicelib.contacts.routes import bp as contacts_bp
from chalicelib.contracts.routes import bp as contracts_bp
from chalicelib.contracts.routes import load_licence_holder
from chalicelib.customers.routes import bp as customers_bp
from chalicelib.dashboard.routes import bp as dashboard_bp
from chalicelib.feedback.routes import bp as feedback_bp
from chalicelib.help.routes import bp as help_bp
from chalicelib.invoices.routes import bp as invoices_bp
from chalicelib.openapi.routes import bp as openapi_bp
from chalicelib.statistics.routes import bp as statistics_bp
from chalicelib.team.routes import bp as team_bp
from chalicelib.team.routes import load_staff
from chalicelib.tickets.attachment_routes import bp as ticket_attachments_bp
from chalicelib.tickets.public_routes import bp as public_tickets_bp
from chalicelib.tickets.routes import bp as tickets_bp
from chalicelib.tickets.team_routes import bp as team_tickets_bp

app = PortalApp(app_name="kundencenter-portal")
app.api.binary_types.append("application/pdf")
app.api.binary_types.append("text/csv")  # the orders export: bytes with a BOM, as the page asks for it
app.register_blueprint(auth_bp)
app.register_blueprint(audit_bp)
app.register_blueprint(contacts_bp)
app.register_blueprint(contracts_bp)
app.register_blueprint(customers_bp)
app.register_blueprint(dashboard_bp)
app.register_blueprint(feedback_bp)
app.register_blueprint(help_bp)
app.register_blueprint(invoices_bp)
app.register_blueprint(statistics_bp)
app.register_blueprint(team_bp)
app.register_blueprint(tickets_bp)
app.register_blueprint(public_tickets_bp)
app.register_blueprint(team_tickets_bp)
app.register_blueprint(ticket_attachments_bp)
app.register_blueprint(openapi_bp)
web.install(app, loaders={"customer": load_signed_in, "staff": load_staff, "licence": load_licence_holder})


@app.schedule(Cron("0/15", "3-5", 1, "*", "?", "*"), name="billing-run")
def billing_run(event: Any) -> None:
    """Every 15 minutes from 03:00 to 05:45 UTC on the 1st: invoice the month's active contracts; each run
    stops a minute before its Lambda would and the next continues (chalicelib/billing)."""
    import logging

    from chalicelib import logs
    from chalicelib.billing.service import current_period, run_billing

    context = getattr(event, "context", None)
    time_left = (lambda: context.get_remaining_time_in_millis() / 1000) if context is not None else None
    summary = run_billing(period=current_period(), time_left=time_left)
    logs.event(
        "billing_run",
        level=logging.INFO,
        period=summary.period,
        invoices_created=summary.created,
        contracts_skipped=summary.skipped,
        contracts_remaining=summary.remaining,
    )


@app.lambda_function(name="ticket-inbound-mail")
def ticket_inbound_mail(event: dict[str, Any], context: Any) -> dict[str, int]:
    """Mail to the support address, stored under inbound/ of the ticket bucket by SES's receipt rule; the
    bucket's S3 notification runs this (infra/template.yaml: Chalice cannot package S3 triggers)."""
    from urllib.parse import unquote_plus

    import boto3

    from chalicelib.settings import settings
    from chalicelib.tickets.inbound import receive

    s3 = boto3.client("s3", region_name=settings.aws_region)
    handled = 0
    for record in event.get("Records", []):
        bucket = record["s3"]["bucket"]["name"]
        key = unquote_plus(record["s3"]["object"]["key"])
        if bucket != settings.ticket_bucket or not key.startswith("inbound/"):
            continue
        receive(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
        handled += 1
    return {"handled": handled}

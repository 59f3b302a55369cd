"""Vertragsdaten: the contract, price previews, changes and withdrawing a scheduled change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint, Request

from chalicelib import web
from chalicelib.principals import LicenceHolder, SignedIn

if TYPE_CHECKING:
    from chalicelib.contracts import schemas, service
    from chalicelib.models import Contract

bp = Blueprint(__name__)


def _contract_out(contract: Contract) -> schemas.ContractOut:
    from datetime import date

    from chalicelib.contracts import schemas, service
    from chalicelib.contracts.catalogue import catalogue, gross_cents

    cat = catalogue()
    start = date.fromisoformat(contract.period_start)
    _, end = service.period_of(start)
    net = service.monthly_net_cents(contract)
    scheduled = []
    for item in sorted(contract.scheduled_changes, key=lambda item: item.effective_date):
        product = cat.product(item.product)
        downgrade = item.kind == service.DOWNGRADE
        scheduled.append(
            schemas.ScheduledChangeOut(
                id=item.change_id,
                kind=item.kind,
                licence=item.product if downgrade else None,
                option=None if downgrade else item.product,
                action=None if downgrade else "cancel",
                name=f"Wechsel zur {product.name}" if downgrade else f"Kündigung von {product.name}",
                effective_date=item.effective_date,
            )
        )
    return schemas.ContractOut(
        licence=schemas.ProductOut(
            id=contract.licence,
            name=cat.licences[contract.licence].name,
            monthly_net_cents=int(contract.licence_net_cents),
        ),
        options=[
            schemas.ProductOut(
                id=key,
                name=cat.options[key].name,
                monthly_net_cents=price,
                requires=cat.options[key].requires,
            )
            for key, price in sorted(service.booked_options(contract).items())
        ],
        available_options=[
            schemas.ProductOut(
                id=option.id,
                name=option.name,
                monthly_net_cents=option.monthly_net_cents,
                requires=option.requires,
            )
            for option in cat.options.values()
        ],
        start_date=contract.start_date,
        current_period=schemas.Period(start=start.isoformat(), end=end.isoformat()),
        next_invoice_date=service.next_period_start(start).isoformat(),
        monthly_net_cents=net,
        monthly_gross_cents=gross_cents(net),
        vat_rate_percent=cat.vat_rate_percent,
        scheduled_changes=scheduled,
        version=int(contract.version or 0),
    )


def _preview_fields(quote: service.Quote) -> dict[str, object]:
    from chalicelib.contracts import schemas, service
    from chalicelib.contracts.catalogue import gross_cents

    period = quote.prorated_period
    monthly_from = (
        quote.effective_date if not quote.immediate else service.next_period_start(quote.effective_date)
    )
    return {
        "kind": quote.kind,
        "description": quote.description,
        "immediate": quote.immediate,
        "effective_date": quote.effective_date.isoformat(),
        "due_now_net_cents": quote.due_now_net_cents,
        "due_now_gross_cents": gross_cents(quote.due_now_net_cents),
        "prorated_period": schemas.Period(start=period[0].isoformat(), end=period[1].isoformat())
        if period
        else None,
        "new_monthly_net_cents": quote.new_monthly_net_cents,
        "new_monthly_gross_cents": gross_cents(quote.new_monthly_net_cents),
        "new_monthly_from": monthly_from.isoformat(),
    }


def _change(body: schemas.ChangeBody) -> service.Change:
    from chalicelib.contracts import service

    return service.Change(licence=body.licence, option=body.option, action=body.action)


@web.route(bp, "/api/contract", "GET", access="customer", response="ContractOut")
def get_contract() -> schemas.ContractOut:
    """The contract: licence, options, period, next invoice date, monthly amounts, scheduled changes."""
    from chalicelib.contracts import service

    return _contract_out(service.get_contract(customer_number=web.current(SignedIn).customer_number))


@web.route(bp, "/api/contract/preview", "POST", access="customer", body="ChangeBody", response="PreviewOut")
def preview_change(body: schemas.ChangeBody) -> schemas.PreviewOut:
    """What a change costs now (prorated to the day), from when, and the new monthly amount; stores nothing."""
    from chalicelib.contracts import schemas, service

    quote = service.preview_change(
        customer_number=web.current(SignedIn).customer_number, change=_change(body)
    )
    return schemas.PreviewOut(**_preview_fields(quote))


@web.route(
    bp,
    "/api/contract/changes",
    "POST",
    access="customer",
    body="ContractChangeBody",
    response="ChangeOut",
    status=201,
    idempotent=True,
)
def change_contract(body: schemas.ContractChangeBody) -> schemas.ChangeOut:
    """Carry a change out: upgrades and bookings at once (prorated), downgrades and cancellations scheduled."""
    from chalicelib.contracts import schemas, service

    result = service.change_contract(
        customer=web.current(SignedIn).customer,
        version=body.version,
        change=_change(body),
        client=web.client(),
    )
    return schemas.ChangeOut(
        **_preview_fields(result.quote),
        scheduled_change_id=result.scheduled.change_id if result.scheduled else None,
        contract=_contract_out(result.contract),
    )


@web.route(bp, "/api/contract/changes/{id}", "DELETE", access="customer", response="ContractOut")
def withdraw_change(id: str) -> schemas.ContractOut:
    """Withdraw a scheduled change (a downgrade or an option's cancellation) before its day."""
    from chalicelib.contracts import service

    contract = service.withdraw_change(
        customer=web.current(SignedIn).customer, change_id=id, client=web.client()
    )
    return _contract_out(contract)


@web.route(
    bp,
    "/api/contract/licence-key",
    "POST",
    access="customer",
    response="LicenceKeyOut",
    status=201,
    idempotent=True,
    secret_answer=True,  # the key is stored nowhere but as a hash, not in the idempotency record either
)
def regenerate_licence_key() -> schemas.LicenceKeyOut:
    """Lizenzschlüssel neu erzeugen: a new key for unicorn 2, shown once; the previous key stops working."""
    from chalicelib.contracts import licence, schemas

    key = licence.regenerate_licence_key(
        customer_number=web.current(SignedIn).customer_number, client=web.client()
    )
    return schemas.LicenceKeyOut(licence_key=key)


def load_licence_holder(request: Request) -> LicenceHolder | None:
    """The guard's loader for `licence` routes: `Authorization: Bearer <licence key>` → its customer."""
    from chalicelib.contracts import licence

    scheme, _, key = (request.headers.get("authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        return None
    customer_number = licence.customer_for_key(key.strip())
    return LicenceHolder(customer_number) if customer_number is not None else None

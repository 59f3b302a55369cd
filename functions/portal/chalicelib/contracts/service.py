"""Vertragsdaten: the contract, price previews and changes (upgrade, downgrade, options).

Periods are calendar months in Europe/Berlin. A change that costs more (Single → Multi, booking an
option) takes effect at once; the rest of the current period is charged prorated to the day (as Stripe
prorates: the monthly difference × remaining days ÷ days of the month, today included) as a
`PendingCharge` on the contract that the next invoice picks up (`pending_charges`). A change that costs
less (Multi → Single, cancelling an option) is scheduled for the first day of the next period and can be
withdrawn until then.

Every change is one TransactWrite: the contract item, conditional on its `version` (a stale or racing
change is a 409 `StaleWrite`, so two scheduled downgrades can never both be stored), and its audit
entry. A confirmation mail with the amounts follows. Scheduled changes whose day has come are applied
when the contract is read (`get_contract`) and stored with the next write.
"""

import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib import audit, errors
from chalicelib.audit.events import AuditEvent
from chalicelib.client import Client
from chalicelib.contracts.catalogue import Product, catalogue, euro, gross_cents
from chalicelib.mail import send_mail
from chalicelib.models import Contract, Customer, PendingCharge, ScheduledChange
from chalicelib.models.base import transaction, update_bookkeeping_in
from chalicelib.settings import settings

PAGE_PATH = "/kundencenter/vertragsdaten/"
UPGRADE = "upgrade"
DOWNGRADE = "downgrade"
BOOK_OPTION = "book_option"
CANCEL_OPTION = "cancel_option"


def today() -> date:
    """Today in Europe/Berlin."""
    from chalicelib.customers.sepa import berlin_today

    return berlin_today()


_today = today  # for functions whose `today=` parameter shadows it


def german_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def period_of(day: date) -> tuple[date, date]:
    """The calendar month around `day`: first and last day."""
    start = day.replace(day=1)
    next_start = (start + timedelta(days=32)).replace(day=1)
    return start, next_start - timedelta(days=1)


def next_period_start(day: date) -> date:
    return period_of(day)[1] + timedelta(days=1)


def prorate(monthly_net_cents: int, *, day: date) -> int:
    """The share of a monthly amount for `day` to the end of its month (both included), half up."""
    _, end = period_of(day)
    remaining = (end - day).days + 1
    return (2 * monthly_net_cents * remaining + end.day) // (2 * end.day)


@dataclass(frozen=True)
class Change:
    """A wanted change: `licence` ("single" | "multi"), or `option` with `action` ("book" | "cancel")."""

    licence: str | None = None
    option: str | None = None
    action: str | None = None


@dataclass(frozen=True)
class Quote:
    """What a change costs: now (prorated), from when, and the new monthly amount (net cents)."""

    kind: str
    product: Product
    description: str  # German
    immediate: bool
    effective_date: date
    due_now_net_cents: int
    prorated_period: tuple[date, date] | None
    new_monthly_net_cents: int


@dataclass(frozen=True)
class ChargeItem:
    """A prorated amount for the next invoice (`pending_charges`)."""

    id: str
    description: str
    period_start: date
    period_end: date
    net_cents: int


@dataclass(frozen=True)
class ChangeResult:
    quote: Quote
    contract: Contract
    scheduled: ScheduledChange | None = field(default=None)


# Reading


def booked_options(contract: Contract) -> dict[str, int]:
    """Option id → monthly net cents as sold."""
    return {key: int(value) for key, value in contract.options.as_dict().items()}  # type: ignore[no-untyped-call]


def monthly_net_cents(contract: Contract) -> int:
    """The monthly net amount of the contract as it stands (licence and options at the prices sold)."""
    return int(contract.licence_net_cents) + sum(booked_options(contract).values())


def _settle(contract: Contract, day: date) -> None:
    """Apply the scheduled changes whose day has come and move to the current period (in memory)."""
    due = sorted(
        (item for item in contract.scheduled_changes if date.fromisoformat(item.effective_date) <= day),
        key=lambda item: item.effective_date,
    )
    options = booked_options(contract)
    for item in due:
        if item.kind == DOWNGRADE:
            contract.licence = item.product
            contract.licence_net_cents = int(item.monthly_net_cents)
        elif item.kind == CANCEL_OPTION:
            options.pop(item.product, None)
    if due:
        contract.options = options
        done = {item.change_id for item in due}
        contract.scheduled_changes = [
            item for item in contract.scheduled_changes if item.change_id not in done
        ]
    contract.period_start = period_of(day)[0].isoformat()


def get_contract(*, customer_number: str, today: date | None = None) -> Contract:
    """The customer's contract as of `today` (default: today; one GetItem); ContractNotFound when none."""
    try:
        contract = Contract.get(customer_number, consistent_read=True)
    except DoesNotExist:
        raise errors.ContractNotFound() from None
    _settle(contract, today or _today())
    return contract


def pending_charges(*, customer_number: str) -> list[ChargeItem]:
    """The prorated amounts not yet invoiced, oldest first (for the invoices domain; one GetItem)."""
    try:
        contract = Contract.get(customer_number, consistent_read=True)
    except DoesNotExist:
        return []
    return [
        ChargeItem(
            id=item.charge_id,
            description=item.description,
            period_start=date.fromisoformat(item.period_start),
            period_end=date.fromisoformat(item.period_end),
            net_cents=int(item.net_cents),
        )
        for item in contract.pending_charges
    ]


def period_lines(*, customer_number: str, period_start: date) -> list[ChargeItem]:
    """The monthly items of the period starting `period_start` (a first of a month), for the billing run.

    Licence and options at the prices the contract was sold at, after the scheduled changes due by
    then; empty when there is no contract or it starts later. One GetItem.
    """
    try:
        contract = Contract.get(customer_number, consistent_read=True)
    except DoesNotExist:
        return []
    return lines_of(contract, period_start)


def settle(contract: Contract, day: date) -> Contract:
    """The contract as of `day` (a contract read by the caller, e.g. in a batch): the scheduled changes
    due by then applied, in memory, as `get_contract` does."""
    _settle(contract, day)
    return contract


def lines_of(contract: Contract, period_start: date) -> list[ChargeItem]:
    """`period_lines` of a contract the caller read (settles it to `period_start` in memory)."""
    if date.fromisoformat(contract.start_date) > period_of(period_start)[1]:
        return []
    _settle(contract, period_start)
    start, end = period_of(period_start)
    cat = catalogue()
    items = [
        ChargeItem(
            id=f"{start.isoformat()}#{contract.licence}",
            description=cat.licences[contract.licence].name,
            period_start=start,
            period_end=end,
            net_cents=int(contract.licence_net_cents),
        )
    ]
    for key, cents in sorted(booked_options(contract).items()):
        items.append(
            ChargeItem(
                id=f"{start.isoformat()}#{key}",
                description=f"Zusatzoption {cat.options[key].name}",
                period_start=start,
                period_end=end,
                net_cents=cents,
            )
        )
    return items


def clear_pending_charges_in(tx: TransactWrite, *, customer_number: str, charge_ids: list[str]) -> None:
    """Remove invoiced pending charges as part of the invoice's TransactWrite (bookkeeping: `version`
    stays, so the customer's open page is not made stale). Conditional on the contract not having
    changed since it was read here: a change in between cancels the transaction, and a retry reads again.
    """
    contract = Contract.get(customer_number, consistent_read=True)
    remaining = [item for item in contract.pending_charges if item.charge_id not in set(charge_ids)]
    update_bookkeeping_in(
        tx,
        contract,
        actions=[Contract.pending_charges.set(remaining)],
        condition=Contract.version == contract.version,
    )


def _scheduled(contract: Contract, kind: str, product: str | None = None) -> ScheduledChange | None:
    return next(
        (
            item
            for item in contract.scheduled_changes
            if item.kind == kind and (product is None or item.product == product)
        ),
        None,
    )


# Rules


def quote_change(*, contract: Contract, change: Change, day: date) -> Quote:
    """Price a change of a settled contract, or raise ContractChangeNotAllowed with the German reason."""
    cat = catalogue()
    current = monthly_net_cents(contract)
    options = booked_options(contract)
    next_start = next_period_start(day)
    _, end = period_of(day)
    if change.licence is not None:
        target = cat.licences[change.licence]
        downgrade = _scheduled(contract, DOWNGRADE)
        if contract.licence == target.id:
            reason = f"Sie haben bereits die {target.name}."
            if downgrade is not None:
                reason += (
                    f" Der Wechsel zur {cat.licences[downgrade.product].name} ist zum "
                    f"{german_date(date.fromisoformat(downgrade.effective_date))} geplant; um die "
                    f"{target.name} zu behalten, nehmen Sie diesen Wechsel bitte zurück."
                )
            raise errors.ContractChangeNotAllowed(reason)
        if downgrade is not None:
            raise errors.ContractChangeNotAllowed(
                f"Der Wechsel zur {cat.licences[downgrade.product].name} ist bereits zum "
                f"{german_date(date.fromisoformat(downgrade.effective_date))} geplant."
            )
        if target.monthly_net_cents > int(contract.licence_net_cents):  # Single → Multi: at once
            due = prorate(target.monthly_net_cents - int(contract.licence_net_cents), day=day)
            return Quote(
                kind=UPGRADE,
                product=target,
                description=f"Wechsel zur {target.name}",
                immediate=True,
                effective_date=day,
                due_now_net_cents=due,
                prorated_period=(day, end),
                new_monthly_net_cents=current - int(contract.licence_net_cents) + target.monthly_net_cents,
            )
        blocking = [
            cat.options[key].name
            for key in options
            if key in cat.options
            and cat.options[key].requires not in (None, target.id)
            and _scheduled(contract, CANCEL_OPTION, key) is None
        ]
        if blocking:
            names = " und ".join(blocking)
            raise errors.ContractChangeNotAllowed(
                f"{names} setzt die {cat.licences[contract.licence].name} voraus. Bitte kündigen Sie "
                f"zuerst {names}; danach können Sie zur {target.name} wechseln."
            )
        return Quote(
            kind=DOWNGRADE,
            product=target,
            description=f"Wechsel zur {target.name}",
            immediate=False,
            effective_date=next_start,
            due_now_net_cents=0,
            prorated_period=None,
            new_monthly_net_cents=current - int(contract.licence_net_cents) + target.monthly_net_cents,
        )
    assert change.option is not None
    option = cat.options[change.option]
    cancellation = _scheduled(contract, CANCEL_OPTION, option.id)
    if change.action == "book":
        if option.id in options:
            reason = f"{option.name} ist bereits gebucht."
            if cancellation is not None:
                reason += (
                    f" Die Kündigung zum {german_date(date.fromisoformat(cancellation.effective_date))} ist "
                    f"geplant; um {option.name} zu behalten, nehmen Sie die Kündigung bitte zurück."
                )
            raise errors.ContractChangeNotAllowed(reason)
        if option.requires is not None and contract.licence != option.requires:
            raise errors.ContractChangeNotAllowed(
                f"{option.name} setzt die {cat.licences[option.requires].name} voraus. Bitte wechseln Sie "
                f"zuerst zur {cat.licences[option.requires].name}."
            )
        downgrade = _scheduled(contract, DOWNGRADE)
        if option.requires is not None and downgrade is not None:
            raise errors.ContractChangeNotAllowed(
                f"{option.name} setzt die {cat.licences[option.requires].name} voraus, und Ihr Wechsel zur "
                f"{cat.licences[downgrade.product].name} ist zum "
                f"{german_date(date.fromisoformat(downgrade.effective_date))} geplant. Bitte nehmen Sie "
                "den Wechsel zuerst zurück."
            )
        return Quote(
            kind=BOOK_OPTION,
            product=option,
            description=f"Zusatzoption {option.name}",
            immediate=True,
            effective_date=day,
            due_now_net_cents=prorate(option.monthly_net_cents, day=day),
            prorated_period=(day, end),
            new_monthly_net_cents=current + option.monthly_net_cents,
        )
    if option.id not in options:
        raise errors.ContractChangeNotAllowed(f"{option.name} ist nicht gebucht.")
    if cancellation is not None:
        raise errors.ContractChangeNotAllowed(
            f"Die Kündigung von {option.name} ist bereits zum "
            f"{german_date(date.fromisoformat(cancellation.effective_date))} geplant."
        )
    return Quote(
        kind=CANCEL_OPTION,
        product=option,
        description=f"Kündigung der Zusatzoption {option.name}",
        immediate=False,
        effective_date=next_start,
        due_now_net_cents=0,
        prorated_period=None,
        new_monthly_net_cents=current - options[option.id],
    )


def preview_change(*, customer_number: str, change: Change) -> Quote:
    """What a change would cost, from when, and the new monthly amount; nothing is stored."""
    contract = get_contract(customer_number=customer_number)
    return quote_change(contract=contract, change=change, day=today())


# Writing


def _store(
    contract: Contract, *, event: AuditEvent, client: Client | None, detail: str, record_audit: bool = True
) -> None:
    """The contract (conditional on its version) and its audit entry in one TransactWrite."""
    try:
        with transaction() as tx:
            tx.save(contract)
            if record_audit:
                tx.save(
                    audit.entry(
                        customer_number=contract.customer_number, event=event, client=client, detail=detail
                    )
                )
    except TransactWriteError as error:
        if error.cause_response_code != "TransactionCanceledException":
            raise
        reasons = error.cancellation_reasons or []
        if not any(reason is not None and reason.code == "ConditionalCheckFailed" for reason in reasons):
            raise
        raise errors.StaleWrite() from None


def _amounts(net_cents: int) -> str:
    return f"{euro(net_cents)} netto ({euro(gross_cents(net_cents))} brutto)"


def _quote_text(quote: Quote) -> str:
    lines = [f"Änderung: {quote.description}", f"Wirksam ab: {german_date(quote.effective_date)}"]
    if quote.prorated_period is not None:
        start, end = quote.prorated_period
        lines.append(
            f"Anteiliger Betrag für {german_date(start)} bis {german_date(end)}: "
            f"{_amounts(quote.due_now_net_cents)}, berechnet mit Ihrer nächsten Rechnung"
        )
    monthly_from = quote.effective_date if not quote.immediate else next_period_start(quote.effective_date)
    lines.append(f"Monatsbetrag ab {german_date(monthly_from)}: {_amounts(quote.new_monthly_net_cents)}")
    return "\n".join(lines)


def _mail(customer: Customer, *, subject: str, intro: str, body: str) -> None:
    from chalicelib.auth.service import greeting
    from chalicelib.customers.service import SIGNATURE

    send_mail(
        to=customer.email,
        subject=subject,
        text=(
            f"{greeting(customer)}\n\n{intro}\n\n{body}\n\n"
            f"Ihren Vertrag sehen Sie jederzeit im Kundencenter unter „Vertragsdaten“:\n"
            f"{settings.site_origin}{PAGE_PATH}\n\n"
            "Wenn Sie diese Änderung nicht veranlasst haben, wenden Sie sich bitte umgehend an unseren "
            "Kundenservice.\n\n" + SIGNATURE
        ),
    )


_EVENTS = {
    UPGRADE: AuditEvent.CONTRACT_UPGRADED,
    DOWNGRADE: AuditEvent.CONTRACT_DOWNGRADE_SCHEDULED,
    BOOK_OPTION: AuditEvent.CONTRACT_OPTION_BOOKED,
    CANCEL_OPTION: AuditEvent.CONTRACT_OPTION_CANCELLATION_SCHEDULED,
}


def change_contract(
    *,
    customer: Customer,
    version: int,
    change: Change,
    client: Client | None,
    today: date | None = None,
    notify: bool = True,
    record_audit: bool = True,
) -> ChangeResult:
    """Carry a change out: at once with a prorated charge, or scheduled for the next period.

    `today` replays a change on a past day (the demo history); `notify=False` sends no mail;
    `record_audit=False` (the demo history only) writes no audit entry, which would carry today's time.
    """
    day = today or _today()
    contract = get_contract(customer_number=customer.customer_number, today=day)
    if contract.version != version:
        raise errors.StaleWrite()
    quote = quote_change(contract=contract, change=change, day=day)
    now = datetime.now(UTC)
    scheduled = None
    if quote.kind == UPGRADE:
        contract.licence = quote.product.id
        contract.licence_net_cents = quote.product.monthly_net_cents
    elif quote.kind == BOOK_OPTION:
        contract.options = {**booked_options(contract), quote.product.id: quote.product.monthly_net_cents}
    else:
        scheduled = ScheduledChange(  # type: ignore[no-untyped-call]
            change_id=secrets.token_urlsafe(12),
            kind=quote.kind,
            product=quote.product.id,
            effective_date=quote.effective_date.isoformat(),
            monthly_net_cents=quote.product.monthly_net_cents if quote.kind == DOWNGRADE else 0,
            created_at=now,
        )
        contract.scheduled_changes = [*contract.scheduled_changes, scheduled]
    if quote.prorated_period is not None and quote.due_now_net_cents > 0:
        start, end = quote.prorated_period
        contract.pending_charges = [
            *contract.pending_charges,
            PendingCharge(  # type: ignore[no-untyped-call]
                charge_id=secrets.token_urlsafe(12),
                description=f"{quote.description}, anteilig {german_date(start)} bis {german_date(end)}",
                period_start=start.isoformat(),
                period_end=end.isoformat(),
                net_cents=quote.due_now_net_cents,
                created_at=now,
            ),
        ]
    detail = _quote_text(quote).replace("\n", "; ")
    _store(contract, event=_EVENTS[quote.kind], client=client, detail=detail, record_audit=record_audit)
    intro = (
        "wir haben Ihre Vertragsänderung ausgeführt."
        if quote.immediate
        else f"wir haben Ihre Vertragsänderung zum {german_date(quote.effective_date)} vorgemerkt. "
        "Bis dahin können Sie sie im Kundencenter zurücknehmen."
    )
    if notify:
        _mail(
            customer,
            subject=f"Ihre Vertragsänderung: {quote.description}",
            intro=intro,
            body=_quote_text(quote),
        )
    return ChangeResult(quote=quote, contract=contract, scheduled=scheduled)


def withdraw_change(*, customer: Customer, change_id: str, client: Client | None) -> Contract:
    """Withdraw a scheduled change before its day; ScheduledChangeNotFound for an unknown id."""
    try:
        contract = get_contract(customer_number=customer.customer_number)
    except errors.ContractNotFound:
        raise errors.ScheduledChangeNotFound() from None
    item = next(
        (item for item in contract.scheduled_changes if secrets.compare_digest(item.change_id, change_id)),
        None,
    )
    if item is None:
        raise errors.ScheduledChangeNotFound()
    cat = catalogue()
    product = cat.product(item.product)
    if item.kind == CANCEL_OPTION and product.requires is not None:
        downgrade = _scheduled(contract, DOWNGRADE)
        if downgrade is not None and downgrade.product != product.requires:
            raise errors.ContractChangeNotAllowed(
                f"{product.name} setzt die {cat.licences[product.requires].name} voraus, und Ihr Wechsel zur "
                f"{cat.licences[downgrade.product].name} ist geplant. Bitte nehmen Sie zuerst den Wechsel "
                "zurück."
            )
    contract.scheduled_changes = [
        other for other in contract.scheduled_changes if other.change_id != item.change_id
    ]
    what = f"Wechsel zur {product.name}" if item.kind == DOWNGRADE else f"Kündigung von {product.name}"
    effective = german_date(date.fromisoformat(item.effective_date))
    body = (
        f"Zurückgenommen: {what} zum {effective}\n"
        f"Monatsbetrag weiterhin: {_amounts(monthly_net_cents(contract))}"
    )
    _store(
        contract, event=AuditEvent.CONTRACT_CHANGE_WITHDRAWN, client=client, detail=body.replace("\n", "; ")
    )
    _mail(
        customer,
        subject=f"Geplante Vertragsänderung zurückgenommen: {what}",
        intro="wir haben Ihre geplante Vertragsänderung zurückgenommen; Ihr Vertrag läuft unverändert weiter.",
        body=body,
    )
    return contract


def open_contract(*, customer_number: str, licence: str, options: list[str], start_date: date) -> Contract:
    """A new contract at today's catalogue prices (demo data, tests; sales open contracts elsewhere)."""
    cat = catalogue()
    contract = Contract(
        customer_number,
        licence=licence,
        licence_net_cents=cat.licences[licence].monthly_net_cents,
        options={key: cat.options[key].monthly_net_cents for key in options},
        start_date=start_date.isoformat(),
        period_start=period_of(today())[0].isoformat(),
        created_at=datetime.now(UTC),
    )
    contract.save()  # a new versioned item: conditional on not existing
    return contract

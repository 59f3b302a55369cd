"""Request and response models of the contract routes (pydantic; imported by the views that need them)."""

from typing import Literal, Self

from pydantic import model_validator

from chalicelib.schemas import RequestModel, ResponseModel

LicenceId = Literal["single", "multi"]
OptionId = Literal["multishop", "premium_service"]


class ChangeBody(RequestModel):
    """`{"licence": "single"|"multi"}` or `{"option": "multishop"|"premium_service", "action": "book"|"cancel"}`."""

    licence: LicenceId | None = None
    option: OptionId | None = None
    action: Literal["book", "cancel"] | None = None

    @model_validator(mode="after")
    def one_change(self) -> Self:
        if self.licence is not None and (self.option is not None or self.action is not None):
            raise ValueError("Bitte wählen Sie entweder eine Lizenz oder eine Zusatzoption.")
        if self.licence is None and (self.option is None or self.action is None):
            raise ValueError(
                "Bitte geben Sie eine Lizenz an oder eine Zusatzoption mit der Aktion „book“ oder „cancel“."
            )
        return self


class ContractChangeBody(ChangeBody):
    version: int


class ProductOut(ResponseModel):
    """A licence or option: catalogue id, German name, monthly net price (as sold, for booked ones)."""

    id: str
    name: str
    monthly_net_cents: int
    requires: str | None = None


class Period(ResponseModel):
    start: str  # ISO dates, both included
    end: str


class ScheduledChangeOut(ResponseModel):
    """A change for a later period; `DELETE /api/contract/changes/{id}` withdraws it."""

    id: str
    kind: Literal["downgrade", "cancel_option"]
    licence: str | None
    option: str | None
    action: Literal["cancel"] | None
    name: str  # German, e.g. "Wechsel zur Single-Lizenz"
    effective_date: str


class ContractOut(ResponseModel):
    licence: ProductOut
    options: list[ProductOut]
    available_options: list[ProductOut]  # the catalogue's options at today's prices
    start_date: str
    current_period: Period
    next_invoice_date: str
    monthly_net_cents: int
    monthly_gross_cents: int
    vat_rate_percent: int
    scheduled_changes: list[ScheduledChangeOut]
    version: int


class PreviewOut(ResponseModel):
    """What a change costs now (prorated to the day), from when, and the new monthly amount."""

    kind: Literal["upgrade", "downgrade", "book_option", "cancel_option"]
    description: str
    immediate: bool
    effective_date: str
    due_now_net_cents: int
    due_now_gross_cents: int
    prorated_period: Period | None
    new_monthly_net_cents: int
    new_monthly_gross_cents: int
    new_monthly_from: str


class ChangeOut(PreviewOut):
    """The change carried out: its price, the scheduled change's id (if scheduled) and the contract now."""

    scheduled_change_id: str | None
    contract: ContractOut


class LicenceKeyOut(ResponseModel):
    """A new licence key, shown this once (only its hash is stored); the previous key no longer works."""

    licence_key: str

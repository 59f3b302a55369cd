"""Request and response models of the ticket routes (pydantic; imported by the views that need them)."""

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from chalicelib.schemas import QueryModel, RequestModel, ResponseModel
from chalicelib.validators import normalise_email

Category = Literal["rechnung", "vertrag", "technik", "statistik", "sonstiges"]
Status = Literal["offen", "in_bearbeitung", "wartet_auf_sie", "geschlossen"]
Subject = Annotated[str, Field(min_length=3, max_length=150)]
Text = Annotated[str, Field(min_length=1, max_length=10_000)]
AttachmentIds = Annotated[list[Annotated[str, Field(min_length=1, max_length=64)]], Field(max_length=5)]
Token = Annotated[str, Field(min_length=1, max_length=128)]
Email = Annotated[str, Field(min_length=1, max_length=254), AfterValidator(normalise_email)]
Cursor = Annotated[str, Field(max_length=512)]
Query = Annotated[str, Field(max_length=200)]


# Customer


class NewTicketBody(RequestModel):
    subject: Subject
    category: Category
    message: Text
    attachments: AttachmentIds = Field(default_factory=list)


class ReplyBody(RequestModel):
    text: Text
    attachments: AttachmentIds = Field(default_factory=list)


class RatingBody(RequestModel):
    stars: Annotated[int, Field(ge=1, le=5)]
    comment: Annotated[str, Field(max_length=1_000)] = ""


class TicketQuery(QueryModel):
    q: Query = ""
    status: Status | None = None
    cursor: Cursor | None = None


class TicketSummary(ResponseModel):
    id: str
    subject: str
    category: Category
    status: Status
    channel: Literal["portal", "public", "email"]
    created_at: str  # UTC ISO-8601
    updated_at: str
    last_author: Literal["customer", "team"]
    message_count: int


class TicketPage(ResponseModel):
    items: list[TicketSummary]
    next_cursor: str | None


class AttachmentOut(ResponseModel):
    id: str
    filename: str
    size: int
    content_type: str


class MessageOut(ResponseModel):
    id: str
    author: Literal["customer", "team", "system"]
    author_name: str
    text: str
    created_at: str
    channel: str
    attachments: list[AttachmentOut]


class RatingOut(ResponseModel):
    stars: int
    comment: str


class TicketDetail(TicketSummary):
    closed_at: str | None
    reopen_until: str | None
    can_reply: bool
    can_close: bool
    can_reopen: bool
    can_rate: bool
    rating: RatingOut | None
    merged_into: str | None
    messages: list[MessageOut]


# Without an account


class PublicTicketBody(RequestModel):
    email: Email
    name: Annotated[str, Field(min_length=1, max_length=120)]
    customer_number: Annotated[str, Field(pattern=r"^[0-9]{4,10}$")] | None = None
    category: Category = "sonstiges"
    subject: Subject
    message: Text


class PublicAccepted(ResponseModel):
    """The same answer whatever the address: a confirmation link is on its way (if anything was sent)."""


class TokenBody(RequestModel):
    token: Token


class PublicReplyBody(RequestModel):
    token: Token
    text: Text


class PublicConfirmed(ResponseModel):
    id: str
    subject: str


class PublicMessageOut(ResponseModel):
    id: str
    author: Literal["customer", "team", "system"]
    author_name: str
    text: str
    created_at: str


class PublicTicket(ResponseModel):
    id: str
    subject: str
    status: Status
    created_at: str
    can_reply: bool
    messages: list[PublicMessageOut]


# Support team


class TeamTicketQuery(QueryModel):
    status: Status | None = None
    category: Category | None = None
    assigned: Literal["mine", "none"] | None = None
    q: Query = ""
    cursor: Cursor | None = None


class StaffTicketSummary(TicketSummary):
    customer_number: str | None
    company: str | None
    email: str
    name: str | None
    assignee: str | None
    assignee_name: str | None


class StaffTicketPage(ResponseModel):
    items: list[StaffTicketSummary]
    next_cursor: str | None


class StaffMessageOut(MessageOut):
    internal: bool


class ContractOut(ResponseModel):
    product: str
    monthly_net_cents: int


class CustomerContext(ResponseModel):
    customer_number: str
    company: str
    contract: ContractOut | None
    recent_tickets: list[TicketSummary]


class StaffTicketDetail(StaffTicketSummary):
    version: int
    given_customer_number: str | None  # typed into the public form; unchecked (the match is customer_number)
    closed_at: str | None
    first_response_at: str | None
    resolved_at: str | None
    merged_into: str | None
    merged_from: list[str]
    rating: RatingOut | None
    messages: list[StaffMessageOut]
    customer: CustomerContext | None


class TeamMessageBody(RequestModel):
    text: Text
    internal: bool = False


class TeamUpdateBody(RequestModel):
    version: Annotated[int, Field(ge=0)]
    status: Status | None = None
    assignee: Annotated[str, Field(max_length=254)] | None = None


class MergeBody(RequestModel):
    into: Annotated[str, Field(min_length=1, max_length=16)]
    version: Annotated[int, Field(ge=0)]


class StaffMemberOut(ResponseModel):
    email: str
    name: str


class StaffList(ResponseModel):
    items: list[StaffMemberOut]

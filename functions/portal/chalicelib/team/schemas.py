"""Request and response models of the team routes (pydantic; imported by the views that need them)."""

from typing import Annotated

from pydantic import Field, StringConstraints

from chalicelib.schemas import RequestModel, ResponseModel

# Any text up to the limits: a malformed address or code is a failed sign-in like any other (401),
# so the answer never tells which part was wrong.
StaffEmail = Annotated[str, Field(min_length=1, max_length=254)]
AnyPassword = Annotated[str, StringConstraints(strip_whitespace=False), Field(min_length=1, max_length=1024)]
Code = Annotated[str, Field(min_length=1, max_length=16)]


class StaffLoginBody(RequestModel):
    email: StaffEmail
    password: AnyPassword
    code: Code


class StaffSummary(ResponseModel):
    """What the team pages show about the signed-in staff member."""

    email: str
    name: str


class StaffLoginResult(ResponseModel):
    staff: StaffSummary

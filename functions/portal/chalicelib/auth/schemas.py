"""Request bodies of the auth routes (pydantic; imported by the views that need them)."""

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from chalicelib import web
from chalicelib.schemas import RequestModel

Login = Annotated[str, Field(min_length=1, max_length=254)]
# Passwords are taken exactly as typed: spaces at either end are part of them.
AnyPassword = Annotated[str, StringConstraints(strip_whitespace=False), Field(min_length=1, max_length=1024)]
NewPassword = AnyPassword
Email = Annotated[str, Field(min_length=1, max_length=254), AfterValidator(web.normalise_email)]


class LoginBody(RequestModel):
    login: Login
    password: AnyPassword


class ForgotPasswordBody(RequestModel):
    login: Login


class ResetPasswordBody(RequestModel):
    token: Annotated[str, Field(min_length=1, max_length=128)]
    password: NewPassword


class ForgotLoginBody(RequestModel):
    email: Email


class ChangePasswordBody(RequestModel):
    current_password: AnyPassword
    new_password: NewPassword

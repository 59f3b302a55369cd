"""The Chalice app with per-thread request state.

Chalice keeps `current_request` and `lambda_context` as plain attributes of the one app object and
assigns them at the start of every call. Lambda runs one request per process at a time, so that is
safe there; the local stack serves requests on several threads at once, so here each thread sees
only its own request. Blueprints read `app.current_request`, so they follow along.
"""

import threading
from typing import Any

from chalice.app import Chalice, Request


class _RequestState(threading.local):
    current_request: Request | None = None
    lambda_context: Any = None


class PortalApp(Chalice):
    """Chalice with `current_request` and `lambda_context` kept per thread."""

    def __init__(self, app_name: str, **kwargs: Any) -> None:
        self._request_state = _RequestState()
        super().__init__(app_name, **kwargs)

    @property
    def current_request(self) -> Request | None:
        return self._request_state.current_request

    @current_request.setter
    def current_request(self, value: Request | None) -> None:
        self._request_state.current_request = value

    @property
    def lambda_context(self) -> Any:
        return self._request_state.lambda_context

    @lambda_context.setter
    def lambda_context(self, value: Any) -> None:
        self._request_state.lambda_context = value

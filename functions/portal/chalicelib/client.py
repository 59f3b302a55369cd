"""Who is asking: shared by every domain that records or throttles by client."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Client:
    """The client address and the browser's User-Agent of one request."""

    ip_address: str
    user_agent: str

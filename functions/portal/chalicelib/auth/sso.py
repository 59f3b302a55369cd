"""Opening the Kundencenter from unicorn 2: a one-time sign-in link, asked for with the licence key.

`issue_link` (route `POST /api/ingest/sso`, access `licence`) stores a new 256-bit token (only its
SHA-256) bound to the licence's customer, valid for 60 seconds, and answers the link
`<site>/kundencenter/sso/#token=…`: the token rides in the fragment, which no server log, proxy or
`Referer` header sees. The links are counted per licence in the same TransactWrite (`throttle.consume_in`).

`exchange_link` (route `POST /api/auth/sso`, public: the token is the credential) uses the token up
with one conditional DeleteItem (it must exist and not be past `expires_at`; DynamoDB's TTL deletes
only eventually), so of two parallel requests exactly one gets the item back. Then it starts a
session as a password sign-in does (`service.start_session`: the same session record, cookie,
credential generation and device handling), marked `via="unicorn2"` and audited as "Anmeldung über
unicorn 2". A customer with two-factor sign-in still answers the code: the exchange hands out the
challenge of the normal second step, which carries the mark on to the session it starts.

Unknown, used and expired tokens get one answer (`errors.InvalidSsoLink`), after the same single
DeleteItem, so neither status nor timing tells them apart. Attempts count per client address (like
sign-in, given back on success).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pynamodb.exceptions import DeleteError, TransactWriteError

from chalicelib import errors, throttle
from chalicelib.auth.service import (
    VIA_UNICORN2,
    SignInResult,
    TwoFactorRequired,
    hash_secret,
    issue_challenge,
    known_device,
    start_session,
)
from chalicelib.client import Client
from chalicelib.customers.service import get_customer
from chalicelib.models import SsoToken
from chalicelib.models.base import transaction
from chalicelib.sessions_common import new_secret
from chalicelib.settings import settings

LINK_LIFETIME = timedelta(seconds=60)
SSO_PATH = "/kundencenter/sso/"
# A merchant clicks "Kundencenter" a few times an hour; a licence that asks for more is misused.
LINKS_PER_LICENCE = throttle.Limit("sso-link", attempts=20, window_seconds=15 * 60)
# Exchanges per client address, as sign-ins (a 256-bit token cannot be guessed; this stops floods).
EXCHANGES_PER_ADDRESS = throttle.Limit("sso-address", attempts=30, window_seconds=15 * 60)


@dataclass(frozen=True)
class SsoLink:
    url: str
    expires_in: int  # seconds


def issue_link(*, customer_number: str) -> SsoLink:
    """A new one-time sign-in link for the licence's customer (60 seconds); 429 past the licence's limit."""
    token = new_secret()
    now = datetime.now(UTC)
    item = SsoToken(
        hash_secret(token), customer_number=customer_number, created_at=now, expires_at=now + LINK_LIFETIME
    )
    tx = transaction()
    hits = []
    try:
        with tx:
            tx.save(item, condition=SsoToken.token_hash.does_not_exist())
            hits.append(throttle.consume_in(tx, LINKS_PER_LICENCE, customer_number))
    except TransactWriteError as error:
        throttle.raise_if_refused(tx, error, hits)
        raise
    return SsoLink(
        url=f"{settings.site_origin}{SSO_PATH}#token={token}", expires_in=int(LINK_LIFETIME.total_seconds())
    )


def _take(token: str) -> SsoToken | None:
    """Delete the token's item if it exists and has not expired, and return it; None otherwise.

    One conditional DeleteItem (returning the deleted item): of parallel requests only one gets it.
    """
    if not token or len(token) > 128:
        return None
    try:
        data = SsoToken._get_connection().delete_item(
            hash_secret(token),
            condition=SsoToken.token_hash.exists() & (SsoToken.expires_at > datetime.now(UTC)),
            return_values="ALL_OLD",
        )
    except DeleteError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return None
        raise
    return SsoToken.from_raw_data(data["Attributes"])


def exchange_link(
    *, token: str, client: Client, device_cookie: str | None = None
) -> SignInResult | TwoFactorRequired:
    """Use up a one-time link and sign its customer in (or hand out the second step's challenge)."""
    hits = throttle.consume(hits=[(EXCHANGES_PER_ADDRESS, client.ip_address)])
    link = _take(token)
    if link is None:
        raise errors.InvalidSsoLink()
    try:
        customer = get_customer(customer_number=link.customer_number)
    except errors.CustomerNotFound:
        raise errors.InvalidSsoLink() from None
    throttle.refund(hits)
    if customer.totp_secret:
        return TwoFactorRequired(challenge=issue_challenge(customer, via=VIA_UNICORN2))
    return start_session(
        customer=customer, client=client, device=known_device(device_cookie, customer), via=VIA_UNICORN2
    )

"""Licence keys: how a unicorn 2 installation proves which customer's orders it sends.

A key is `u2lk_` + 43 URL-safe characters (256 random bits): the prefix makes a leaked key easy to
recognise (secret scanners, support). Only its SHA-256 is stored: a fast hash is right for a key of
that entropy (nothing to guess, unlike a password), and one GetItem on the lookup item
(`LicenceKey`, keyed by the hash) finds the customer. A new key replaces the lookup item and
`Contract.licence_key_hash` in one TransactWrite with its audit entry, so the old key stops working
at once.
"""

import hashlib
import secrets
from datetime import UTC, datetime

from pynamodb.exceptions import DoesNotExist, TransactWriteError

from chalicelib import audit, errors
from chalicelib.audit.events import AuditEvent
from chalicelib.client import Client
from chalicelib.models import Contract, LicenceKey
from chalicelib.models.base import transaction, update_bookkeeping_in

PREFIX = "u2lk_"
KEY_BYTES = 32
MAX_KEY_LENGTH = 128
ATTEMPTS = 3


def key_hash(key: str) -> str:
    """The stored form of a key: SHA-256, hex."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    return PREFIX + secrets.token_urlsafe(KEY_BYTES)


def regenerate_licence_key(*, customer_number: str, client: Client | None) -> str:
    """A new key for the customer's contract (the old one stops working); returns the key, shown once.

    ContractNotFound without a contract. Two parallel requests both succeed in turn; the later key wins.
    """
    for _ in range(ATTEMPTS):
        try:
            contract = Contract.get(customer_number, consistent_read=True)
        except DoesNotExist:
            raise errors.ContractNotFound() from None
        old = contract.licence_key_hash
        key = new_key()
        digest = key_hash(key)
        try:
            with transaction() as tx:
                tx.save(
                    LicenceKey(digest, customer_number=customer_number, created_at=datetime.now(UTC)),
                    condition=LicenceKey.key_hash.does_not_exist(),
                )
                if old:
                    tx.delete(LicenceKey(old), condition=LicenceKey.customer_number == customer_number)
                update_bookkeeping_in(
                    tx,
                    contract,
                    actions=[Contract.licence_key_hash.set(digest)],
                    condition=Contract.licence_key_hash == old
                    if old
                    else Contract.licence_key_hash.does_not_exist(),
                )
                tx.save(
                    audit.entry(
                        customer_number=customer_number,
                        event=AuditEvent.LICENCE_KEY_REGENERATED,
                        client=client,
                        detail=f"Neuer Schlüssel {key[: len(PREFIX) + 4]}…",
                    )
                )
        except TransactWriteError as error:
            if error.cause_response_code != "TransactionCanceledException":
                raise
            continue  # a parallel regeneration came first: read again and replace its key
        return key
    raise errors.StaleWrite()


def customer_for_key(key: str) -> str | None:
    """The Kundennummer a presented key belongs to, or None (one GetItem)."""
    if not key.startswith(PREFIX) or len(key) > MAX_KEY_LENGTH:
        return None
    digest = key_hash(key)
    try:
        found = LicenceKey.get(digest, consistent_read=True)
    except DoesNotExist:
        return None
    # The lookup is by the hash already; comparing once more in constant time costs nothing and keeps
    # the check independent of how the store matched the key.
    if not secrets.compare_digest(found.key_hash, digest):
        return None
    return found.customer_number

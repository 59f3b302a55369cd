"""Claims of further addresses never take over or give up the login address's claim, also in races."""

from tests.portal.contacts.conftest import add_email, add_verified_email, token_for

ADDRESS = "buchhaltung@muster-handels.example"


def claim_login_address(email: str, customer_number: str) -> None:
    from chalicelib import claims
    from chalicelib.models.base import transaction

    with transaction() as tx:
        claims.claim(tx, email=email, customer_number=customer_number, kind="login")


def test_a_contact_claim_never_overwrites_a_claim_not_even_the_customers_own(customers):
    import pytest
    from pynamodb.exceptions import TransactWriteError

    from chalicelib import claims
    from chalicelib.models import EmailClaim
    from chalicelib.models.base import transaction

    claim_login_address(ADDRESS, "100001")
    with pytest.raises(TransactWriteError), transaction() as tx:
        claims.claim(tx, email=ADDRESS, customer_number="100001", kind="contact")
    assert EmailClaim.get(ADDRESS).kind == "login"


def test_release_checks_the_kind_in_its_condition(customers):
    import pytest
    from pynamodb.exceptions import TransactWriteError

    from chalicelib import claims
    from chalicelib.models import EmailClaim
    from chalicelib.models.base import transaction

    claim_login_address(ADDRESS, "100001")
    with pytest.raises(TransactWriteError), transaction() as tx:
        claims.release(tx, email=ADDRESS, customer_number="100001", kind="contact")
    assert EmailClaim.get(ADDRESS).kind == "login"
    with transaction() as tx:  # the default is the login address's claim (the profile domain's call)
        claims.release(tx, email=ADDRESS, customer_number="100001")
    assert claims.owner_of(ADDRESS) is None


def test_a_confirmation_racing_a_login_change_leaves_the_login_claim(client, erika, monkeypatch):
    """The login change claims the address after the confirmation read it as free: 409, claim stays login."""
    from chalicelib import claims
    from chalicelib.contacts import service
    from chalicelib.models import EmailClaim

    add_email(erika, ADDRESS)
    token = token_for(ADDRESS)

    real_owner_of = claims.owner_of
    reads = []

    def read_then_login_change(address):
        holder = real_owner_of(address)
        if not reads:  # the login change commits right after the confirmation's first read
            claim_login_address(ADDRESS, "100001")
        reads.append(holder)
        return holder

    monkeypatch.setattr(service.claims, "owner_of", read_then_login_change)
    response = client.post("/api/contacts/emails/confirm", {"token": token})
    monkeypatch.undo()
    assert response.status_code == 409, response.body
    assert response.json_body["Code"] == "ContactEmailExists"
    assert reads[0] is None  # the confirmation saw a free address
    assert EmailClaim.get(ADDRESS).kind == "login"
    assert erika.get("/api/contacts").json_body["emails"][0]["verified"] is False


def test_deleting_a_contact_whose_claim_became_the_login_claim_meanwhile_keeps_it(client, erika, monkeypatch):
    """The delete read a `contact` claim; before it writes, the claim is the login address's: it stays."""
    from chalicelib import claims
    from chalicelib.contacts import service
    from chalicelib.models import EmailClaim
    from chalicelib.models.base import transaction

    entry = add_verified_email(erika, client, ADDRESS)
    real_owner_of = claims.owner_of
    reads = []

    def stale_read(address):
        holder = real_owner_of(address)
        if not reads:  # the first read sees the contact claim, then the login change overwrites it
            with transaction() as tx:
                claims.claim(tx, email=ADDRESS, customer_number="100001", kind="login")
        reads.append(holder.kind if holder else None)
        return holder

    monkeypatch.setattr(service.claims, "owner_of", stale_read)
    assert erika.delete(f"/api/contacts/emails/{entry['id']}").status_code == 204
    monkeypatch.undo()
    assert reads == ["contact", "login"]  # the release failed on the kind and the delete read again
    claim = EmailClaim.get(ADDRESS)
    assert (claim.customer_number, claim.kind) == ("100001", "login")
    assert erika.get("/api/contacts").json_body["emails"] == []

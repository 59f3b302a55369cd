"""Lizenzschlüssel neu erzeugen: a new key shown once, only its hash stored, the old key dead at once."""

from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

from tests.portal.contracts.conftest import open_contract


def regenerate(browser, **kwargs):
    return browser.post("/api/contract/licence-key", **kwargs)


def holder(key):
    from chalicelib.contracts.routes import load_licence_holder

    return load_licence_holder(SimpleNamespace(headers={"authorization": f"Bearer {key}"}))


def test_a_new_key_is_shown_once_and_only_its_hash_is_stored(erika):
    from chalicelib.contracts.licence import key_hash
    from chalicelib.models import Contract, LicenceKey

    open_contract()
    response = regenerate(erika)
    assert response.status_code == 201, response.body
    key = response.json_body["licence_key"]
    assert key.startswith("u2lk_")
    assert len(key) == 5 + 43
    stored = Contract.get("100001")
    assert stored.licence_key_hash == key_hash(key)
    assert [item.customer_number for item in LicenceKey.scan()] == ["100001"]
    for item in [*LicenceKey.scan(), stored]:
        assert key not in str(item.to_simple_dict())
    assert holder(key).customer_number == "100001"


def test_the_old_key_stops_working_at_once(erika):
    from chalicelib.models import LicenceKey

    open_contract()
    old = regenerate(erika).json_body["licence_key"]
    new = regenerate(erika).json_body["licence_key"]
    assert old != new
    assert holder(old) is None
    assert holder(new).customer_number == "100001"
    assert LicenceKey.count() == 1


def test_the_regeneration_is_in_the_audit_log_without_the_key(erika):
    open_contract()
    key = regenerate(erika).json_body["licence_key"]
    entries = erika.get("/api/audit").json_body["entries"]
    labels = [entry["label"] for entry in entries]  # the clock stands still: sign-in and key tie
    assert "Lizenzschlüssel neu erzeugt (der bisherige gilt nicht mehr)" in labels
    assert key not in str(entries)


def test_without_a_contract_there_is_no_key(erika):
    from chalicelib.models import LicenceKey

    response = regenerate(erika)
    assert response.status_code == 404
    assert response.json_body["Code"] == "ContractNotFound"
    assert LicenceKey.count() == 0


def test_a_retry_with_the_same_idempotency_key_never_shows_the_key_again_nor_stores_it(erika):
    from chalicelib.models import IdempotencyRecord

    open_contract()
    first = regenerate(erika, headers={"Idempotency-Key": "neu-1"})
    again = regenerate(erika, headers={"Idempotency-Key": "neu-1"})

    assert first.status_code == 201
    key = first.json_body["licence_key"]
    assert again.status_code == 409  # the key was made once; showing it again would need it stored
    assert again.json_body["Message"].startswith("Diese Anfrage wurde bereits ausgeführt.")
    assert key not in again.body.decode()
    assert holder(key).customer_number == "100001"  # the retry made no second key
    records = list(IdempotencyRecord.scan())
    assert len(records) == 1
    assert key not in (records[0].data or "")  # only a hash of the key is stored anywhere


def test_parallel_regenerations_leave_exactly_one_working_key(erika):
    from chalicelib.models import LicenceKey

    open_contract()
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda _: regenerate(erika), range(4)))
    keys = [answer.json_body["licence_key"] for answer in answers if answer.status_code == 201]
    assert keys
    assert all(answer.status_code in (201, 409) for answer in answers)
    assert sum(holder(key) is not None for key in keys) == 1
    assert LicenceKey.count() == 1


def test_malformed_or_unknown_keys_find_nobody(erika):
    from chalicelib.contracts.routes import load_licence_holder

    open_contract()
    key = regenerate(erika).json_body["licence_key"]
    for header in ("", "Bearer", f"Basic {key}", "Bearer u2lk_" + "A" * 43, "Bearer " + "x" * 5000):
        assert load_licence_holder(SimpleNamespace(headers={"authorization": header})) is None
    assert load_licence_holder(SimpleNamespace(headers={})) is None

"""Racing changes and replayed requests: never two scheduled downgrades, never a charge twice."""

from concurrent.futures import ThreadPoolExecutor

from tests.conftest import sent_mails
from tests.portal.contracts.conftest import change, open_contract


def test_parallel_downgrades_leave_one_scheduled_change(erika):
    from chalicelib.models import Contract

    open_contract("multi")
    version = erika.get("/api/contract").json_body["version"]

    def downgrade(n):
        return erika.post(
            "/api/contract/changes",
            {"licence": "single", "version": version},
            headers={"Idempotency-Key": f"k{n}"},
        )

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(downgrade, range(6)))
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses.count(201) == 1, [answer.body for answer in answers]
    assert set(statuses) == {201, 409}
    stored = Contract.get("100001")
    assert [item.kind for item in stored.scheduled_changes] == ["downgrade"]


def test_parallel_upgrade_and_booking_store_one_of_them(erika):
    from chalicelib.contracts.service import pending_charges

    open_contract("single")
    version = erika.get("/api/contract").json_body["version"]
    bodies = [{"licence": "multi"}, {"option": "premium_service", "action": "book"}]
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(lambda body: change(erika, body, version=version), bodies))
    assert sorted(answer.status_code for answer in answers) == [201, 409]
    assert len(pending_charges(customer_number="100001")) == 1


def test_a_replayed_change_is_answered_from_the_first_and_charged_once(erika):
    from chalicelib.contracts.service import pending_charges

    open_contract("single")
    version = erika.get("/api/contract").json_body["version"]
    body = {"option": "premium_service", "action": "book", "version": version}
    first = erika.post("/api/contract/changes", body, headers={"Idempotency-Key": "buchung-1"})
    again = erika.post("/api/contract/changes", body, headers={"Idempotency-Key": "buchung-1"})
    assert first.status_code == again.status_code == 201
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.json_body == first.json_body
    assert len(pending_charges(customer_number="100001")) == 1
    assert len([mail for mail in sent_mails() if "Vertragsänderung" in mail["subject"]]) == 1
    other = erika.post(
        "/api/contract/changes", {**body, "option": "multishop"}, headers={"Idempotency-Key": "buchung-1"}
    )
    assert other.status_code == 422

"""Parallel requests: the ten slots per kind hold, whatever races."""

from concurrent.futures import ThreadPoolExecutor


def test_twelve_parallel_adds_store_exactly_ten(client, erika, monkeypatch):
    from chalicelib import throttle
    from chalicelib.contacts import service
    from chalicelib.models import ContactEntry

    # The slots are the subject here: the mail limit (10 an hour, test_verification.py) would refuse
    # the 11th and 12th before they race for a slot.
    monkeypatch.setattr(
        service,
        "VERIFICATION_MAILS_PER_CUSTOMER",
        throttle.Limit("contact-verification-mail", attempts=100, window_seconds=3600),
    )

    def add(n):
        return erika.post("/api/contacts/emails", {"address": f"parallel{n}@muster-handels.example"})

    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(add, range(12)))
    assert sorted(answer.status_code for answer in answers) == [201] * 10 + [409] * 2
    stored = list(ContactEntry.query("100001"))
    assert len(stored) == 10
    assert sorted(entry.slot for entry in stored) == sorted(f"email#{n}" for n in range(10))
    assert len({entry.value for entry in stored}) == 10
    assert len(erika.get("/api/contacts").json_body["emails"]) == 10


def test_parallel_adds_of_numbers_fill_the_free_slots_only(erika):
    for n in range(7):
        assert erika.post("/api/contacts/phones", {"number": f"030 123456{n}"}).status_code == 201

    def add(n):
        return erika.post("/api/contacts/phones", {"number": f"040 123456{n}"})

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(add, range(6)))
    assert sorted(answer.status_code for answer in answers) == [201] * 3 + [409] * 3
    assert len(erika.get("/api/contacts").json_body["phones"]) == 10


def test_parallel_adds_count_exactly_the_mails_left(client, erika):
    """8 of 10 verification mails used: of 5 parallel adds exactly 2 are stored and mailed, 3 get 429."""
    from chalicelib import throttle
    from chalicelib.contacts.service import VERIFICATION_MAILS_PER_CUSTOMER
    from chalicelib.models import ContactEntry
    from tests.conftest import sent_mails

    for _ in range(8):
        entry = erika.post("/api/contacts/emails", {"address": "weg@muster-handels.example"}).json_body
        assert erika.delete(f"/api/contacts/emails/{entry['id']}").status_code == 204
    mails = len(sent_mails())

    def add(n):
        return erika.post("/api/contacts/emails", {"address": f"parallel{n}@muster-handels.example"})

    with ThreadPoolExecutor(max_workers=5) as pool:
        answers = list(pool.map(add, range(5)))
    assert sorted(answer.status_code for answer in answers) == [201] * 2 + [429] * 3
    assert len(list(ContactEntry.query("100001"))) == 2
    assert len(sent_mails()) == mails + 2
    assert throttle.remaining(limit=VERIFICATION_MAILS_PER_CUSTOMER, subject="100001") == 0


def conflict_once(monkeypatch):
    """DynamoDB cancels a transaction whose item a parallel transaction is writing (TransactionConflict):
    the first TransactWrite with a throttle counter is cancelled so, as when a parallel add counts a mail."""
    from pynamodb.exceptions import CancellationReason, TransactWriteError, VerboseClientError
    from pynamodb.transactions import TransactWrite

    from chalicelib.models import AttemptCounter

    original = TransactWrite._commit
    cancelled: list[int] = []

    def commit(self):
        items = self._condition_check_items + self._delete_items + self._put_items + self._update_items
        counters = [n for n, item in enumerate(items) if item["TableName"] == AttemptCounter.Meta.table_name]
        if counters and not cancelled:
            cancelled.append(counters[0])
            reasons = [
                CancellationReason(code="TransactionConflict") if n in counters[:1] else None
                for n in range(len(items))
            ]
            error = {"Error": {"Code": "TransactionCanceledException", "Message": "Transaction cancelled"}}
            cause = VerboseClientError(error, "TransactWriteItems", cancellation_reasons=reasons)
            raise TransactWriteError("Failed to write transaction items", cause)
        return original(self)

    monkeypatch.setattr(TransactWrite, "_commit", commit)
    return cancelled


def test_an_add_whose_mail_counter_conflicted_tries_the_same_slot_again(erika, monkeypatch):
    from chalicelib import throttle
    from chalicelib.contacts.service import VERIFICATION_MAILS_PER_CUSTOMER
    from chalicelib.models import ContactEntry

    cancelled = conflict_once(monkeypatch)
    response = erika.post("/api/contacts/emails", {"address": "buchhaltung@muster-handels.example"})
    assert response.status_code == 201, response.body
    assert cancelled  # the first try was cancelled
    assert [entry.slot for entry in ContactEntry.query("100001")] == ["email#0"]
    assert throttle.remaining(limit=VERIFICATION_MAILS_PER_CUSTOMER, subject="100001") == 9


def test_a_resend_whose_counter_conflicted_is_tried_again(erika, monkeypatch):
    from chalicelib import throttle
    from chalicelib.contacts.service import RESEND_PER_CUSTOMER, VERIFICATION_MAILS_PER_CUSTOMER

    entry = erika.post("/api/contacts/emails", {"address": "buchhaltung@muster-handels.example"}).json_body
    cancelled = conflict_once(monkeypatch)
    assert erika.post(f"/api/contacts/emails/{entry['id']}/resend").status_code == 202
    assert cancelled
    assert throttle.remaining(limit=RESEND_PER_CUSTOMER, subject="100001") == 4
    assert throttle.remaining(limit=VERIFICATION_MAILS_PER_CUSTOMER, subject="100001") == 8

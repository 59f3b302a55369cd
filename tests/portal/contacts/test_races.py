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

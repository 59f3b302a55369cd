"""The API accepts votes only for the articles the site build listed in chalicelib/feedback/articles.json."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PORTAL = Path(__file__).resolve().parents[3] / "functions" / "portal"


@pytest.fixture
def service(aws):
    from chalicelib.feedback import service

    service.article_paths.cache_clear()
    yield service
    service.article_paths.cache_clear()


def test_the_list_is_not_read_at_cold_start():
    probe = "import app\nfrom chalicelib.feedback import service\nprint(service.article_paths.cache_info().currsize)"
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=PORTAL, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "0"


def test_the_list_is_read_once_on_the_first_vote(client, service):
    assert service.article_paths.cache_info().currsize == 0

    for _ in range(2):
        assert client.post("/api/feedback", {"page": "zugang/anmelden/", "helpful": True}).status_code == 201

    info = service.article_paths.cache_info()
    assert (info.currsize, info.misses) == (1, 1)


def test_the_list_shipped_with_the_api_decides(service, tmp_path, monkeypatch):
    from chalicelib import errors

    listed = tmp_path / "articles.json"
    listed.write_text(json.dumps({"articles": ["neu/artikel/"]}), encoding="utf-8")
    monkeypatch.setattr(service, "ARTICLES_FILE", listed)

    service.record_feedback(page="neu/artikel/", helpful=True, client_address="192.0.2.1")
    with pytest.raises(errors.ValidationError) as raised:
        service.record_feedback(page="zugang/anmelden/", helpful=True, client_address="192.0.2.1")

    assert raised.value.fields["page"].startswith("Diesen Hilfe-Artikel gibt es nicht.")
    assert service.get_counter(page="neu/artikel/").yes == 1
    assert service.get_counter(page="zugang/anmelden/") is None


def test_the_shipped_list_holds_the_articles_the_tests_vote_on():
    document = json.loads((PORTAL / "chalicelib" / "feedback" / "articles.json").read_text(encoding="utf-8"))

    assert {"rechnungen/e-rechnung/", "zugang/anmelden/", "support/ticket-ohne-anmeldung/"} <= set(
        document["articles"]
    )
    assert not any(page.startswith("kundencenter/") for page in document["articles"])

"""The German normalisation behind the help-center search (overrides/hooks/search_de.py)."""

from typing import Any

import pytest
import yaml

from overrides.hooks import search_de
from overrides.hooks.search_de import (
    Expander,
    Vocabulary,
    expand_index,
    fold,
    load_rules,
    normalise,
    transform_query,
)

RULES = load_rules(separator=r'[\s\-.,;:!?()\[\]{}"„“”‚‘’»«/|…]+')


def key(word: str) -> str:
    return normalise(word, RULES)


def matches(query_word: str, page_word: str) -> bool:
    """What lunr does with a query key and a page key: prefix match (Material appends `*`)."""
    return key(page_word).startswith(key(query_word))


@pytest.mark.parametrize(
    "spellings",
    [
        ["Passwörter", "passwoerter", "passworter", "PASSWÖRTER"],
        ["Geräte", "geraete", "gerate"],
        ["Straße", "strasse"],
        ["Bestätigung", "bestaetigung", "bestatigung"],
        ["Gebühr", "gebuehr", "gebuhr"],
    ],
)
def test_umlauts_and_their_ascii_spellings_fold_alike(spellings: list[str]) -> None:
    assert len({fold(spelling, RULES) for spelling in spellings}) == 1


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("Rechnungen", "Rechnung"),
        ("rechnung", "Rechnungen"),
        ("rechnung", "Rechnungsstellung"),
        ("Passworte", "Passwort"),
        ("passwoerter", "Passwort"),
        ("passwort", "Passwörter"),
        ("adressen", "Adresse"),
        ("anmeldung", "anmelden"),
        ("aendern", "ändern"),
        ("bankverbindung", "Bankverbindungen"),
        ("ticket", "Tickets"),
    ],
)
def test_inflected_forms_find_each_other(typed: str, written: str) -> None:
    assert matches(typed, written)


@pytest.mark.parametrize(
    ("typed", "written"), [("rechnung", "Berechnung"), ("konto", "Kunde"), ("lizenz", "Liste")]
)
def test_different_words_stay_apart(typed: str, written: str) -> None:
    assert not matches(typed, written)


def test_a_short_word_keeps_its_ending() -> None:
    """No key shorter than min_stem letters: "Daten" does not become "dat"."""
    assert key("Daten") == "date"
    assert key("Abo") == "abo"


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary(
        RULES, ["Rechnung", "Adresse", "Bank", "Verbindung", "Kunden", "Nummer", "Arbeit", "Tage"]
    )


@pytest.mark.parametrize(
    ("compound", "parts"),
    [
        ("Rechnungsadresse", ["rechnung", "adresse"]),
        ("Bankverbindung", ["bank", "verbindung"]),
        ("Kundennummer", ["kunden", "nummer"]),
        ("Bankarbeitstage", ["bank", "arbeit", "tage"]),
    ],
)
def test_compounds_split_into_known_words(vocabulary: Vocabulary, compound: str, parts: list[str]) -> None:
    # A linking s may stay with the part before it (arbeits|tage): the keys are what counts.
    assert [key(part) for part in vocabulary.split_compound(compound)] == [key(part) for part in parts]


@pytest.mark.parametrize("word", ["Anmeldung", "Passwort", "Verbindung", "Rechnungen"])
def test_plain_words_are_no_compounds(vocabulary: Vocabulary, word: str) -> None:
    assert vocabulary.split_compound(word) == []


def expand(text: str, words: tuple[str, ...] = ()) -> list[str]:
    return Expander(RULES, Vocabulary(RULES, [*text.split(), *words])).expand(text)


def test_a_page_is_found_under_the_synonyms_of_its_words() -> None:
    keys = expand("Tragen Sie die neue IBAN ein")
    assert {key("Bankverbindung"), key("Kontoverbindung"), key("Bankdaten")} <= set(keys)


def test_synonyms_work_in_both_directions() -> None:
    assert key("Kennwort") in expand("Ihr Passwort")
    assert key("Passwort") in expand("Ihr Kennwort")


def test_inflected_text_still_finds_its_synonyms() -> None:
    assert key("Kosten") in expand("Die Preise der Lizenzen")


def test_compound_parts_and_their_synonyms_are_keys() -> None:
    keys = expand("Ändern Sie Ihre Rechnungsanschrift", words=("Adresse", "Anschrift"))
    assert key("Anschrift") in keys  # the head noun of the compound
    assert key("Rechnungsadresse") in keys  # the compound with a synonym for its head noun


def test_a_word_inside_a_longer_synonym_does_not_match_alone() -> None:
    """An E-Mail-Adresse is not a postal Adresse: no Anschrift for it."""
    keys = expand("Ihre E-Mail-Adresse")
    assert key("Mailadresse") in keys
    assert key("Anschrift") not in keys


def test_hyphenated_words_are_also_one_word() -> None:
    keys = expand("Ihre E-Rechnung nach ZUGFeRD")
    assert key("erechnung") in keys
    assert key("Ticketformular") in expand("Das Ticket-Formular")
    assert key("Kontaktformular") in expand("Das Ticket-Formular")


def test_filler_words_get_no_key() -> None:
    assert expand("wie und oder die") == []


def test_ticket_anlegen_is_ticket_erstellen() -> None:
    assert key("erstellen") in expand("Ein Ticket anlegen")
    assert {key("anlegen"), key("eröffnen")} <= set(expand("Ein Ticket erstellen"))


@pytest.mark.parametrize(
    ("text", "number"),
    [("die letzten 19.000 Bestellungen", "19000"), ("über 1.250.000 Aufträge.", "1250000")],
)
def test_a_number_with_thousands_separators_is_also_its_digits(text: str, number: str) -> None:
    assert number in expand(text)


@pytest.mark.parametrize("text", ["am 10.03.2026", "ZUGFeRD 2.3", "Version 1.0001"])
def test_dates_and_versions_are_no_grouped_numbers(text: str) -> None:
    keys = expand(text)
    assert not [form for form in keys if form.isdigit() and len(form) > 4], keys


@pytest.fixture(scope="module")
def site_vocabulary() -> Vocabulary:
    words = "Rechnung Rechnungen Passwort ändern IBAN Bankverbindung E-Mail-Adresse Adresse Multi-Lizenz"
    return Vocabulary(
        RULES, lexicon=[fold(w, RULES) for w in [*words.split(), "emailadresse", "multilizenz"]]
    )


def test_a_question_loses_its_filler_words(site_vocabulary: Vocabulary) -> None:
    assert transform_query("wie ändere ich meine iban", RULES, site_vocabulary) == "ander iban"


def test_a_known_word_is_searched_by_its_key_only(site_vocabulary: Vocabulary) -> None:
    assert transform_query("Rechnungen", RULES, site_vocabulary) == "rechn"
    assert transform_query("passwoerter", RULES, site_vocabulary) == "passwort"


def test_an_unknown_word_may_be_a_typo(site_vocabulary: Vocabulary) -> None:
    """One edit away: lunr's fuzzy match, for words of fuzzy_min_length letters or more."""
    assert transform_query("bankverbinding", RULES, site_vocabulary) == "bankverbinding bankverbinding~1"
    assert transform_query("rechnug", RULES, site_vocabulary) == "rechnug rechnug~1"
    assert transform_query("xyz", RULES, site_vocabulary) == "xyz"


def test_an_unknown_compound_is_also_searched_by_its_parts(site_vocabulary: Vocabulary) -> None:
    terms = transform_query("rechnungsadresse", RULES, site_vocabulary).split()
    assert {key("Rechnung"), key("Adresse")} <= set(terms)


def test_hyphenated_and_separated_spellings_meet(site_vocabulary: Vocabulary) -> None:
    assert transform_query("e-mail-adresse", RULES, site_vocabulary) == key("emailadresse")
    assert key("multilizenz") in transform_query("multi lizenz", RULES, site_vocabulary).split()


def test_a_lone_letter_counts_only_as_itself_unless_it_is_being_typed(site_vocabulary: Vocabulary) -> None:
    assert transform_query("e rechnung", RULES, site_vocabulary).split()[0] == "e^1"
    assert transform_query("iban e", RULES, site_vocabulary).split()[-1] == "e"


def test_query_syntax_is_left_alone(site_vocabulary: Vocabulary) -> None:
    for query in ['"iban ändern"', "+iban konto", "iban -konto", "rechn*", "passwort~2", "title:iban"]:
        assert transform_query(query, RULES, site_vocabulary) == query


def test_only_filler_words_are_searched_as_typed(site_vocabulary: Vocabulary) -> None:
    assert transform_query("wie", RULES, site_vocabulary) == "wie"


def test_a_typed_number_with_thousands_separators_is_its_digits(site_vocabulary: Vocabulary) -> None:
    """Found on a page that writes 19.000 as well as one that writes 19000."""
    assert transform_query("19.000 rechnungen", RULES, site_vocabulary) == "19000 rechn"
    assert transform_query("10.03", RULES, site_vocabulary) == "10 03"


def index_entry(location: str, title: str, text: str) -> dict[str, Any]:
    return {"location": location, "title": title, "text": text}


def test_the_index_gets_keys_descriptions_and_overview_boosts() -> None:
    index = {
        "config": {},
        "docs": [
            index_entry("persoenliche-daten/", "Persönliche Daten", "<p>Überblick</p>"),
            index_entry("persoenliche-daten/bankverbindung/", "Bankverbindung ändern", "<p>Neue IBAN</p>"),
            index_entry("persoenliche-daten/bankverbindung/#frist", "Die Frist", "<p>5 Tage</p>"),
        ],
    }
    descriptions = {"persoenliche-daten/bankverbindung/": "Kontoverbindung für die SEPA-Lastschrift"}

    lexicon = expand_index(index, RULES, descriptions, frozenset({"persoenliche-daten/"}))

    overview, article, section = index["docs"]
    assert overview["boost"] == RULES.overview_boost
    assert "boost" not in article
    assert {"bankverbind", "verbind", "ander"} <= set(article[search_de.TITLE_FIELD].split())
    assert key("Kennwort") not in article[search_de.TEXT_FIELD]
    assert {key("Kontoverbindung"), key("Lastschrift")} <= set(article[search_de.TEXT_FIELD].split())
    assert key("Kontoverbindung") not in section[search_de.TEXT_FIELD].split()
    assert lexicon.has_prefix("kontoverbind")
    assert not lexicon.has_prefix("kennwort")


def test_hidden_fields_hold_only_what_the_words_as_written_do_not() -> None:
    """Each key once, in the order of the text, and none that equals a word of the field itself:
    lunr finds that word in title or text already."""
    index = {
        "config": {},
        "docs": [
            index_entry(
                "zugang/sicherheit/",
                "Passwort ändern",
                "<p>Ändern Sie Ihr Passwort.</p> <p>Das neue Passwort gilt sofort; Passwörter "
                "ändern Sie jederzeit.</p>",
            )
        ],
    }

    expand_index(index, RULES, {})

    (entry,) = index["docs"]
    title_keys = entry[search_de.TITLE_FIELD].split()
    text_keys = entry[search_de.TEXT_FIELD].split()
    assert "passwort" not in title_keys + text_keys  # the word as written
    assert title_keys[0] == "ander"
    assert key("Kennwort") in title_keys
    assert text_keys[:2] == ["ander", "neu"]
    assert len(text_keys) == len(set(text_keys))


def test_the_index_text_loses_the_space_between_block_tags_only() -> None:
    text = "<p>Erstens</p> <ol> <li>Zweitens <code>a</code> <code>b</code></li> </ol>"
    index = {"config": {}, "docs": [index_entry("a/", "A", text)]}

    expand_index(index, RULES, {})

    assert (
        index["docs"][0]["text"] == "<p>Erstens</p><ol><li>Zweitens <code>a</code> <code>b</code></li></ol>"
    )


def test_rules_file_is_consistent() -> None:
    """Every synonym group has two members, and no word belongs to two groups or is a filler word."""
    data = yaml.safe_load(search_de.RULES_FILE.read_text(encoding="utf-8"))
    seen: dict[str, int] = {}
    problems = []
    for number, group in enumerate(data["synonyms"]):
        if len(group) < 2:
            problems.append(f"group {group} has one member")
        for member in group:
            member_key = normalise("".join(member.split()), RULES)
            if member_key in seen and seen[member_key] != number:
                problems.append(f"{member!r} is in two groups")
            seen[member_key] = number
            if member.lower() in RULES.stopwords:
                problems.append(f"{member!r} is a filler word")
    assert not problems, problems


def test_browser_data_carries_the_same_rules() -> None:
    data = search_de.client_data(RULES, Vocabulary(RULES, lexicon=["rechnung"]))
    assert data["fold"] == [list(pair) for pair in RULES.fold]
    assert data["suffixes"] == list(RULES.suffixes)
    assert data["separator"] == RULES.separator
    assert data["lexicon"] == ["rechnung"]
    assert set(data["stopwords"]) == RULES.stopwords

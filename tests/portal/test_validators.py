"""Shared field validators: normalised values for good input, a German ValueError for bad input."""

import re
from typing import Annotated

import pytest
from pydantic import AfterValidator, BaseModel, ValidationError

from chalicelib import validators
from chalicelib.validators import (
    bank_for_iban,
    check_postal_code,
    mask_iban,
    normalise_bic,
    normalise_country,
    normalise_email,
    normalise_iban,
    normalise_phone,
    normalise_vat_id,
)

GERMAN = re.compile(r"[A-ZÄÖÜ].*[.)]$")


def refused(function, value, **kwargs):
    """The message of the ValueError `function` raises for `value`; it reads like a German sentence."""
    with pytest.raises(ValueError) as info:  # noqa: PT011 - every message is checked below
        function(value, **kwargs)
    assert type(info.value) is ValueError, "a library exception would show its English text"
    message = str(info.value)
    assert GERMAN.fullmatch(message), message
    assert " du " not in f" {message.lower()} ", message
    return message


# --- E-mail


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Kunde@Example.COM", "kunde@example.com"),
        ("max.mustermann+shop@beispiel.de", "max.mustermann+shop@beispiel.de"),
        ("info@bücher.example", "info@bücher.example"),
    ],
)
def test_email_is_lower_cased(value, expected):
    assert normalise_email(value) == expected


@pytest.mark.parametrize(
    "value", ["", "kunde", "kunde@", "@example.com", "kunde@@example.com", "a b@example.com"]
)
def test_invalid_email_is_refused(value):
    assert refused(normalise_email, value) == "Bitte geben Sie eine gültige E-Mail-Adresse ein."


def test_email_deliverability_is_not_checked():
    # A domain without mail servers is accepted: no DNS look-up in a request.
    assert normalise_email("kunde@nicht-vorhanden.invalid-tld-example.de") == (
        "kunde@nicht-vorhanden.invalid-tld-example.de"
    )


# --- IBAN


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("DE89370400440532013000", "DE89370400440532013000"),
        ("de89 3704 0044 0532 0130 00", "DE89370400440532013000"),
        (" DE89\t3704 0044 0532 0130 00 ", "DE89370400440532013000"),
        ("AT61 1904 3002 3457 3201", "AT611904300234573201"),
        ("CH93 0076 2011 6238 5295 7", "CH9300762011623852957"),
        ("FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606"),
        ("GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"),
        ("NO93 8601 1117 947", "NO9386011117947"),
    ],
)
def test_sepa_iban_is_normalised(value, expected):
    assert normalise_iban(value) == expected


def test_wrong_length_names_the_country_and_both_lengths():
    message = refused(normalise_iban, "DE89 3704 0044 0532 0130 0")
    assert message == "IBANs mit Ländercode DE haben 22 Stellen, Ihre Eingabe hat 21."
    assert "20 Stellen" in refused(normalise_iban, "AT61190430023457320")


@pytest.mark.parametrize(
    "value", ["DE89370400440532013001", "DE88370400440532013000", "DE98370400440532013000"]
)
def test_wrong_check_digits_are_named(value):
    assert refused(normalise_iban, value) == (
        "Die Prüfziffern der IBAN stimmen nicht. Bitte prüfen Sie Ihre Eingabe auf Tippfehler."
    )


@pytest.mark.parametrize(
    "value",
    [
        "TR33 0006 1005 1978 6457 8413 26",  # Turkey: valid IBAN, not SEPA
        "BR18 0036 0305 0000 1000 9795 493C 1",  # Brazil
        "LC55 HEMM 0001 0001 0012 0012 0002 3015",  # Saint Lucia
    ],
)
def test_valid_iban_outside_sepa_is_refused(value):
    message = refused(normalise_iban, value)
    assert "außerhalb des SEPA-Raums" in message
    assert f"({value[:2]})" in message


def test_unknown_country_code_is_named():
    assert refused(normalise_iban, "XX89370400440532013000") == (
        "Die IBAN beginnt nicht mit einem gültigen Ländercode (z. B. DE)."
    )


@pytest.mark.parametrize(
    "value",
    [
        "",
        "DE",
        "DE89",
        "1234567890",
        "DE89-3704-0044-0532-0130-00",
        "DE89370400440532013000!",
        "DE8937040044053201300A",
    ],
)
def test_malformed_iban_is_refused(value):
    assert refused(normalise_iban, value) == validators.IBAN_INVALID


def test_iban_with_letters_where_the_country_wants_digits_is_refused():
    # Right length and check digits (05) are not enough: the German BBAN is digits only.
    assert refused(normalise_iban, "DE05 3704 0044 0532 0130 0A") == validators.IBAN_INVALID


def test_mask_shows_country_check_digits_and_last_four_grouped_as_printed():
    assert mask_iban("DE89370400440532013000") == "DE89 **** **** **** **30 00"
    assert mask_iban("de89 3704 0044 0532 0130 00") == "DE89 **** **** **** **30 00"
    assert mask_iban("NO9386011117947") == "NO93 **** ***7 947"


@pytest.mark.parametrize(
    "iban",
    [
        "DE89370400440532013000",
        "AT611904300234573201",
        "NO9386011117947",
        "MT84MALT011000012345MTLCAST001S",
        "FR1420041010050500013M02606",
        "DE89",
        "DE8937",
        "",
    ],
)
def test_mask_never_reveals_more_than_country_check_digits_and_last_four(iban):
    masked = mask_iban(iban)
    visible = [(index, char) for index, char in enumerate(masked.replace(" ", "")) if char != "*"]
    compact = iban.upper()
    allowed = set(range(4)) | set(range(len(compact) - 4, len(compact))) if len(compact) >= 12 else {0, 1}
    assert {index for index, _ in visible} <= allowed
    assert len(masked.replace(" ", "")) == len(compact)
    assert all(len(group) == 4 for group in masked.split(" ")[:-1])


def test_bank_for_a_known_german_iban():
    assert bank_for_iban("DE89370400440532013000") == ("COBADEFFXXX", "Commerzbank")
    assert bank_for_iban("de89 3704 0044 0532 0130 00") == ("COBADEFFXXX", "Commerzbank")


def test_bank_unknown_or_iban_invalid_gives_none():
    assert bank_for_iban("DE89370400440532013001") == (None, None)
    assert bank_for_iban("kein IBAN") == (None, None)
    assert bank_for_iban("GB82WEST12345698765432") == (None, None)  # example bank code, not registered


# --- BIC


@pytest.mark.parametrize(
    ("value", "expected"),
    [("COBADEFFXXX", "COBADEFFXXX"), ("cobadeff", "COBADEFF"), ("GENO DE M1 GLS", "GENODEM1GLS")],
)
def test_bic_is_normalised(value, expected):
    assert normalise_bic(value) == expected


def test_bic_of_wrong_length_names_it():
    assert refused(normalise_bic, "COBADEFF1") == "Ein BIC hat 8 oder 11 Zeichen, Ihre Eingabe hat 9."
    assert "Ihre Eingabe hat 0" in refused(normalise_bic, "")


def test_bic_with_unknown_country_is_refused():
    assert (
        refused(normalise_bic, "COBAXXFF")
        == "Der BIC enthält an 5. und 6. Stelle keinen gültigen Ländercode."
    )


@pytest.mark.parametrize("value", ["COBA-EFF", "COBADEF!XXX", "C0BA1EFFXXX"])
def test_malformed_bic_is_refused(value):
    assert refused(normalise_bic, value) == "Bitte geben Sie einen gültigen BIC ein, z. B. COBADEFFXXX."


# --- Phone


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("030 1234567", "+49301234567"),
        ("030/123 456-7", "+49301234567"),
        ("+49 (0)30 1234567", "+49301234567"),
        ("0049 30 1234567", "+49301234567"),
        ("0171 1234567", "+491711234567"),
        ("+41 44 668 18 00", "+41446681800"),
        ("+43 1 58858 0", "+431588580"),
    ],
)
def test_phone_is_e164(value, expected):
    assert normalise_phone(value) == expected


def test_phone_default_region_applies_without_country_code():
    assert normalise_phone("044 668 18 00", default_region="CH") == "+41446681800"
    assert normalise_phone("+49 30 1234567", default_region="CH") == "+49301234567"


@pytest.mark.parametrize("value", ["", "abc", "12", "110", "1234567"])
def test_invalid_phone_is_refused(value):
    assert refused(normalise_phone, value) == validators.PHONE_INVALID


@pytest.mark.parametrize("value", ["+49 3", "+44 20 7", "+41 44 668", "+1 202"])
def test_too_short_phone_is_named(value):
    assert refused(normalise_phone, value) == "Die Telefonnummer ist zu kurz. Bitte prüfen Sie Ihre Eingabe."


def test_too_long_phone_is_named():
    assert refused(normalise_phone, "+49 30 12345678901234567") == (
        "Die Telefonnummer ist zu lang. Bitte prüfen Sie Ihre Eingabe."
    )


def test_unknown_country_calling_code_is_named():
    assert "Ländervorwahl" in refused(normalise_phone, "+999 1234567")


def test_phone_extension_is_refused_rather_than_dropped():
    assert "Durchwahl" in refused(normalise_phone, "030 1234567 ext. 12")


# --- Postal codes


@pytest.mark.parametrize(
    ("country", "value", "expected"),
    [
        ("DE", "10115", "10115"),
        ("DE", " 01067 ", "01067"),
        ("de", "10 115", "10115"),
        ("AT", "1010", "1010"),
        ("CH", "8001", "8001"),
        ("LI", "9490", "9490"),
        ("LU", "1009", "1009"),
        ("BE", "1000", "1000"),
        ("DK", "0900", "0900"),
        ("NL", "1012ab", "1012 AB"),
        ("NL", "1012  AB", "1012 AB"),
        ("FR", "75001", "75001"),
        ("IT", "00184", "00184"),
        ("ES", "28001", "28001"),
        ("PL", "00-950", "00-950"),
        ("PL", "00950", "00-950"),
        ("CZ", "11000", "110 00"),
        ("SK", "811 01", "811 01"),
        ("GB", "sw1a1aa", "SW1A 1AA"),
        ("UK", "M1 1AE", "M1 1AE"),
        ("GB", "EC1A 1BB", "EC1A 1BB"),
        ("SE", "113 51", "113 51"),
        ("PT", "1000-001", "1000-001"),
        ("IE", "d02  x285", "D02 X285"),
    ],
)
def test_postal_code_is_normalised(country, value, expected):
    assert check_postal_code(value, country=country) == expected


@pytest.mark.parametrize(
    ("country", "value", "hint"),
    [
        ("DE", "1011", "5 Ziffern"),
        ("DE", "101155", "5 Ziffern"),
        ("DE", "00123", "5 Ziffern"),
        ("DE", "1O115", "5 Ziffern"),
        ("AT", "10100", "4 Ziffern"),
        ("CH", "0800", "4 Ziffern"),
        ("BE", "123", "4 Ziffern"),
        ("DK", "12345", "4 Ziffern"),
        ("NL", "1012", "1012 AB"),
        ("NL", "1012 SS", "1012 AB"),
        ("FR", "7500", "5 Ziffern"),
        ("IT", "AB184", "5 Ziffern"),
        ("ES", "99001", "5 Ziffern"),
        ("PL", "0-950", "00-950"),
        ("CZ", "1100", "110 00"),
        ("GB", "12345", "SW1A 1AA"),
    ],
)
def test_wrong_postal_code_names_the_country_format(country, value, hint):
    message = refused(check_postal_code, value, country=country)
    assert message.startswith("Bitte geben Sie eine gültige Postleitzahl ein (")
    assert hint in message


@pytest.mark.parametrize("value", ["", "   ", "12345678901", "12#45", "--"])
def test_other_countries_take_short_codes_of_letters_digits_spaces_and_dashes(value):
    assert "bis zu 10" in refused(check_postal_code, value, country="SE")


# --- Country


@pytest.mark.parametrize(
    ("value", "expected"),
    [("DE", "DE"), ("de", "DE"), (" at ", "AT"), ("GB", "GB"), ("UK", "GB"), ("ch", "CH")],
)
def test_country_is_upper_case_iso_code(value, expected):
    assert normalise_country(value) == expected


@pytest.mark.parametrize("value", ["", "XX", "US", "TR", "Deutschland", "DEU", "EL"])
def test_country_outside_the_list_is_refused(value):
    assert refused(normalise_country, value) == "Bitte wählen Sie eines der angebotenen Länder."


def test_country_list_covers_eu_eea_switzerland_and_uk():
    eu = {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU"}
    eu |= {"IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"}
    assert len(eu) == 27
    assert set(validators.COUNTRIES) == {*eu, "IS", "LI", "NO", "CH", "GB"}


# --- VAT identification number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("DE136695976", "DE136695976"),
        ("de 136.695.976", "DE136695976"),
        ("DE 136-695-976", "DE136695976"),
        ("ATU12345678", "ATU12345678"),
        ("BE0123456789", "BE0123456789"),
        ("BE 123.456.789", "BE0123456789"),
        ("BG123456789", "BG123456789"),
        ("CY12345678X", "CY12345678X"),
        ("CZ12345678", "CZ12345678"),
        ("DK12345678", "DK12345678"),
        ("EE123456789", "EE123456789"),
        ("EL123456789", "EL123456789"),
        ("GR123456789", "EL123456789"),
        ("ESX1234567Z", "ESX1234567Z"),
        ("ES12345678Z", "ES12345678Z"),
        ("FI12345678", "FI12345678"),
        ("FRXX123456789", "FRXX123456789"),
        ("FR40303265045", "FR40303265045"),
        ("HR12345678901", "HR12345678901"),
        ("HU12345678", "HU12345678"),
        ("IE1234567WA", "IE1234567WA"),
        ("IE1A23456B", "IE1A23456B"),
        ("IT12345678901", "IT12345678901"),
        ("LT123456789", "LT123456789"),
        ("LT123456789012", "LT123456789012"),
        ("LU12345678", "LU12345678"),
        ("LV12345678901", "LV12345678901"),
        ("MT12345678", "MT12345678"),
        ("NL123456789B01", "NL123456789B01"),
        ("PL1234567890", "PL1234567890"),
        ("PT123456789", "PT123456789"),
        ("RO1234", "RO1234"),
        ("SE123456789001", "SE123456789001"),
        ("SI12345678", "SI12345678"),
        ("SK1234567890", "SK1234567890"),
        ("XI123456789", "XI123456789"),
    ],
)
def test_vat_id_is_normalised(value, expected):
    assert normalise_vat_id(value) == expected


def test_every_eu_member_state_and_northern_ireland_has_a_format():
    eu_vat_prefixes = {code for code in validators.COUNTRIES if code not in {"IS", "LI", "NO", "CH", "GB"}}
    eu_vat_prefixes = (eu_vat_prefixes - {"GR"}) | {"EL", "XI"}
    assert set(validators._VAT_FORMATS) == eu_vat_prefixes


@pytest.mark.parametrize(
    ("value", "prefix"),
    [
        ("DE12345678", "DE"),
        ("DE0123456789", "DE"),
        ("AT12345678", "AT"),
        ("ATU1234567", "AT"),
        ("BE2123456789", "BE"),
        ("ES123456789", "ES"),
        ("NL123456789A01", "NL"),
        ("SE123456789012", "SE"),
        ("IT1234567890", "IT"),
        ("FRIO123456789", "FR"),
    ],
)
def test_vat_id_in_the_wrong_format_names_the_format(value, prefix):
    message = refused(normalise_vat_id, value)
    assert message.startswith(f"Eine USt-IdNr. mit {prefix} besteht aus ")


@pytest.mark.parametrize("value", ["DE136695978", "DE136695977", "DE123456789"])
def test_german_vat_id_with_a_wrong_check_digit_is_refused(value):
    assert refused(normalise_vat_id, value) == (
        "Die Prüfziffer der USt-IdNr. stimmt nicht. Bitte prüfen Sie Ihre Eingabe auf Tippfehler."
    )


@pytest.mark.parametrize("value", ["", "123456789", "CHE123456789", "GB123456789", "US12-3456789"])
def test_vat_id_without_an_eu_prefix_is_refused(value):
    assert "Ländercode eines EU-Staats" in refused(normalise_vat_id, value)


def test_german_check_digit_is_iso_7064_mod_11_10():
    # Exactly one check digit fits any eight digits; for 13669597 it is 6.
    for prefix in ("13669597", "12345678", "81115654", "99999999"):
        fitting = [digit for digit in "0123456789" if validators._iso7064_mod11_10_valid(prefix + digit)]
        assert len(fitting) == 1, prefix
    assert [d for d in "0123456789" if validators._iso7064_mod11_10_valid("13669597" + d)] == ["6"]


# --- From pydantic


class Contact(BaseModel):
    email: Annotated[str, AfterValidator(normalise_email)]
    phone: Annotated[str, AfterValidator(normalise_phone)]
    iban: Annotated[str, AfterValidator(normalise_iban)]


def test_validators_work_as_pydantic_after_validators():
    contact = Contact(email="Kunde@Example.com", phone="030 1234567", iban="de89 3704 0044 0532 0130 00")
    assert (contact.email, contact.phone, contact.iban) == (
        "kunde@example.com",
        "+49301234567",
        "DE89370400440532013000",
    )
    with pytest.raises(ValidationError) as info:
        Contact(email="kunde", phone="12", iban="TR330006100519786457841326")
    messages = {error["loc"][0]: str(error["ctx"]["error"]) for error in info.value.errors()}
    assert messages["email"] == "Bitte geben Sie eine gültige E-Mail-Adresse ein."
    assert messages["phone"] == validators.PHONE_INVALID
    assert "SEPA" in messages["iban"]

"""Field validators shared by the request models of all domains.

Each function takes the raw value and returns it normalised, or raises a plain `ValueError` whose
message is German (formal "Sie") and short enough to stand under the field: the API shows it as is.
Use them from pydantic with `AfterValidator(validators.normalise_iban)`; a keyword parameter such as
`check_postal_code(..., country=...)` needs a model validator that sees both fields.

email-validator, schwifty and phonenumbers are imported inside the functions: the API's cold start
does not pay for them (tests/portal/test_cold_start.py), only the first request that validates such a
field. `mask_iban`, the country, postal code and VAT checks need no third-party library.
"""

import re
from typing import Final

_WHITESPACE = re.compile(r"\s+")

# --- Countries ----------------------------------------------------------------------------------------

# The countries we sell to: EU member states, the other EEA states, Switzerland and the United Kingdom.
COUNTRIES: Final[dict[str, str]] = {
    "AT": "Österreich",
    "BE": "Belgien",
    "BG": "Bulgarien",
    "CH": "Schweiz",
    "CY": "Zypern",
    "CZ": "Tschechien",
    "DE": "Deutschland",
    "DK": "Dänemark",
    "EE": "Estland",
    "ES": "Spanien",
    "FI": "Finnland",
    "FR": "Frankreich",
    "GB": "Vereinigtes Königreich",
    "GR": "Griechenland",
    "HR": "Kroatien",
    "HU": "Ungarn",
    "IE": "Irland",
    "IS": "Island",
    "IT": "Italien",
    "LI": "Liechtenstein",
    "LT": "Litauen",
    "LU": "Luxemburg",
    "LV": "Lettland",
    "MT": "Malta",
    "NL": "Niederlande",
    "NO": "Norwegen",
    "PL": "Polen",
    "PT": "Portugal",
    "RO": "Rumänien",
    "SE": "Schweden",
    "SI": "Slowenien",
    "SK": "Slowakei",
}

# Common non-ISO spellings of a country code: "UK" is what many people type for the United Kingdom.
_COUNTRY_ALIASES: Final[dict[str, str]] = {"UK": "GB"}


def normalise_country(value: str) -> str:
    """ISO 3166-1 alpha-2 code (upper-case) of a country we sell to."""
    code = value.strip().upper()
    code = _COUNTRY_ALIASES.get(code, code)
    if code not in COUNTRIES:
        raise ValueError("Bitte wählen Sie eines der angebotenen Länder.")
    return code


# --- E-mail -------------------------------------------------------------------------------------------


def normalise_email(value: str) -> str:
    """A syntactically valid e-mail address, lower-cased; ValueError with a German reason otherwise."""
    from email_validator import EmailNotValidError, validate_email  # lazy: pulls in dnspython

    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise ValueError("Bitte geben Sie eine gültige E-Mail-Adresse ein.") from None


# --- Bank data ----------------------------------------------------------------------------------------

IBAN_INVALID: Final = "Bitte geben Sie eine gültige IBAN ein."
_IBAN_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]+")


def normalise_iban(value: str) -> str:
    """The IBAN without spaces, upper-case; only accounts in the SEPA area are accepted.

    Checked: the country code, SEPA membership, the length for the country, the structure of the
    national part and the IBAN check digits (not the bank's own account check digits).
    """
    from schwifty import IBAN  # lazy: loads the registry and pycountry
    from schwifty.exceptions import InvalidChecksumDigits, SchwiftyException

    compact = _WHITESPACE.sub("", value).upper()
    if not _IBAN_SHAPE.fullmatch(compact):
        raise ValueError(IBAN_INVALID)
    country = compact[:2]
    try:
        iban = IBAN(compact, allow_invalid=True)
        spec = iban.spec
    except SchwiftyException:
        raise ValueError("Die IBAN beginnt nicht mit einem gültigen Ländercode (z. B. DE).") from None
    if not spec.in_sepa_zone or spec.aspirational:
        raise ValueError(
            f"Die IBAN gehört zu einem Land außerhalb des SEPA-Raums ({country}). "
            "Bitte geben Sie ein Konto im SEPA-Raum an."
        )
    if len(compact) != spec.iban_length:
        raise ValueError(
            f"IBANs mit Ländercode {country} haben {spec.iban_length} Stellen, Ihre Eingabe hat {len(compact)}."
        )
    try:
        iban.validate()
    except InvalidChecksumDigits:
        raise ValueError(
            "Die Prüfziffern der IBAN stimmen nicht. Bitte prüfen Sie Ihre Eingabe auf Tippfehler."
        ) from None
    except SchwiftyException:
        raise ValueError(IBAN_INVALID) from None
    return str(iban)


def mask_iban(iban: str) -> str:
    """The IBAN as printed, showing only country code, check digits and the last four characters.

    "DE89370400440532013000" → "DE89 **** **** **** **30 00". A value too short to be an IBAN
    shows no more than its first two characters.
    """
    compact = _WHITESPACE.sub("", iban).upper()
    if len(compact) < 12:
        masked = compact[:2] + "*" * (len(compact) - 2)
    else:
        masked = compact[:4] + "*" * (len(compact) - 8) + compact[-4:]
    return " ".join(masked[i : i + 4] for i in range(0, len(masked), 4))


def bank_for_iban(iban: str) -> tuple[str | None, str | None]:
    """(BIC, bank name) of a valid IBAN's bank where schwifty's registry knows it, else None each."""
    from schwifty import IBAN  # lazy: loads the registry and pycountry
    from schwifty.exceptions import SchwiftyException

    try:
        parsed = IBAN(iban)
        bic = parsed.bic
        name = parsed.bank_name
    except SchwiftyException:
        return None, None
    return (str(bic) if bic else None), (name or None)


def normalise_bic(value: str) -> str:
    """The BIC (8 or 11 characters) without spaces, upper-case."""
    from schwifty import BIC  # lazy: loads pycountry
    from schwifty.exceptions import InvalidCountryCode, InvalidLength, SchwiftyException

    compact = _WHITESPACE.sub("", value).upper()
    try:
        return str(BIC(compact))
    except InvalidLength:
        raise ValueError(f"Ein BIC hat 8 oder 11 Zeichen, Ihre Eingabe hat {len(compact)}.") from None
    except InvalidCountryCode:
        raise ValueError("Der BIC enthält an 5. und 6. Stelle keinen gültigen Ländercode.") from None
    except SchwiftyException:
        raise ValueError("Bitte geben Sie einen gültigen BIC ein, z. B. COBADEFFXXX.") from None


# --- Phone --------------------------------------------------------------------------------------------

PHONE_INVALID: Final = "Bitte geben Sie eine gültige Telefonnummer ein."


def normalise_phone(value: str, *, default_region: str = "DE") -> str:
    """The number in E.164 ("+49301234567"); numbers without country code belong to `default_region`."""
    import phonenumbers  # lazy: metadata of every numbering plan

    try:
        number = phonenumbers.parse(value, default_region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(_phone_parse_message(exc.error_type)) from None
    if number.extension:
        raise ValueError("Bitte schreiben Sie eine Durchwahl direkt an die Nummer, ohne Zusatz wie „ext.“.")
    if not phonenumbers.is_valid_number(number):
        reason = phonenumbers.is_possible_number_with_reason(number)
        if reason == phonenumbers.ValidationResult.TOO_SHORT:
            raise ValueError("Die Telefonnummer ist zu kurz. Bitte prüfen Sie Ihre Eingabe.")
        if reason == phonenumbers.ValidationResult.TOO_LONG:
            raise ValueError("Die Telefonnummer ist zu lang. Bitte prüfen Sie Ihre Eingabe.")
        if reason == phonenumbers.ValidationResult.INVALID_COUNTRY_CODE:
            raise ValueError(_PHONE_COUNTRY_CODE)
        raise ValueError(PHONE_INVALID)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_PHONE_COUNTRY_CODE: Final = "Bitte prüfen Sie die Ländervorwahl (z. B. +49 für Deutschland)."


def _phone_parse_message(error_type: int) -> str:
    from phonenumbers import NumberParseException as Error

    if error_type == Error.INVALID_COUNTRY_CODE:
        return _PHONE_COUNTRY_CODE
    if error_type in (Error.TOO_SHORT_NSN, Error.TOO_SHORT_AFTER_IDD):
        return "Die Telefonnummer ist zu kurz. Bitte prüfen Sie Ihre Eingabe."
    if error_type == Error.TOO_LONG:
        return "Die Telefonnummer ist zu lang. Bitte prüfen Sie Ihre Eingabe."
    return PHONE_INVALID


# --- Postal codes -------------------------------------------------------------------------------------

# Country → (pattern on the value without spaces, format for the normalised value, hint for the message).
# The format receives the regex groups; "{0}" is the whole match.
_FOUR_DIGITS = (re.compile(r"[0-9]{4}"), "{0}")
_FIVE_DIGITS = (re.compile(r"[0-9]{5}"), "{0}")
_POSTAL_CODES: Final[dict[str, tuple[re.Pattern[str], str, str]]] = {
    "DE": (re.compile(r"(?!00)[0-9]{5}"), "{0}", "5 Ziffern, z. B. 10115"),
    "AT": (re.compile(r"[1-9][0-9]{3}"), "{0}", "4 Ziffern, z. B. 1010"),
    "CH": (re.compile(r"[1-9][0-9]{3}"), "{0}", "4 Ziffern, z. B. 8001"),
    "LI": (re.compile(r"94[89][0-9]"), "{0}", "4 Ziffern, z. B. 9490"),
    "LU": (*_FOUR_DIGITS, "4 Ziffern, z. B. 1009"),
    "BE": (re.compile(r"[1-9][0-9]{3}"), "{0}", "4 Ziffern, z. B. 1000"),
    "DK": (*_FOUR_DIGITS, "4 Ziffern, z. B. 1050"),
    "NL": (re.compile(r"([1-9][0-9]{3})((?!SA|SD|SS)[A-Z]{2})"), "{1} {2}", "z. B. 1012 AB"),
    "FR": (*_FIVE_DIGITS, "5 Ziffern, z. B. 75001"),
    "IT": (*_FIVE_DIGITS, "5 Ziffern, z. B. 00184"),
    "ES": (re.compile(r"(?:0[1-9]|[1-4][0-9]|5[0-2])[0-9]{3}"), "{0}", "5 Ziffern, z. B. 28001"),
    "PL": (re.compile(r"([0-9]{2})-?([0-9]{3})"), "{1}-{2}", "z. B. 00-950"),
    "CZ": (re.compile(r"([0-9]{3})([0-9]{2})"), "{1} {2}", "5 Ziffern, z. B. 110 00"),
    "SK": (re.compile(r"([0-9]{3})([0-9]{2})"), "{1} {2}", "5 Ziffern, z. B. 811 01"),
    "GB": (
        re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?|GIR)([0-9][A-Z]{2})"),
        "{1} {2}",
        "z. B. SW1A 1AA",
    ),
}
_POSTAL_CODE_OTHER = re.compile(r"(?=.*[A-Z0-9])[A-Z0-9 -]{1,10}")


def check_postal_code(value: str, *, country: str) -> str:
    """The postal code in the usual spelling of `country` (ISO code; "UK" is taken for GB).

    Countries without a known format accept 1 to 10 letters, digits, spaces or dashes.
    """
    code = country.strip().upper()
    code = _COUNTRY_ALIASES.get(code, code)
    if code in _POSTAL_CODES:
        pattern, template, hint = _POSTAL_CODES[code]
        match = pattern.fullmatch(_WHITESPACE.sub("", value).upper())
        if match is None:
            raise ValueError(f"Bitte geben Sie eine gültige Postleitzahl ein ({hint}).")
        return template.format(match.group(0), *match.groups())
    spaced = _WHITESPACE.sub(" ", value.strip()).upper()
    if not _POSTAL_CODE_OTHER.fullmatch(spaced):
        raise ValueError(
            "Bitte geben Sie eine gültige Postleitzahl ein "
            "(bis zu 10 Buchstaben, Ziffern, Leerzeichen oder Bindestriche)."
        )
    return spaced


# --- VAT identification numbers (USt-IdNr.) -----------------------------------------------------------

# Prefix → (pattern of the rest, format for the message). Greece uses "EL"; "XI" is Northern Ireland.
_VAT_FORMATS: Final[dict[str, tuple[re.Pattern[str], str]]] = {
    "AT": (re.compile(r"U[0-9]{8}"), "ATU und 8 Ziffern"),
    "BE": (re.compile(r"[01][0-9]{9}"), "BE und 10 Ziffern, beginnend mit 0 oder 1"),
    "BG": (re.compile(r"[0-9]{9,10}"), "BG und 9 oder 10 Ziffern"),
    "CY": (re.compile(r"[0-9]{8}[A-Z]"), "CY, 8 Ziffern und ein Buchstabe"),
    "CZ": (re.compile(r"[0-9]{8,10}"), "CZ und 8 bis 10 Ziffern"),
    "DE": (re.compile(r"[1-9][0-9]{8}"), "DE und 9 Ziffern"),
    "DK": (re.compile(r"[0-9]{8}"), "DK und 8 Ziffern"),
    "EE": (re.compile(r"[0-9]{9}"), "EE und 9 Ziffern"),
    "EL": (re.compile(r"[0-9]{9}"), "EL und 9 Ziffern"),
    "ES": (
        re.compile(r"(?![0-9]{9})[0-9A-Z][0-9]{7}[0-9A-Z]"),
        "ES und 9 Zeichen, davon mindestens ein Buchstabe am Anfang oder Ende",
    ),
    "FI": (re.compile(r"[0-9]{8}"), "FI und 8 Ziffern"),
    "FR": (re.compile(r"[0-9A-HJ-NP-Z]{2}[0-9]{9}"), "FR, 2 Prüfzeichen und 9 Ziffern"),
    "HR": (re.compile(r"[0-9]{11}"), "HR und 11 Ziffern"),
    "HU": (re.compile(r"[0-9]{8}"), "HU und 8 Ziffern"),
    "IE": (
        re.compile(r"[0-9]{7}[A-W][A-IW]?|[0-9][A-Z+*][0-9]{5}[A-W]"),
        "IE, 7 Ziffern und 1 oder 2 Buchstaben",
    ),
    "IT": (re.compile(r"[0-9]{11}"), "IT und 11 Ziffern"),
    "LT": (re.compile(r"[0-9]{9}|[0-9]{12}"), "LT und 9 oder 12 Ziffern"),
    "LU": (re.compile(r"[0-9]{8}"), "LU und 8 Ziffern"),
    "LV": (re.compile(r"[0-9]{11}"), "LV und 11 Ziffern"),
    "MT": (re.compile(r"[0-9]{8}"), "MT und 8 Ziffern"),
    "NL": (re.compile(r"[0-9]{9}B[0-9]{2}"), "NL, 9 Ziffern, B und 2 Ziffern"),
    "PL": (re.compile(r"[0-9]{10}"), "PL und 10 Ziffern"),
    "PT": (re.compile(r"[0-9]{9}"), "PT und 9 Ziffern"),
    "RO": (re.compile(r"[1-9][0-9]{1,9}"), "RO und 2 bis 10 Ziffern"),
    "SE": (re.compile(r"[0-9]{10}01"), "SE und 12 Ziffern, endend auf 01"),
    "SI": (re.compile(r"[1-9][0-9]{7}"), "SI und 8 Ziffern"),
    "SK": (re.compile(r"[1-9][0-9]{9}"), "SK und 10 Ziffern"),
    "XI": (re.compile(r"[0-9]{9}|[0-9]{12}|GD[0-4][0-9]{2}|HA[5-9][0-9]{2}"), "XI und 9 oder 12 Ziffern"),
}
_VAT_SEPARATORS = re.compile(r"[\s.\-]+")


def normalise_vat_id(value: str) -> str:
    """The USt-IdNr. of an EU member state (or XI), upper-case, without spaces, dots or dashes.

    The structure is checked for every country, the check digit for Germany (ISO 7064 MOD 11,10).
    Whether the number is actually issued only the EU's VIES service can tell.
    """
    compact = _VAT_SEPARATORS.sub("", value).upper()
    if compact.startswith("GR"):  # the ISO code; VAT numbers of Greece carry "EL"
        compact = "EL" + compact[2:]
    prefix, rest = compact[:2], compact[2:]
    if prefix == "BE" and re.fullmatch(r"[0-9]{9}", rest):  # the former nine-digit numbers gained a 0
        rest = "0" + rest
        compact = prefix + rest
    if prefix not in _VAT_FORMATS:
        raise ValueError(
            "Bitte geben Sie die USt-IdNr. mit dem Ländercode eines EU-Staats ein, z. B. DE123456789."
        )
    pattern, description = _VAT_FORMATS[prefix]
    if not pattern.fullmatch(rest):
        raise ValueError(f"Eine USt-IdNr. mit {prefix} besteht aus {description}.")
    if prefix == "DE" and not _iso7064_mod11_10_valid(rest):
        raise ValueError(
            "Die Prüfziffer der USt-IdNr. stimmt nicht. Bitte prüfen Sie Ihre Eingabe auf Tippfehler."
        )
    return compact


def _iso7064_mod11_10_valid(digits: str) -> bool:
    """Whether the last digit is the ISO 7064 MOD 11,10 check digit of the others."""
    product = 10
    for digit in digits[:-1]:
        total = (int(digit) + product) % 10 or 10
        product = (2 * total) % 11
    return (11 - product) % 10 == int(digits[-1])

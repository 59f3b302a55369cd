"""Password hashing (argon2id, OWASP parameters in production) and the password rules."""

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from chalicelib import errors
from chalicelib.settings import settings

MIN_LENGTH = 10
MAX_LENGTH = 128

if TYPE_CHECKING:
    from argon2 import PasswordHasher


# argon2id cost per profile (KC_PASSWORD_HASH_PROFILE) as (time cost, memory in KiB, parallelism), with
# a 32-byte hash and a 16-byte salt: "owasp" is OWASP's minimum (m=19 MiB, t=2, p=1) and what production
# uses; "test" is argon2's cheapest, for the test suite only. Each hash names its own parameters, so a
# hash of either profile verifies under both; needs_rehash() compares with the configured profile.
PROFILES: dict[str, tuple[int, int, int]] = {"owasp": (2, 19 * 1024, 1), "test": (1, 8, 1)}


def hasher() -> "PasswordHasher":
    """argon2id with the configured profile's parameters; imported on first use, not at cold start."""
    return profile_hasher(settings.password_hash_profile)


@cache
def profile_hasher(profile: str) -> "PasswordHasher":
    from argon2 import PasswordHasher

    time_cost, memory_cost, parallelism = PROFILES[profile]
    return PasswordHasher(
        time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism, hash_len=32, salt_len=16
    )


def hash_password(password: str) -> str:
    return hasher().hash(password)


@cache
def _dummy_hash() -> str:
    return hasher().hash("timing-equaliser-for-unknown-accounts")


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash (unknown account) spend the same time and fail."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return hasher().verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return hasher().check_needs_rehash(password_hash)


@cache
def _common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_SEQUENCES = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertzuiopasdfghjklyxcvbnm", "qwertyuiop")


def check_password_policy(password: str, *, personal: tuple[str, ...] = (), field: str = "password") -> None:
    """Raise a ValidationError naming `field` with the reason when the password is not acceptable."""
    reason = password_problem(password, personal=personal)
    if reason is not None:
        raise errors.ValidationError({field: reason}, message=reason)


def password_problem(password: str, *, personal: tuple[str, ...] = ()) -> str | None:
    """The German reason why a password is refused, or None when it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Das Passwort muss mindestens {MIN_LENGTH} Zeichen lang sein."
    if len(password) > MAX_LENGTH:
        return f"Das Passwort darf höchstens {MAX_LENGTH} Zeichen lang sein."
    lowered = password.lower()
    if len(set(lowered)) <= 2:
        return "Das Passwort besteht fast nur aus einem Zeichen. Bitte wählen Sie ein abwechslungsreicheres."
    if any(lowered in sequence for sequence in _SEQUENCES):
        return "Das Passwort ist eine einfache Zeichenfolge. Bitte wählen Sie ein anderes."
    stem = re.sub(r"[\W\d_]+$", "", lowered).translate(_LEET)
    common = _common_passwords()
    if lowered in common or lowered.translate(_LEET) in common or (len(stem) >= 4 and stem in common):
        return (
            "Dieses Passwort ist zu verbreitet und steht auf Listen, die Angreifer zuerst ausprobieren. "
            "Bitte wählen Sie ein anderes."
        )
    for item in personal:
        if len(item) >= 4 and item.lower() in lowered:
            return (
                "Das Passwort darf Ihre E-Mail-Adresse, Ihren Namen oder Ihre Kundennummer nicht enthalten."
            )
    return None

"""The product catalogue (`catalogue.json` beside this module): licences, options, monthly net prices.

A data file, not code: a price change is an edit of that file. It is read on first use and kept for
the process. A contract stores the prices it was sold at, so a changed price reaches new bookings and
new contracts only (future periods), never a running one.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LICENCES = ("single", "multi")
OPTIONS = ("multishop", "premium_service")


@dataclass(frozen=True)
class Product:
    """A licence or an option: catalogue id, German name, monthly net price in cents."""

    id: str
    name: str
    monthly_net_cents: int
    requires: str | None = None  # an option's required licence


@dataclass(frozen=True)
class Catalogue:
    vat_rate_percent: int
    licences: dict[str, Product]
    options: dict[str, Product]

    def product(self, product_id: str) -> Product:
        """A licence or option by id (KeyError for an unknown one)."""
        return self.licences.get(product_id) or self.options[product_id]


@cache
def catalogue() -> Catalogue:
    """The catalogue, read once per process."""
    data = json.loads((Path(__file__).parent / "catalogue.json").read_text(encoding="utf-8"))
    return Catalogue(
        vat_rate_percent=int(data["vat_rate_percent"]),
        licences={
            key: Product(id=key, name=item["name"], monthly_net_cents=int(item["monthly_net_cents"]))
            for key, item in data["licences"].items()
        },
        options={
            key: Product(
                id=key,
                name=item["name"],
                monthly_net_cents=int(item["monthly_net_cents"]),
                requires=item.get("requires"),
            )
            for key, item in data["options"].items()
        },
    )


def gross_cents(net_cents: int) -> int:
    """Net plus VAT, rounded half up to whole cents."""
    rate = catalogue().vat_rate_percent
    return (net_cents * (100 + rate) + 50) // 100


def euro(cents: int) -> str:
    """German euro amount: 2990 → "29,90 €", 123456 → "1.234,56 €"."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole:,}".replace(",", ".") + f",{rest:02d} €"

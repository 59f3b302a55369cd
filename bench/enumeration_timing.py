"""Do the anonymous auth endpoints take the same time whether an account exists or not?

Runs the API in-process against moto with the production response floor (400 ms) and prints, per
endpoint, the median and spread of answer times for an existing and an unknown account.
Usage: .venv/bin/python bench/enumeration_timing.py [rounds]
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.update(
    AWS_DEFAULT_REGION="eu-central-1",
    AWS_ACCESS_KEY_ID="bench",
    AWS_SECRET_ACCESS_KEY="bench",
    KC_TABLE_PREFIX="kc-bench-",
    KC_SITE_ORIGIN="https://kundencenter.unicorn2.de",
    KC_MAIL_FROM="Kundencenter <kundencenter@example.com>",
    KC_INVOICE_BUCKET="kc-bench-invoices",
    KC_TICKET_BUCKET="kc-bench-tickets",
    KC_SUPPORT_ADDRESS="support@example.com",
    KC_AUTH_RESPONSE_FLOOR_MS="400",
    KC_LOCAL_DEV="0",
    KC_ORIGIN_SECRET_ID="",
    KC_DOCUMENTS_FUNCTION="",
    KC_PASSWORD_HASH_PROFILE="owasp",
)
os.environ.pop("AWS_ENDPOINT_URL", None)
sys.path[:0] = [str(ROOT / "functions" / "portal"), str(ROOT)]


def main() -> None:
    import boto3
    from chalice.test import Client
    from moto import mock_aws

    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with mock_aws():
        from app import app
        from chalicelib.models import ALL_MODELS
        from tests.factories import make_customer

        for model in ALL_MODELS:
            model.create_table(wait=True, billing_mode="PAY_PER_REQUEST")
        boto3.client("ses").verify_domain_identity(Domain="example.com")
        make_customer()
        cases = {
            "POST /api/auth/login (falsches Passwort)": (
                "/api/auth/login",
                lambda known, i: {
                    "login": "demo@example.com" if known else f"x{i}@example.com",
                    "password": "falsch-falsch",
                },
            ),
            "POST /api/auth/password/forgot": (
                "/api/auth/password/forgot",
                lambda known, i: {"login": "100001" if known else f"99{i:04d}"},
            ),
            "POST /api/auth/login/forgot": (
                "/api/auth/login/forgot",
                lambda known, i: {"email": "demo@example.com" if known else f"x{i}@example.com"},
            ),
        }
        import json

        from chalicelib.models import AttemptCounter

        print(f"{'endpoint':45} {'account':8} {'median ms':>9} {'min':>6} {'max':>6}")
        with Client(app, project_dir=str(ROOT / "functions" / "portal")) as client:
            for label, (path, body) in cases.items():
                for known in (True, False):
                    times = []
                    for i in range(rounds):
                        for counter in AttemptCounter.scan():  # keep the throttle out of the measurement
                            counter.delete()
                        started = time.perf_counter()
                        response = client.http.post(
                            path,
                            headers={
                                "Content-Type": "application/json",
                                "Origin": "https://kundencenter.unicorn2.de",
                            },
                            body=json.dumps(body(known, i)).encode(),
                        )
                        times.append((time.perf_counter() - started) * 1000)
                        assert response.status_code in (202, 401), response.body
                    print(
                        f"{label:45} {'exists' if known else 'unknown':8} {statistics.median(times):9.1f} "
                        f"{min(times):6.1f} {max(times):6.1f}"
                    )


if __name__ == "__main__":
    main()

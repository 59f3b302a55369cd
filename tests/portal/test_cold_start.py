"""A cold start of the API does not pay for heavy libraries that only some requests need."""

import json
import os
import subprocess
import sys
from pathlib import Path

PORTAL = Path(__file__).resolve().parents[2] / "functions" / "portal"
LAZY = [
    "pydantic",
    "argon2",
    "email_validator",
    "dns",
    "aws_lambda_powertools",
    "holidays",
    "fpdf",
    "fontTools",
    "facturx",
    "lxml",
    "pypdf",
    "boto3",  # mail, S3 and the origin secret import it on first use (boto3 + s3transfer ~15 ms)
    "aws_xray_sdk",  # the tracer starts on the first request on Lambda (chalicelib/tracing.py)
]


def test_importing_the_app_leaves_heavy_libraries_unloaded():
    probe = f"import sys, json, app; print(json.dumps([m for m in {LAZY!r} if m in sys.modules]))"
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=PORTAL, env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []


def test_importing_the_app_and_the_validators_leaves_their_libraries_unloaded():
    # chalicelib.validators imports schwifty (with pycountry) and phonenumbers only inside its functions.
    libraries = ["schwifty", "pycountry", "phonenumbers", "email_validator"]
    probe = (
        "import sys, json, app, chalicelib.validators; "
        f"print(json.dumps([m for m in {libraries!r} if m in sys.modules]))"
    )
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=PORTAL, env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []

"""infra/deploy.sh against a fake `aws` (tests/infra/fake_aws.py) that records its calls.

What an operator would notice: the first deploy creates everything and turns table protection on once the
create succeeded; a deploy without changes still syncs and invalidates the site; a failed first create is
deleted and created again on the next run; a rotation puts a new secret version (never on a command line)
and makes CloudFront send it.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
DEPLOY = ROOT / "infra" / "deploy.sh"
ENV = {
    "STAGE": "prod",
    "DOMAIN_NAME": "kundencenter.example.de",
    "CERTIFICATE_ARN": "arn:aws:acm:us-east-1:123456789012:certificate/abc",
    "MAIL_DOMAIN": "example.de",
    "ALARM_EMAIL": "betrieb@example.de",
}


class FakeAws:
    def __init__(self, tmp_path: Path) -> None:
        self.bin = tmp_path / "bin"
        self.bin.mkdir()
        self.state_file = tmp_path / "state.json"
        self.log_file = tmp_path / "calls.jsonl"
        self.dist = tmp_path / "dist"
        (self.dist / "site").mkdir(parents=True)
        (self.dist / "site" / "index.html").write_text("<h1>Hilfe</h1>")
        (self.dist / "template.yaml").write_text("Resources: {}\n")
        (self.dist / "deployment.zip").write_bytes(b"PK")
        (self.dist / "documents.zip").write_bytes(b"PK")
        aws = self.bin / "aws"
        aws.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{ROOT / "tests/infra/fake_aws.py"}" "$@"\n')
        aws.chmod(0o755)
        self.state_file.write_text(json.dumps({}))

    @property
    def state(self) -> dict:
        return json.loads(self.state_file.read_text())

    def set(self, **values: object) -> None:
        self.state_file.write_text(json.dumps({**self.state, **values}))

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        self.log_file.write_text("")
        env = {
            "PATH": f"{self.bin}:/usr/bin:/bin",
            "HOME": str(self.bin.parent),
            "FAKE_AWS_STATE": str(self.state_file),
            "FAKE_AWS_LOG": str(self.log_file),
            "DIST": str(self.dist),
            **ENV,
        }
        return subprocess.run(
            ["bash", str(DEPLOY), *args], env=env, capture_output=True, text=True, timeout=60
        )

    def calls(self) -> list[list[str]]:
        return [json.loads(line)["args"] for line in self.log_file.read_text().splitlines()]

    def records(self) -> list[dict]:
        return [json.loads(line) for line in self.log_file.read_text().splitlines()]


def stack_deploys(calls: list[list[str]], stack: str = "kundencenter-prod") -> list[dict[str, str]]:
    """The parameter overrides of every `cloudformation deploy` of the stack, in order."""
    found = []
    for call in calls:
        if call[:2] == ["cloudformation", "deploy"] and call[call.index("--stack-name") + 1] == stack:
            assert "--no-fail-on-empty-changeset" in call
            overrides = call[call.index("--parameter-overrides") + 1 :]
            found.append(dict(item.split("=", 1) for item in overrides))
    return found


def site_steps(calls: list[list[str]]) -> list[str]:
    steps = []
    for call in calls:
        if call[:2] == ["s3", "sync"]:
            steps.append(f"sync --delete={'--delete' in call} {call[call.index('--cache-control') + 1]}")
        if call[:2] == ["cloudfront", "create-invalidation"]:
            steps.append(
                f"invalidate {call[call.index('--distribution-id') + 1]} {call[call.index('--paths') + 1]}"
            )
    return steps


EXPECTED_SITE = [
    "sync --delete=False public, max-age=31536000, immutable",
    "sync --delete=True public, max-age=300, must-revalidate",
    "invalidate E1234567890 /*",
]


@pytest.fixture
def aws(tmp_path: Path) -> FakeAws:
    return FakeAws(tmp_path)


def test_first_deploy_creates_everything_then_protects_the_tables(aws: FakeAws) -> None:
    result = aws.run()
    assert result.returncode == 0, result.stderr
    calls = aws.calls()
    waf = stack_deploys(calls, "kundencenter-prod-waf")
    assert waf == [{"Prefix": "kc-prod-"}]
    waf_call = next(c for c in calls if c[:2] == ["cloudformation", "deploy"])
    assert waf_call[waf_call.index("--region") + 1] == "us-east-1"
    assert next(c for c in calls if c[1] == "create-bucket")[:2] == ["s3api", "create-bucket"]
    deploys = stack_deploys(calls)
    assert [(d["TableDeletionProtection"], d["OriginSecretVersion"]) for d in deploys] == [
        ("false", ""),
        ("true", "version-1"),
    ]
    assert deploys[1]["WebAclArn"] == "arn:aws:wafv2:us-east-1:123456789012:global/webacl/kc/1"
    assert deploys[1]["Prefix"] == "kc-prod-"
    assert deploys[1]["DomainName"] == "kundencenter.example.de"
    assert site_steps(calls) == EXPECTED_SITE
    assert "CNAME a._domainkey.example.de a.dkim.amazonses.com" in result.stdout
    assert "CNAME kundencenter.example.de d111.cloudfront.net" in result.stdout


def test_redeploy_without_changes_still_publishes_the_site(aws: FakeAws) -> None:
    assert aws.run().returncode == 0
    aws.set(unchanged=True)
    result = aws.run()
    assert result.returncode == 0, result.stderr
    calls = aws.calls()
    assert [d["TableDeletionProtection"] for d in stack_deploys(calls)] == ["true"]
    assert stack_deploys(calls)[0]["OriginSecretVersion"] == "version-1"
    assert not any(c[1] == "create-bucket" for c in calls)
    assert site_steps(calls) == EXPECTED_SITE


def test_a_failed_first_create_is_deleted_and_created_again(aws: FakeAws) -> None:
    aws.set(fail_create=True)
    failed = aws.run()
    assert failed.returncode != 0
    assert aws.state["stacks"]["kundencenter-prod"]["status"] == "ROLLBACK_COMPLETE"
    assert site_steps(aws.calls()) == []
    result = aws.run()
    assert result.returncode == 0, result.stderr
    calls = aws.calls()
    delete = calls.index(
        ["cloudformation", "delete-stack", "--stack-name", "kundencenter-prod", "--region", "eu-central-1"]
    )
    first_deploy = next(
        i for i, c in enumerate(calls) if c[:2] == ["cloudformation", "deploy"] and "kundencenter-prod" in c
    )
    assert delete < first_deploy
    assert [d["TableDeletionProtection"] for d in stack_deploys(calls)] == ["false", "true"]
    assert aws.state["stacks"]["kundencenter-prod"]["status"] == "UPDATE_COMPLETE"
    assert site_steps(calls) == EXPECTED_SITE


def test_a_stack_in_the_middle_of_an_update_stops_the_deploy(aws: FakeAws) -> None:
    aws.set(stacks={"kundencenter-prod": {"status": "UPDATE_IN_PROGRESS", "parameters": {}}})
    result = aws.run()
    assert result.returncode != 0
    assert "UPDATE_IN_PROGRESS" in result.stderr
    assert stack_deploys(aws.calls()) == []


def test_rotation_puts_a_new_version_and_cloudfront_gets_it(aws: FakeAws) -> None:
    assert aws.run().returncode == 0
    result = aws.run("rotate-origin-secret")
    assert result.returncode == 0, result.stderr
    records = aws.records()
    put = next(r for r in records if r["args"][:2] == ["secretsmanager", "put-secret-value"])
    assert put["args"][put["args"].index("--secret-string") + 1].startswith("file://")
    assert put["secret_file_content"].strip() == "x" * 48
    assert not any("x" * 48 in arg for r in records for arg in r["args"])
    update = next(r["args"] for r in records if r["args"][:2] == ["cloudformation", "update-stack"])
    assert "--use-previous-template" in update
    assert "ParameterKey=OriginSecretVersion,ParameterValue=version-2" in update
    assert "ParameterKey=DomainName,UsePreviousValue=true" in update
    assert aws.state["stacks"]["kundencenter-prod"]["parameters"]["OriginSecretVersion"] == "version-2"
    assert not Path(put["args"][put["args"].index("--secret-string") + 1].removeprefix("file://")).exists()
    # the next deploy keeps CloudFront on the rotated version
    aws.set(unchanged=False)
    assert aws.run().returncode == 0
    assert stack_deploys(aws.calls())[-1]["OriginSecretVersion"] == "version-2"


@pytest.mark.parametrize("part", ["deployment.zip", "documents.zip"])
def test_deploy_needs_the_package(aws: FakeAws, part: str) -> None:
    (aws.dist / part).unlink()
    result = aws.run()
    assert result.returncode != 0
    assert "make package STAGE=prod" in result.stderr
    assert aws.calls() == []

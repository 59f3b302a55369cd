"""X-Ray: one subsegment per request with the declared route and nothing about the customer; off outside Lambda."""

import json

import pytest

from tests.factories import make_customer


class FakeSubsegment:
    def __init__(self, name: str) -> None:
        self.name = name
        self.annotations: dict[str, object] = {}
        self.closed_with: object = "open"

    def put_annotation(self, key: str, value: object) -> None:
        self.annotations[key] = value


class FakeProvider:
    """Powertools' provider as far as the guard uses it: `in_subsegment(name)` as a context manager."""

    def __init__(self, broken: bool = False) -> None:
        self.subsegments: list[FakeSubsegment] = []
        self.broken = broken

    def in_subsegment(self, name: str):
        provider = self

        class Context:
            def __enter__(self) -> FakeSubsegment:
                if provider.broken:
                    raise RuntimeError("SegmentNotFoundException (simulated)")
                subsegment = FakeSubsegment(name)
                provider.subsegments.append(subsegment)
                self.subsegment = subsegment
                return subsegment

            def __exit__(self, kind, value, tb) -> None:
                self.subsegment.closed_with = kind

        return Context()


class FakeTracer:
    def __init__(self, broken: bool = False) -> None:
        self.provider = FakeProvider(broken)


@pytest.fixture
def traced(monkeypatch):
    from chalicelib import tracing

    tracer = FakeTracer()
    monkeypatch.setattr(tracing, "_tracer", tracer)
    monkeypatch.setattr(tracing, "_started", True)
    return tracer.provider


def test_each_request_is_a_subsegment_annotated_with_its_route_and_nothing_about_the_customer(client, traced):
    make_customer()
    client.login()
    session_id = client.get("/api/sessions").json_body["sessions"][0]["id"]
    traced.subsegments.clear()

    client.get("/api/audit")
    client.request("DELETE", f"/api/sessions/{session_id}")

    audit, revoke = traced.subsegments
    assert audit.name == "## GET /api/audit"
    assert audit.annotations == {
        "route": "/api/audit",
        "method": "GET",
        "access": "customer",
        "cold_start": False,
        "status": 200,
    }
    assert revoke.annotations["route"] == "/api/sessions/{session_id}"  # the declared route, not the path
    recorded = json.dumps([(s.name, s.annotations) for s in traced.subsegments])
    for personal in ("100001", "demo@example.com", "Mustermann", session_id):
        assert personal not in recorded
    assert all(s.closed_with is None for s in traced.subsegments)  # every subsegment ended


def test_a_refused_request_is_traced_with_its_status(client, traced):
    client.get("/api/session")
    assert traced.subsegments[-1].annotations["status"] == 401


def test_tracing_that_cannot_start_a_subsegment_never_fails_the_request(client, monkeypatch):
    from chalicelib import tracing

    make_customer()
    monkeypatch.setattr(tracing, "_tracer", FakeTracer(broken=True))
    monkeypatch.setattr(tracing, "_started", True)

    assert client.post("/api/auth/login", {"login": "100001", "password": "falsch-falsch"}).status_code == 401
    client.login()
    assert client.get("/api/audit").status_code == 200


def test_tracing_is_off_outside_lambda_and_when_switched_off(monkeypatch):
    from chalicelib import tracing

    assert not tracing.enabled()  # pytest: no Lambda
    monkeypatch.setenv("LAMBDA_TASK_ROOT", "/var/task")
    assert tracing.enabled()
    monkeypatch.setenv("POWERTOOLS_TRACE_DISABLED", "true")
    assert not tracing.enabled()
    monkeypatch.setenv("POWERTOOLS_TRACE_DISABLED", "false")
    assert tracing.enabled()


def test_the_tracer_records_no_s3_object_keys():
    """An invoice's key names its customer: X-Ray keeps only bucket and operation of S3 calls."""
    from aws_xray_sdk.ext import boto_utils

    from chalicelib import tracing

    assert tracing._start() is not None  # Powertools' Tracer (disabled by itself outside Lambda)
    assert "s3" not in boto_utils.whitelist["services"]
    assert "dynamodb" in boto_utils.whitelist["services"]  # table names and capacity stay


def test_without_aws_xray_sdk_tracing_stays_off_and_says_so(monkeypatch, capsys):
    import builtins

    from chalicelib import tracing

    real_import = builtins.__import__

    def no_xray(name, *args, **kwargs):
        if name.startswith("aws_xray_sdk"):
            raise ImportError("No module named 'aws_xray_sdk'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_xray)
    capsys.readouterr()

    assert tracing._start() is None
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    assert [line["message"] for line in lines] == ["tracing_unavailable"]

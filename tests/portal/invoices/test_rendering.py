"""On AWS the invoice PDF comes from the invoice-documents function (the PDF stack ships only there): the
invoice item goes out as JSON, the PDF comes back; storing, bookkeeping and mail stay with the caller."""

import base64
import io
import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from botocore.exceptions import ClientError, ReadTimeoutError

from tests.portal.invoices.conftest import issue, raw_mails
from tests.portal.invoices.test_document import pdf_text, stored_pdf

FUNCTION = "kc-test-invoice-documents"


class FakeLambda:
    """Lambda's synchronous invoke: the payload through JSON into the function's handler, its answer back
    through JSON (or the error Lambda reports when the handler raised)."""

    def __init__(self, answer=None) -> None:
        self.calls: list[dict] = []
        self.answer = answer

    def invoke(self, **kwargs):
        from botocore.response import StreamingBody

        from chalicelib.invoices.rendering import handle

        self.calls.append(kwargs)
        if isinstance(self.answer, Exception):
            raise self.answer
        response: dict = {"StatusCode": 200}
        if self.answer is not None:
            response |= self.answer
            body = response.pop("body")
        else:
            body = json.dumps(handle(json.loads(kwargs["Payload"]))).encode()
        response["Payload"] = StreamingBody(io.BytesIO(body), len(body))
        return response


@pytest.fixture
def documents_function(monkeypatch):
    from chalicelib.invoices import rendering

    monkeypatch.setattr(rendering, "settings", replace(rendering.settings, documents_function=FUNCTION))
    fake = FakeLambda()
    monkeypatch.setattr(rendering, "_lambda", lambda: fake)
    return fake


def test_the_documents_function_renders_the_pdf_the_customer_gets(billing, documents_function):
    invoice = issue()
    (call,) = documents_function.calls
    assert call["FunctionName"] == FUNCTION
    assert call["InvocationType"] == "RequestResponse"
    assert json.loads(call["Payload"])["invoice"]["number"] == {"S": "2026-000001"}
    text = pdf_text(stored_pdf(invoice))
    assert "Rechnung 2026-000001" in text
    assert "51,77 €" in text
    assert "Muster Handels GmbH" in text
    assert invoice.pdf_stored_at
    assert invoice.mailed_at
    assert len(raw_mails()) == 1


def test_the_answer_carries_the_factur_x_xml(billing, documents_function):
    from facturx import get_facturx_xml_from_pdf

    name, xml = get_facturx_xml_from_pdf(stored_pdf(issue()), check_xsd=True)
    assert name == "factur-x.xml"
    assert b"2026-000001" in xml


@pytest.mark.parametrize(
    "answer",
    [
        {"FunctionError": "Unhandled", "body": b'{"errorMessage": "Task timed out after 10.00 seconds"}'},
        {"body": b'{"pdf": "not base64 !"}'},
        {"body": b'{"something": "else"}'},
        {"body": json.dumps({"pdf": base64.b64encode(b"<html>").decode()}).encode()},
        ClientError({"Error": {"Code": "TooManyRequestsException", "Message": "Rate exceeded"}}, "Invoke"),
        ReadTimeoutError(endpoint_url="https://lambda.eu-central-1.amazonaws.com"),
    ],
    ids=["function-error", "bad-base64", "no-pdf", "not-a-pdf", "throttled", "no-answer"],
)
def test_a_failed_render_stores_nothing_and_the_next_run_completes_it(
    billing, documents_function, answer, capsys
):
    from chalicelib.invoices.rendering import RenderFailed
    from chalicelib.invoices.service import list_invoices
    from chalicelib.models import Invoice

    documents_function.answer = answer
    capsys.readouterr()
    with pytest.raises(RenderFailed):
        issue()
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    (logged,) = [line for line in lines if line["message"] == "invoice_render_failed"]
    assert (logged["level"], logged["invoice"]) == ("ERROR", "2026-000001")
    stored = Invoice.get("100001", "2026-000001")
    assert stored.pdf_stored_at is None
    assert stored.pdf_claimed_at is None  # released: nothing was stored, the next run need not wait
    assert list_invoices(customer_number="100001", year=2026).invoices == []  # the customer sees none yet
    assert raw_mails() == []
    documents_function.answer = None
    again = issue()  # the next run
    assert again.number == "2026-000001"
    assert "Rechnung 2026-000001" in pdf_text(stored_pdf(again))
    assert len(raw_mails()) == 1


def test_support_gets_a_503_and_the_retry_completes_the_same_correction(billing, documents_function):
    from tests.portal.invoices.test_corrections_api import ROUTE, support

    staff = support(billing)
    issue(month=11)
    path = ROUTE.format(customer="100001", number="2026-000001")
    body = {"reason": "Kulanz: Ausfall am 12.11.2026", "net_cents": 1000}
    documents_function.answer = {"FunctionError": "Unhandled", "body": b'{"errorMessage": "boom"}'}
    failed = staff.post(path, body, headers={"Idempotency-Key": "ticket-4712"})
    assert failed.status_code == 503
    assert failed.json_body["Code"] == "ServiceUnavailable"
    assert "Bitte versuchen Sie es in einigen Sekunden erneut" in failed.json_body["Message"]
    assert failed.headers["Retry-After"] == "5"
    documents_function.answer = None
    again = staff.post(path, body, headers={"Idempotency-Key": "ticket-4712"})
    assert again.status_code == 201, again.body
    assert again.json_body["number"] == "2026-000002"
    assert issue(month=12).number == "2026-000003"  # the retry made no second correction


def test_the_invoke_request_is_one_lambda_accepts(billing, monkeypatch):
    """The real boto3 client validates the call (botocore's Stubber: the API model, no network)."""
    import boto3
    from botocore.response import StreamingBody
    from botocore.stub import ANY, Stubber

    from chalicelib.invoices import rendering

    client = boto3.client("lambda", region_name="eu-central-1")
    monkeypatch.setattr(rendering, "settings", replace(rendering.settings, documents_function=FUNCTION))
    monkeypatch.setattr(rendering, "_lambda", lambda: client)
    body = json.dumps({"pdf": base64.b64encode(b"%PDF-1.7 test").decode()}).encode()
    with Stubber(client) as stub:
        stub.add_response(
            "invoke",
            {"StatusCode": 200, "Payload": StreamingBody(io.BytesIO(body), len(body))},
            {"FunctionName": FUNCTION, "InvocationType": "RequestResponse", "Payload": ANY},
        )
        invoice = issue()
        stub.assert_no_pending_responses()
    assert stored_pdf(invoice) == b"%PDF-1.7 test"


def test_without_a_function_name_a_deployed_function_refuses_to_start(monkeypatch):
    from chalicelib import settings as settings_module

    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "kc-prod-api")
    monkeypatch.setenv("KC_ORIGIN_SECRET_ID", "arn:aws:secretsmanager:eu-central-1:123456789012:secret:o-AbC")
    monkeypatch.setenv("KC_DOCUMENTS_FUNCTION", "")
    with pytest.raises(RuntimeError, match="KC_DOCUMENTS_FUNCTION"):
        settings_module.load_settings()
    monkeypatch.setenv("KC_DOCUMENTS_FUNCTION", FUNCTION)
    assert settings_module.load_settings().documents_function == FUNCTION
    monkeypatch.delenv("AWS_LAMBDA_FUNCTION_NAME")
    monkeypatch.setenv("KC_DOCUMENTS_FUNCTION", "")
    assert settings_module.load_settings().documents_function == ""  # pytest and the local stack: in-process


def test_a_released_lease_never_takes_away_a_newer_claim(billing):
    from chalicelib.invoices.service import _release
    from chalicelib.models import Invoice

    invoice = issue()
    mine = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    theirs = datetime(2026, 12, 1, 3, 6, tzinfo=UTC)
    invoice.update(actions=[Invoice.pdf_claimed_at.set(theirs)])  # another call claimed it after mine ended
    _release(invoice, Invoice.pdf_claimed_at, mine)
    assert Invoice.get("100001", invoice.number).pdf_claimed_at == theirs
    _release(invoice, Invoice.pdf_claimed_at, theirs)
    assert Invoice.get("100001", invoice.number).pdf_claimed_at is None

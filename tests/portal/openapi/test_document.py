"""The OpenAPI document: a valid 3.1 document that lists every route with its security and answers."""

import json
import re

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator

SECURITY = {
    "public": [],
    "customer": [{"customerSession": []}],
    "staff": [{"staffSession": []}],
    "licence": [{"licenceKey": []}],
}


@pytest.fixture
def document(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    return json.loads(response.body)


def declared():
    from app import app
    from chalicelib import web

    for path, methods in app.routes.items():
        for method, entry in methods.items():
            yield path, method, web.route_spec(entry.view_function)


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"] == "3.1.0"
    errors = [error.message for error in OpenAPIV31SpecValidator(document).iter_errors()]
    assert errors == []


def test_every_route_appears_with_its_security_summary_and_tag(document):
    listed = {(path, method.upper()) for path, item in document["paths"].items() for method in item}
    routes = {(path, method) for path, method, _ in declared()}
    assert listed == routes
    for path, method, spec in declared():
        operation = document["paths"][path][method.lower()]
        assert operation["security"] == SECURITY[spec.access], (method, path)
        assert operation["summary"] == spec.summary
        assert operation["tags"] == [spec.schemas_module.split(".")[1]]
        assert str(spec.status) in operation["responses"]
        statuses = set(operation["responses"])
        assert {"400", "403", "429", "500", "503"} <= statuses
        assert ("401" in statuses) == (spec.access != "public" or spec.body is not None), (method, path)
        assert ("404" in statuses) == ("{" in path or spec.access != "public"), (method, path)
        assert "415" in statuses
        assert ({"409", "413"} <= statuses) == (method in {"POST", "PUT", "PATCH", "DELETE"})


def test_models_become_parameters_bodies_and_answers(document):
    audit = document["paths"]["/api/audit"]["get"]
    assert [(p["name"], p["in"], p["required"]) for p in audit["parameters"]] == [
        ("limit", "query", False),
        ("cursor", "query", False),
    ]
    assert audit["parameters"][1]["schema"] == {"type": "string", "maxLength": 200}
    assert audit["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/AuditPage"
    }
    login = document["paths"]["/api/auth/login"]["post"]
    assert login["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/LoginBody"
    }
    assert document["components"]["schemas"]["LoginBody"]["additionalProperties"] is False
    revoke = document["paths"]["/api/sessions/{session_id}"]["delete"]
    assert revoke["parameters"][0] | {"schema": None} == {
        "name": "session_id",
        "in": "path",
        "required": True,
        "schema": None,
    }
    assert "content" not in revoke["responses"]["204"]
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(document)))
    assert refs <= set(document["components"]["schemas"])


def test_errors_share_one_schema_and_429_names_retry_after(document):
    responses = document["components"]["responses"]
    for response in responses.values():
        assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert responses["TooManyRequests"]["headers"]["Retry-After"]["required"] is True
    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["Code", "Message"]
    assert set(error["properties"]) == {"Code", "Message", "Fields"}


def test_security_schemes_name_the_cookies_and_the_bearer_licence(document):
    from chalicelib.settings import settings

    schemes = document["components"]["securitySchemes"]
    assert schemes["customerSession"] == schemes["customerSession"] | {
        "type": "apiKey",
        "in": "cookie",
        "name": settings.session_cookie_name,
    }
    assert schemes["staffSession"]["name"] == settings.staff_cookie_name
    assert schemes["licenceKey"]["scheme"] == "bearer"


def test_the_document_is_built_once(client):
    from chalicelib.openapi import routes

    client.get("/api/openapi.json")
    first = routes._cached
    client.get("/api/openapi.json")
    assert first is not None
    assert routes._cached is first

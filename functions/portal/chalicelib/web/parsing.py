"""Request parsing: JSON bodies and query strings validated against pydantic models, German messages."""

import json
from typing import TYPE_CHECKING, Any, TypeVar

from chalice.app import Request

from chalicelib import errors

if TYPE_CHECKING:  # pydantic is imported on the first request that needs it, not at cold start
    from pydantic import BaseModel
    from pydantic import ValidationError as PydanticValidationError

Model = TypeVar("Model", bound="BaseModel")

MAX_JSON_DEPTH = 32
MAX_QUERY_VALUE_LENGTH = 1024

FIELD_MESSAGES = {
    "missing": "Bitte füllen Sie dieses Feld aus.",
    "extra_forbidden": "Dieses Feld ist unbekannt.",
    "string_type": "Bitte geben Sie einen Text ein.",
    "int_type": "Bitte geben Sie eine ganze Zahl ein.",
    "int_parsing": "Bitte geben Sie eine ganze Zahl ein.",
    "bool_type": "Bitte geben Sie ja oder nein an.",
    "bool_parsing": "Bitte geben Sie ja oder nein an.",
    "string_too_short": "Bitte füllen Sie dieses Feld aus.",
    "string_pattern_mismatch": "Dieser Wert hat nicht das erwartete Format.",
    "literal_error": "Bitte wählen Sie einen der angebotenen Werte.",
    "enum": "Bitte wählen Sie einen der angebotenen Werte.",
    "date_type": "Bitte geben Sie ein Datum im Format JJJJ-MM-TT an.",
    "date_parsing": "Bitte geben Sie ein Datum im Format JJJJ-MM-TT an.",
    "date_from_datetime_parsing": "Bitte geben Sie ein Datum im Format JJJJ-MM-TT an.",
    "list_type": "Bitte geben Sie eine Liste an.",
    "dict_type": "Bitte geben Sie ein Objekt an.",
    "model_type": "Bitte geben Sie ein Objekt an.",
    "value_error": "Dieser Wert ist ungültig.",
}


def parse_body(request: Request, model: type[Model]) -> Model:
    """Validate the JSON body against `model`; a 400 with German field messages otherwise."""
    raw = request.raw_body or b""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise errors.MalformedRequest() from None
    if not isinstance(data, dict) or _depth(data) > MAX_JSON_DEPTH:
        raise errors.MalformedRequest()
    return validate(model, data)


def parse_query(request: Request, model: type[Model]) -> Model:
    """Validate the query string against `model` (each parameter once); German field messages otherwise."""
    params: dict[str, str] = {}
    multi = request.query_params
    for name in multi or {}:
        values = multi.getlist(name) if multi is not None else []
        if len(values) > 1:
            raise errors.ValidationError({name: "Bitte geben Sie diesen Parameter nur einmal an."})
        if len(values[0]) > MAX_QUERY_VALUE_LENGTH:
            raise errors.ValidationError(
                {name: f"Bitte geben Sie höchstens {MAX_QUERY_VALUE_LENGTH} Zeichen ein."}
            )
        params[name] = values[0]
    return validate(model, params)


def validate(model: type[Model], data: dict[str, Any]) -> Model:
    from pydantic import ValidationError as PydanticValidationError

    try:
        return model.model_validate(data)
    except PydanticValidationError as exc:
        raise errors.ValidationError(field_messages(exc)) from None


def field_messages(exc: "PydanticValidationError") -> dict[str, str]:
    """One German message per invalid field, named by its dotted path."""
    fields: dict[str, str] = {}
    for item in exc.errors():
        name = ".".join(str(part) for part in item["loc"]) or "body"
        context = item.get("ctx") or {}
        if item["type"] == "string_too_long":
            message = f"Bitte geben Sie höchstens {context['max_length']} Zeichen ein."
        elif item["type"] == "too_long":
            message = f"Bitte geben Sie höchstens {context['max_length']} Einträge an."
        elif item["type"] in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            message = _range_message(item["type"], context)
        elif item["type"] == "value_error" and str(context.get("error", "")):
            message = str(context["error"])
        else:
            message = FIELD_MESSAGES.get(item["type"], "Dieser Wert ist ungültig.")
        fields.setdefault(name, message)
    return fields


def _range_message(kind: str, context: dict[str, Any]) -> str:
    bound = next(iter(context.values()), "")
    return {
        "greater_than_equal": f"Bitte geben Sie mindestens {bound} an.",
        "less_than_equal": f"Bitte geben Sie höchstens {bound} an.",
        "greater_than": f"Bitte geben Sie mehr als {bound} an.",
        "less_than": f"Bitte geben Sie weniger als {bound} an.",
    }[kind]


def _depth(value: Any, level: int = 1) -> int:
    """Nesting depth of parsed JSON, stopping as soon as it passes the limit."""
    if level > MAX_JSON_DEPTH:
        return level
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return max((_depth(child, level + 1) for child in children), default=level)

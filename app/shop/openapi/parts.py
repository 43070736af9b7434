"""The pieces every part of the document is made of: references, JSON bodies, the error envelope."""

from typing import Any

STRING = {"type": "string"}
MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2}$", "description": "A decimal amount"}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def error(description: str) -> dict[str, Any]:
    return json_body(ref("Error"), description)


def errors(*statuses: str) -> dict[str, Any]:
    described = {
        "400": "The body is not valid JSON",
        "401": "The order token is missing",
        "404": "No such resource (or page)",
        "405": "The method is not allowed here (the Allow header lists the allowed ones)",
        "409": "Not enough stock, or the account exists",
        "403": "The account is not confirmed yet",
        "413": "The body is larger than the limit",
        "415": "The body is not application/json",
        "422": "A field is invalid (`fields` names each)",
        "429": "Too many attempts; try again later",
        "503": "The accounts service did not answer",
    }
    return {status: error(described[status]) for status in statuses}


def gateway_or_envelope(message: str, description: str) -> dict[str, Any]:
    """A response API Gateway may give itself ({"message": ...}), before Django runs, or the
    view's own error envelope."""
    gateway = {
        "type": "object",
        "additionalProperties": False,
        "required": ["message"],
        "properties": {"message": {"const": message}},
    }
    return json_body({"anyOf": [gateway, ref("Error")]}, description)

"""The account forms' JSON bodies as checked values, or a ValidationFailed naming each field."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest

from shop.errors import ValidationFailed
from shop.validation import email_errors, json_body

_CODE = re.compile(r"^\d{6}$")
# Cognito's own limit; the pool's policy (length, classes) is Cognito's to enforce.
MAX_PASSWORD = 256


def account_form(request: HttpRequest, *fields: str) -> dict[str, str]:
    """The body's `fields`, each present and well-formed; emails trimmed and lower-cased."""
    data: Any = json_body(request)
    if not isinstance(data, dict):
        raise ValidationFailed(f"The body must be a JSON object with {', '.join(fields)}.")
    errors: dict[str, str] = {name: "unknown field" for name in sorted(set(data) - set(fields))}
    for name in fields:
        value = data.get(name)
        if name == "email":
            errors.update(email_errors(value))
        elif not isinstance(value, str) or not value:
            errors[name] = "required"
        elif name == "code" and not _CODE.match(value.strip()):
            errors[name] = "enter the 6-digit code from the email"
        elif name == "password" and len(value) > MAX_PASSWORD:
            errors[name] = f"at most {MAX_PASSWORD} characters"
    if errors:
        first, reason = next(iter(errors.items()))
        raise ValidationFailed(f"Check the form: {first} {reason}.", fields=errors)
    values = {name: data[name] for name in fields}
    if "email" in values:
        values["email"] = values["email"].strip().lower()
    if "code" in values:
        values["code"] = values["code"].strip()
    return values

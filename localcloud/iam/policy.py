"""Resource policies as AWS evaluates them for a service principal.

Two callers: S3 bucket policies (CloudFront signs its requests to an OAC origin as the
`cloudfront.amazonaws.com` service; without s3:ListBucket a missing key is 403 AccessDenied rather
than 404) and Lambda function policies (API Gateway may only invoke a function whose policy admits
`apigateway.amazonaws.com` for that API's source ARN). The rules that matter for a resource
policy: an explicit Deny wins, else some Allow must match, else access is denied.
"""

from __future__ import annotations

import fnmatch
import json
import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

CLOUDFRONT_SERVICE = "cloudfront.amazonaws.com"
APIGATEWAY_SERVICE = "apigateway.amazonaws.com"


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _glob(pattern: str, value: str, *, case_sensitive: bool = True) -> bool:
    if not case_sensitive:
        pattern, value = pattern.lower(), value.lower()
    # IAM wildcards: * any run, ? one character; nothing else is special.
    escaped = pattern.replace("[", "[[]")
    return fnmatch.fnmatchcase(value, escaped)


@dataclass(frozen=True)
class ResourcePolicy:
    statements: tuple[dict[str, Any], ...]

    @classmethod
    def parse(cls, document: str | None) -> ResourcePolicy:
        if not document:
            return cls(statements=())
        parsed = json.loads(document)
        return cls(statements=tuple(_as_list(parsed.get("Statement"))))

    def allows(self, service: str, action: str, resource: str, context: dict[str, str]) -> bool:
        """Whether `service` (a service principal) may do `action` on `resource`."""
        allowed = False
        for statement in self.statements:
            if not self._applies(statement, service, action, resource, context):
                continue
            if statement.get("Effect") == "Deny":
                return False
            if statement.get("Effect") == "Allow":
                allowed = True
        return allowed

    @staticmethod
    def _applies(
        statement: dict[str, Any],
        service: str,
        action: str,
        resource: str,
        context: dict[str, str],
    ) -> bool:
        principal = statement.get("Principal")
        if principal != "*":
            principal = principal if isinstance(principal, dict) else {}
            services = _as_list(principal.get("Service"))
            if service not in services and "*" not in _as_list(principal.get("AWS")):
                return False
        if "NotAction" in statement or "NotResource" in statement or "NotPrincipal" in statement:
            log.warning(
                "policy statement %s uses Not*; treated as not applying", statement.get("Sid")
            )
            return False
        actions = _as_list(statement.get("Action"))
        if not any(_glob(a, action, case_sensitive=False) for a in actions):
            return False
        if not any(_glob(r, resource) for r in _as_list(statement.get("Resource"))):
            return False
        return conditions_hold(statement.get("Condition") or {}, context)


def conditions_hold(
    conditions: dict[str, Any], context: dict[str, str], *, unknown_operator: bool = False
) -> bool:
    """IAM semantics: every condition must hold; a key missing from the context fails its test
    (unless the operator ends in IfExists). `unknown_operator` is the answer for operators not
    implemented here."""
    for operator, tests in conditions.items():
        for key, expected in tests.items():
            actual = next((v for k, v in context.items() if k.lower() == key.lower()), None)
            result = _test(operator, actual, [str(e) for e in _as_list(expected)])
            if result is None:
                log.warning("policy condition operator %s is not evaluated locally", operator)
                result = unknown_operator
            if not result:
                return False
    return True


def _test(operator: str, actual: str | None, expected: list[str]) -> bool | None:
    op = operator.removesuffix("IfExists")
    if actual is None:
        return operator.endswith("IfExists")
    if op in {"StringEquals", "ArnEquals"}:
        return actual in expected
    if op == "StringEqualsIgnoreCase":
        return actual.lower() in {e.lower() for e in expected}
    if op in {"StringNotEquals", "ArnNotEquals"}:
        return actual not in expected
    if op in {"StringLike", "ArnLike"}:
        return any(_glob(e, actual) for e in expected)
    if op in {"StringNotLike", "ArnNotLike"}:
        return not any(_glob(e, actual) for e in expected)
    if op == "Bool":
        return actual.lower() in {e.lower() for e in expected}
    return None

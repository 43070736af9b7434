"""IAM policy decisions, made by moto's own evaluator (`moto.iam.access_control.IAMPolicy`).

moto matches Action/NotAction and Resource and combines statements (an explicit Deny wins, else
some Allow must match, else access is denied). Two things it does not do, added here as thin glue:

- Principal: moto checks only `AWS` principals, so a resource policy's statements are first
  narrowed to those naming the calling service or identity provider (or `*`);
- Condition: moto's evaluator knows only StringEquals, treats a key the request lacks as
  satisfied and reports a condition that does not hold as DENIED even on an Allow. IAM's rule is
  that such a statement does not apply, and that a missing key fails its test unless the operator
  ends in IfExists. Statements whose conditions do not hold are dropped before moto sees them.

Callers: the edge (S3 bucket policies for CloudFront's OAC requests, Lambda function policies for
API Gateway), the emulator's IAM enforcement (localcloud.emulator.ext.iam) and the deploy-role
checks (localcloud.iam.enforcement).
"""

from __future__ import annotations

import fnmatch
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from moto.iam.access_control import IAMPolicy, PermissionResult

log = logging.getLogger(__name__)

CLOUDFRONT_SERVICE = "cloudfront.amazonaws.com"
APIGATEWAY_SERVICE = "apigateway.amazonaws.com"

__all__ = [
    "APIGATEWAY_SERVICE",
    "CLOUDFRONT_SERVICE",
    "PermissionResult",
    "ResourcePolicy",
    "conditions_hold",
    "decide",
]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _glob(pattern: str, value: str) -> bool:
    # IAM wildcards in condition values: * any run, ? one character; nothing else is special.
    return fnmatch.fnmatchcase(value, pattern.replace("[", "[[]"))


# Condition operators moto's evaluator lacks (its table has StringEquals only), by IAM's
# definitions: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
_OPERATORS = {
    "StringEquals": lambda actual, expected: actual in expected,
    "StringNotEquals": lambda actual, expected: actual not in expected,
    "StringEqualsIgnoreCase": lambda a, e: a.lower() in {x.lower() for x in e},
    "StringNotEqualsIgnoreCase": lambda a, e: a.lower() not in {x.lower() for x in e},
    "StringLike": lambda actual, expected: any(_glob(e, actual) for e in expected),
    "StringNotLike": lambda actual, expected: not any(_glob(e, actual) for e in expected),
    "Bool": lambda actual, expected: actual.lower() in {e.lower() for e in expected},
}
_OPERATORS |= {
    "ArnEquals": _OPERATORS["StringEquals"],
    "ArnNotEquals": _OPERATORS["StringNotEquals"],
    "ArnLike": _OPERATORS["StringLike"],
    "ArnNotLike": _OPERATORS["StringNotLike"],
}


def conditions_hold(
    conditions: Mapping[str, Any], context: Mapping[str, str], *, unknown_operator: bool = False
) -> bool:
    """Every condition must hold; a key missing from the context fails its test unless the
    operator ends in IfExists (keys compare case-insensitively, as IAM's do). `unknown_operator`
    is the answer for an operator not in the table."""
    lowered = {k.lower(): v for k, v in context.items()}
    for operator, tests in conditions.items():
        base = operator.removesuffix("IfExists")
        test = _OPERATORS.get(base)
        for key, expected in tests.items():
            actual = lowered.get(key.lower())
            if test is None:
                log.warning("policy condition operator %s is not evaluated locally", operator)
                result = unknown_operator
            elif actual is None:
                result = operator.endswith("IfExists")
            else:
                result = test(str(actual), [str(e) for e in _as_list(expected)])
            if not result:
                return False
    return True


def _applicable(
    statement: dict[str, Any], context: Mapping[str, str], service: str | None
) -> dict[str, Any] | None:
    """The statement as moto should see it, or None when it does not apply to this request."""
    if "NotResource" in statement or "NotPrincipal" in statement:
        log.warning("policy statement %s uses Not*; treated as not applying", statement.get("Sid"))
        return None
    if service is not None and statement.get("Principal") != "*":
        principal = statement.get("Principal")
        principal = principal if isinstance(principal, dict) else {}
        named = _as_list(principal.get("Service")) + _as_list(principal.get("Federated"))
        if service not in named and "*" not in _as_list(principal.get("AWS")):
            return None
    if not conditions_hold(statement.get("Condition") or {}, context):
        return None
    # A statement without Resource would be read by moto as a trust policy (always PERMITTED).
    if not statement.get("Resource"):
        return None
    return {k: v for k, v in statement.items() if k not in {"Condition", "Principal"}}


def decide(
    documents: Iterable[Mapping[str, Any]],
    action: str,
    resource: str,
    context: Mapping[str, str],
    *,
    service: str | None = None,
) -> PermissionResult:
    """moto's decision over policy documents: DENIED if any denies, PERMITTED if any allows."""
    permitted = False
    for document in documents:
        statements = [
            applied
            for statement in _as_list(document.get("Statement"))
            if (applied := _applicable(statement, context, service)) is not None
        ]
        if not statements:
            continue
        result = IAMPolicy(json.dumps({"Statement": statements})).is_action_permitted(
            action, resource
        )
        if result == PermissionResult.DENIED:
            return result
        permitted = permitted or result == PermissionResult.PERMITTED
    return PermissionResult.PERMITTED if permitted else PermissionResult.NEUTRAL


@dataclass(frozen=True)
class ResourcePolicy:
    """A resource's policy (bucket policy, function policy) as a service principal meets it."""

    statements: tuple[dict[str, Any], ...]

    @classmethod
    def parse(cls, document: str | None) -> ResourcePolicy:
        if not document:
            return cls(statements=())
        return cls(statements=tuple(_as_list(json.loads(document).get("Statement"))))

    def allows(self, service: str, action: str, resource: str, context: dict[str, str]) -> bool:
        """Whether `service` (a service principal) may do `action` on `resource`."""
        document = {"Statement": list(self.statements)}
        result = decide([document], action, resource, context, service=service)
        return result == PermissionResult.PERMITTED

"""IAM enforcement on the emulator for credentials it issued (the deploy role's sessions).

moto can check every request against the caller's policies (INITIAL_NO_AUTH_ACTION_COUNT), but
that switch is global: the shared emulator also serves the edge, the local Lambda runtime and the
tools, which sign with dummy keys and stand in for AWS's own service principals. So the check is
made only for requests signed with a key moto issued (an assumed-role session or an IAM user's
access key), using moto's request classes (signature, access key lookup) and its policy evaluator
(`localcloud.iam.policy.decide`). Requests with the dummy keys stay the administrator's.

moto names the action `<signing name>:<operation>` and knows the resource only for IAM, STS, SQS
and S3. `describe` turns a request into what AWS authorizes:
- the IAM action name where it differs from the operation (API Gateway's HTTP-verb actions,
  CloudFront's dated operation names, lambda:InvokeFunction);
- the resource ARN where the request names it (Lambda functions, log groups, secrets, API
  Gateway paths);
- the condition keys the deploy policy tests (iam:PermissionsBoundary, iam:PolicyARN,
  iam:AWSServiceName, iam:PassedToService) and aws:SecureTransport (the emulator stands in for
  AWS's TLS endpoints);
- the second permission AWS checks with some calls (iam:PassRole when a function gets a role).
Where the resource stays unknown (EC2, RDS, CloudFront ids, ...) the action must be allowed on
some resource of an Allow statement: the action is checked, its resource scope is not.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from localcloud.iam.policy import PermissionResult, decide

log = logging.getLogger("localcloud.iam")

# Keys moto hands out: AKIA for IAM users, ASIA for assumed roles (see moto.iam.utils).
_ISSUED_KEY = re.compile(r"Credential=((?:AKIA|ASIA)[A-Z0-9]{16})/")
_DATED = re.compile(r"20\d\d_\d\d_\d\d$")
_FUNCTION_PATH = re.compile(r"/functions/([^/?]+)")
TLS_CONTEXT = {"aws:SecureTransport": "true"}
_IAM_PREFIX = {"monitoring": "cloudwatch", "email": "ses"}
# Bucket subresources whose IAM action moto's S3 ACTION_MAP lacks or misnames (it falls back to
# ListBucket/CreateBucket): GET, PUT, DELETE. From the S3 actions table of the Service
# Authorization Reference.
_OWN = ("GetBucketOwnershipControls", "PutBucketOwnershipControls", "PutBucketOwnershipControls")
_ENC = ("GetEncryptionConfiguration", "PutEncryptionConfiguration", "PutEncryptionConfiguration")
_PAB = ("GetBucketPublicAccessBlock", "PutBucketPublicAccessBlock", "PutBucketPublicAccessBlock")
_REP = ("GetReplicationConfiguration", "PutReplicationConfiguration", "PutReplicationConfiguration")
_LIF = ("GetLifecycleConfiguration", "PutLifecycleConfiguration", "PutLifecycleConfiguration")
_S3_BUCKET_SUBRESOURCES = {
    "ownershipControls": _OWN,
    "encryption": _ENC,
    "publicAccessBlock": _PAB,
    "object-lock": ("GetBucketObjectLockConfiguration", "PutBucketObjectLockConfiguration", None),
    "replication": _REP,
    "requestPayment": ("GetBucketRequestPayment", "PutBucketRequestPayment", None),
    "lifecycle": _LIF,
    "tagging": ("GetBucketTagging", "PutBucketTagging", "PutBucketTagging"),
    "cors": ("GetBucketCORS", "PutBucketCORS", "PutBucketCORS"),
    "policyStatus": ("GetBucketPolicyStatus", None, None),
}


def issued_key(headers: Mapping[str, str], query: str = "") -> str | None:
    """The emulator-issued access key that signed this request, if one did."""
    found = _ISSUED_KEY.search(headers.get("Authorization") or "")
    if found is None and "X-Amz-Credential=" in query:
        found = _ISSUED_KEY.search("Credential=" + unquote(query.split("X-Amz-Credential=")[1]))
    return found.group(1) if found else None


@dataclass(frozen=True)
class Check:
    """One permission AWS checks for a request."""

    action: str
    resource: str = "*"
    context: dict[str, str] = field(default_factory=dict)


@dataclass
class Request:
    """What `describe` reads from a moto response object."""

    service: str
    operation: str
    method: str
    path: str
    region: str
    account: str
    params: dict[str, Any]
    resource: str = "*"


def _param(params: Mapping[str, Any], name: str) -> str | None:
    value = params.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value) if value is not None else None


def request_params(data: Any, body: Any) -> dict[str, Any]:
    """Query parameters (IAM, RDS, EC2) and JSON bodies (Lambda, logs, secrets) alike."""
    params: dict[str, Any] = dict(data) if isinstance(data, Mapping) else {}
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    if text and isinstance(text, str) and text.lstrip()[:1] == "{":
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            params.update(parsed)
    return params


def _arn(request: Request, service: str, rest: str) -> str:
    return f"arn:aws:{service}:{request.region}:{request.account}:{rest}"


def _named(request: Request, service: str, rest: str, name: str) -> str:
    """The ARN a request names: as given, or built from the name."""
    return name if name.startswith("arn:") else _arn(request, service, rest)


def describe(request: Request, *, role_boundary: str | None = None) -> list[Check]:
    """The permissions AWS checks for this request, first the operation's own."""
    service, operation, params = request.service, request.operation, request.params
    # IAM's service prefix where the signing name differs (moto uses the signing name).
    service = _IAM_PREFIX.get(service, service)
    context = dict(TLS_CONTEXT)
    action = f"{service}:{operation}"
    resource = request.resource
    extra: list[Check] = []
    if service == "s3":
        action = _s3_action(request) or action
    elif service == "apigateway":
        # API Gateway authorizes HTTP verbs on resource paths.
        action = f"apigateway:{request.method.upper()}"
        path = request.path.split("?")[0].removeprefix("/v2")
        resource = f"arn:aws:apigateway:{request.region}::{unquote(path)}"
    elif service == "cloudfront":
        action = f"cloudfront:{_DATED.sub('', operation)}"
        if action == "cloudfront:CreateDistributionWithTags":
            # The API reference: it requires CreateDistribution and TagResource.
            action = "cloudfront:CreateDistribution"
            extra.append(Check("cloudfront:TagResource", resource, context))
    elif service == "lambda":
        if operation == "Invoke":
            action = "lambda:InvokeFunction"
        name = _param(params, "FunctionName")
        match = _FUNCTION_PATH.search(request.path)
        name = unquote(match.group(1)) if match else name
        if name:
            resource = _named(request, "lambda", f"function:{name}", name)
            if operation == "CreateEventSourceMapping":
                # The condition key AWS sets for it (the call names no resource of its own).
                context["lambda:FunctionArn"] = resource
        role = _param(params, "Role")
        if role and operation in {"CreateFunction", "UpdateFunctionConfiguration"}:
            extra.append(
                Check(
                    "iam:PassRole",
                    role,
                    {**TLS_CONTEXT, "iam:PassedToService": "lambda.amazonaws.com"},
                )
            )
    elif service == "logs":
        group = _param(params, "logGroupName")
        if group:
            resource = _arn(request, "logs", f"log-group:{group}")
    elif service == "secretsmanager":
        secret = _param(params, "SecretId") or _param(params, "Name")
        if secret:
            resource = _named(request, "secretsmanager", f"secret:{secret}", secret)
    elif service == "iam":
        for key, name in (
            ("iam:PolicyARN", "PolicyArn"),
            ("iam:AWSServiceName", "AWSServiceName"),
            ("iam:PermissionsBoundary", "PermissionsBoundary"),
        ):
            if (value := _param(params, name)) is not None:
                context[key] = value
        if "iam:PermissionsBoundary" not in context and role_boundary:
            context["iam:PermissionsBoundary"] = role_boundary
    return [Check(action, resource, context), *extra]


def _s3_action(request: Request) -> str | None:
    if request.operation == "HeadBucket":
        return "s3:ListBucket"  # HeadBucket is authorized as ListBucket
    if request.resource.count("/") or "?" not in request.path:
        return None  # object requests: moto's names are IAM's
    keys = {part.split("=")[0] for part in request.path.split("?", 1)[1].split("&")}
    verb = {"GET": 0, "PUT": 1, "DELETE": 2}.get(request.method.upper())
    for key, actions in _S3_BUCKET_SUBRESOURCES.items():
        if key in keys and verb is not None and actions[verb]:
            return f"s3:{actions[verb]}"
    return None


def _candidates(documents: list[dict[str, Any]], action: str) -> list[str]:
    """Resources of the Allow statements, for a request whose resource the emulator cannot name."""
    found: list[str] = []
    for document in documents:
        statements = document.get("Statement")
        for statement in statements if isinstance(statements, list) else [statements]:
            if statement.get("Effect") != "Allow":
                continue
            resources = statement.get("Resource") or []
            found.extend(resources if isinstance(resources, list) else [resources])
    return found or ["*"]


def allowed(documents: list[dict[str, Any]], check: Check) -> bool:
    resources = [check.resource] if check.resource != "*" else _candidates(documents, check.action)
    return any(
        decide(documents, check.action, resource, check.context) == PermissionResult.PERMITTED
        for resource in resources
    )


def denied(documents: list[dict[str, Any]], checks: list[Check]) -> Check | None:
    """The first check the policies do not allow, or None."""
    return next((check for check in checks if not allowed(documents, check)), None)


def message(principal: str, check: Check) -> str:
    """AWS's wording, naming the action (and the resource where the emulator knows it)."""
    on = f" on resource: {check.resource}" if check.resource != "*" else ""
    return f"User: {principal} is not authorized to perform: {check.action}{on}"

"""What the emulator still holds of an environment: everything named after `<project>-<env>`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from localcloud.environment.deployment import clients


def _belongs(name: str, prefix: str) -> bool:
    # lambda-shop-pr-1 must not claim lambda-shop-pr-10's resources.
    return name == prefix or name.startswith((f"{prefix}-", f"{prefix}/"))


def _pages(client: Any, operation: str, key: str) -> Iterator[dict[str, Any]]:
    for page in client.get_paginator(operation).paginate():
        yield from page.get(key) or []


def leftovers(endpoint: str, region: str, prefix: str) -> dict[str, list[str]]:
    """Resources of the environment named `prefix`, by kind; empty lists when none are left."""
    aws = clients(endpoint, region)
    cloudfront = aws["cloudfront"]
    distributions = cloudfront.list_distributions()["DistributionList"].get("Items") or []
    cf_functions = cloudfront.list_functions()["FunctionList"].get("Items") or []
    found = {
        "lambda functions": [
            f["FunctionName"] for f in _pages(aws["lambda"], "list_functions", "Functions")
        ],
        "buckets": [b["Name"] for b in aws["s3"].list_buckets()["Buckets"]],
        "distributions": [d.get("Comment", "") for d in distributions],
        "cloudfront functions": [f["Name"] for f in cf_functions],
        "http apis": [a["Name"] for a in aws["apigatewayv2"].get_apis()["Items"]],
        "secrets": [s["Name"] for s in _pages(aws["secretsmanager"], "list_secrets", "SecretList")],
        "iam roles": [r["RoleName"] for r in _pages(aws["iam"], "list_roles", "Roles")],
        "log groups": [
            g["logGroupName"].rsplit("/", 1)[-1]
            for g in _pages(aws["logs"], "describe_log_groups", "logGroups")
        ],
    }
    return {kind: sorted(n for n in names if _belongs(n, prefix)) for kind, names in found.items()}

"""Read a deployed environment back from the emulator and assemble the local edge for it."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config as BotoConfig
from botocore.exceptions import ClientError

from localcloud.apigateway.authorizer import (
    JwtAuthorizer,
    RouteAuthorization,
    cognito_via_emulator,
)
from localcloud.apigateway.http_api import FunctionTarget, HttpApi
from localcloud.apigateway.throttling import StageThrottle
from localcloud.awslambda.metrics import AlarmEvaluator, MetricsPublisher
from localcloud.awslambda.runtime import Runtime, code_sha256
from localcloud.cloudfront.behaviours import Distribution, DistributionError
from localcloud.cloudfront.cache import EdgeCache
from localcloud.cloudfront.cache_policy import MANAGED_CACHE_POLICIES, CachePolicy
from localcloud.cloudfront.edge import Edge, S3Bucket
from localcloud.cloudfront.function import CloudFrontFunction, FunctionLoadError
from localcloud.cloudfront.policies import (
    MANAGED_ORIGIN_REQUEST_POLICIES,
    MANAGED_RESPONSE_HEADERS_POLICIES,
)
from localcloud.config import DUMMY_CREDENTIALS

# CodeNotDeployed and DeploymentError are raised from here as well (up, the edge's CLI, tests).
from localcloud.environment.functions import (
    CodeNotDeployed,
    DeploymentError,
    FunctionRef,
    function_target,
)
from localcloud.iam.policy import ResourcePolicy

__all__ = ["CodeNotDeployed", "DeploymentError", "clients", "load_edge"]

log = logging.getLogger(__name__)

API_DOMAIN_RE = re.compile(
    r"^(?P<api>[a-z0-9]+)\.execute-api\.(?P<region>[a-z0-9-]+)\.amazonaws\.com$"
)


def clients(endpoint: str, region: str) -> dict[str, Any]:
    session = boto3.session.Session(
        aws_access_key_id=DUMMY_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=DUMMY_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        region_name=region,
    )
    config = BotoConfig(retries={"max_attempts": 2}, s3={"addressing_style": "path"})
    return {
        name: session.client(name, endpoint_url=endpoint, config=config)
        for name in (
            "cloudfront",
            "s3",
            "apigatewayv2",
            "lambda",
            "sts",
            "secretsmanager",
            "iam",
            "logs",
            "cloudwatch",
            "rds",
            "ec2",
            "sqs",
            "sns",
            "events",
            "sesv2",
        )
    }


def function_from_integration_uri(uri: str) -> FunctionRef:
    """The function (and alias/version) an AWS_PROXY integration invokes."""
    match = re.search(r"(arn:aws[a-z-]*:lambda:[^/]+:function:[^/:]+(?::[^/:]+)?)", uri)
    if not match:
        raise DeploymentError(f"integration URI {uri!r} does not name a Lambda function")
    arn = match[1]
    parts = arn.split(":")
    return FunctionRef(name=parts[6], qualifier=parts[7] if len(parts) > 7 else None, arn=arn)


def _check_policies(behaviours: Any) -> None:
    for behaviour in behaviours:
        orp = behaviour.origin_request_policy_id
        if orp and orp not in MANAGED_ORIGIN_REQUEST_POLICIES:
            raise DeploymentError(
                f"behaviour {behaviour.path_pattern!r} uses origin request policy {orp}, which "
                "is not an AWS managed policy the local edge knows"
            )


def load_edge(
    *,
    endpoint: str,
    region: str,
    distribution_id: str,
    zip_path: Path,
    code_root: Path,
    workers: int = 2,
    runtime_override: Runtime | None = None,
    extra_env: Mapping[str, str] | None = None,
    warm: bool = True,
) -> Edge:
    """Everything the edge serves, read from the emulator; raises CodeNotDeployed on a stale zip."""
    aws = clients(endpoint, region)
    try:
        raw = aws["cloudfront"].get_distribution(Id=distribution_id)["Distribution"]
    except ClientError as exc:
        raise DeploymentError(f"distribution {distribution_id} is not deployed: {exc}") from exc
    try:
        distribution = Distribution.from_api(raw)
    except DistributionError as exc:
        raise DeploymentError(str(exc)) from exc
    behaviours = (*distribution.behaviours, distribution.default_behaviour)
    _check_policies(behaviours)

    functions: dict[str, CloudFrontFunction] = {}
    rh_policies: dict[str, dict[str, Any]] = {}
    cache_policies = {
        b.cache_policy_id: _cache_policy(aws["cloudfront"], b.cache_policy_id)
        for b in behaviours
        if b.cache_policy_id
    }
    for behaviour in behaviours:
        for association in behaviour.function_associations:
            if association.event_type != "viewer-request":
                raise DeploymentError(
                    f"behaviour {behaviour.path_pattern!r}: {association.event_type} functions "
                    "are not emulated (only viewer-request)"
                )
            name = association.function_name
            if name not in functions:
                code = aws["cloudfront"].get_function(Name=name, Stage="LIVE")["FunctionCode"]
                try:
                    functions[name] = CloudFrontFunction(code.read().decode("utf-8"), name=name)
                except FunctionLoadError as exc:
                    raise DeploymentError(str(exc)) from None
        policy_id = behaviour.response_headers_policy_id
        if policy_id and policy_id not in rh_policies:
            if policy_id in MANAGED_RESPONSE_HEADERS_POLICIES:
                rh_policies[policy_id] = MANAGED_RESPONSE_HEADERS_POLICIES[policy_id]
            else:
                policy = aws["cloudfront"].get_response_headers_policy(Id=policy_id)
                rh_policies[policy_id] = policy["ResponseHeadersPolicy"][
                    "ResponseHeadersPolicyConfig"
                ]

    buckets: dict[str, S3Bucket] = {}
    apis: dict[str, HttpApi] = {}
    # CloudWatch's part the emulator lacks: Lambda's per-version metrics and alarm evaluation, which
    # a release's automatic rollback reads (localcloud.awslambda.metrics).
    metrics = MetricsPublisher(aws["cloudwatch"])
    AlarmEvaluator(aws["cloudwatch"])
    for origin in distribution.origins.values():
        if origin.kind == "s3":
            buckets[origin.bucket] = S3Bucket(
                name=origin.bucket, policy=_bucket_policy(aws["s3"], origin.bucket)
            )
            continue
        match = API_DOMAIN_RE.match(origin.domain_name)
        if not match:
            raise DeploymentError(
                f"origin {origin.id!r} ({origin.domain_name}) is neither a bucket nor an HTTP API"
            )
        apis[origin.domain_name.lower()] = _load_api(
            aws,
            api_id=match["api"],
            domain_name=origin.domain_name,
            zip_path=zip_path,
            code_root=code_root,
            workers=workers,
            runtime_override=runtime_override,
            endpoint=endpoint,
            region=region,
            extra_env=extra_env or {},
            warm=warm,
            metrics=metrics,
        )
    return Edge(
        distribution=distribution,
        distribution_arn=raw["ARN"],
        s3=aws["s3"],
        functions=functions,
        response_headers_policies=rh_policies,
        buckets=buckets,
        apis=apis,
        cache_policies=cache_policies,
        cache=EdgeCache(list_invalidations=_invalidations(aws["cloudfront"], distribution_id)),
    )


def _cache_policy(cloudfront: Any, policy_id: str) -> CachePolicy:
    if policy_id in MANAGED_CACHE_POLICIES:
        return CachePolicy.from_config(MANAGED_CACHE_POLICIES[policy_id])
    try:
        config = cloudfront.get_cache_policy_config(Id=policy_id)["CachePolicyConfig"]
    except ClientError as exc:
        raise DeploymentError(f"cache policy {policy_id} is not deployed: {exc}") from exc
    return CachePolicy.from_config(config)


def _invalidations(cloudfront: Any, distribution_id: str) -> Callable[[], list[dict[str, Any]]]:
    """Every invalidation of the distribution with its paths (each batch is read once)."""
    paths: dict[str, list[str]] = {}

    def read() -> list[dict[str, Any]]:
        listed = cloudfront.list_invalidations(DistributionId=distribution_id)["InvalidationList"]
        for item in listed.get("Items") or []:
            if item["Id"] not in paths:
                got = cloudfront.get_invalidation(DistributionId=distribution_id, Id=item["Id"])
                batch = got["Invalidation"]["InvalidationBatch"]
                paths[item["Id"]] = list(batch["Paths"].get("Items") or [])
        return [{"Id": key, "Paths": value} for key, value in paths.items()]

    return read


def _bucket_policy(s3: Any, bucket: str) -> ResourcePolicy:
    try:
        return ResourcePolicy.parse(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code")
        if code in {"NoSuchBucketPolicy", "NoSuchBucket"}:
            return ResourcePolicy(statements=())
        raise


def _load_api(
    aws: dict[str, Any],
    *,
    api_id: str,
    domain_name: str,
    zip_path: Path,
    code_root: Path,
    workers: int,
    runtime_override: Runtime | None,
    endpoint: str,
    region: str,
    extra_env: Mapping[str, str],
    warm: bool,
    metrics: MetricsPublisher | None,
) -> HttpApi:
    gw = aws["apigatewayv2"]
    try:
        gw.get_api(ApiId=api_id)
    except ClientError as exc:
        raise DeploymentError(f"HTTP API {api_id} is not deployed: {exc}") from exc
    integrations = {i["IntegrationId"]: i for i in gw.get_integrations(ApiId=api_id)["Items"]}
    route_uris: dict[str, str] = {}
    authorizations = _route_authorizations(gw, api_id, endpoint=endpoint)
    for route in gw.get_routes(ApiId=api_id)["Items"]:
        integration = integrations.get(route.get("Target", "").removeprefix("integrations/"))
        if not integration:
            continue
        if integration.get("IntegrationType") != "AWS_PROXY":
            raise DeploymentError(f"route {route['RouteKey']}: only Lambda proxy integrations")
        if integration.get("PayloadFormatVersion", "1.0") != "2.0":
            raise DeploymentError(f"route {route['RouteKey']}: only payload format 2.0")
        route_uris[route["RouteKey"]] = integration["IntegrationUri"]
    stages = {s["StageName"]: s for s in gw.get_stages(ApiId=api_id)["Items"]}
    api = HttpApi(
        api_id=api_id,
        domain_name=domain_name,
        account_id=aws["sts"].get_caller_identity()["Account"],
        region=region,
        has_default_stage="$default" in stages,
        authorizations=authorizations,
        throttle=StageThrottle.from_stage(stages.get("$default", {})),
    )
    built = code_sha256(zip_path) if zip_path.is_file() else None
    targets: dict[str, FunctionTarget] = {}
    for route_key, uri in sorted(route_uris.items()):
        function = function_from_integration_uri(uri)
        if function.arn not in targets:
            targets[function.arn] = function_target(
                aws["lambda"],
                function,
                built=built,
                zip_path=zip_path,
                code_root=code_root,
                workers=workers,
                runtime_override=runtime_override,
                endpoint=endpoint,
                region=region,
                extra_env=extra_env,
                logs=aws["logs"],
                metrics=metrics,
            )
        api.routes[route_key] = targets[function.arn]
    if warm:
        for target in targets.values():
            if target.pool is not None:
                target.pool.warm()
    return api


def _route_authorizations(gw: Any, api_id: str, *, endpoint: str) -> dict[str, RouteAuthorization]:
    """Each route's JWT authorizer and scopes, as the emulated HTTP API is configured."""
    fetch = cognito_via_emulator(endpoint)
    authorizers: dict[str, JwtAuthorizer] = {}
    authorizations: dict[str, RouteAuthorization] = {}
    for route in gw.get_routes(ApiId=api_id)["Items"]:
        kind = route.get("AuthorizationType") or "NONE"
        if kind == "NONE":
            continue
        authorizer_id = route.get("AuthorizerId")
        if kind != "JWT" or not authorizer_id:
            raise DeploymentError(
                f"route {route['RouteKey']}: authorization {kind} is not emulated (only JWT)"
            )
        if authorizer_id not in authorizers:
            # One by one: moto's apigatewayv2 does not list authorizers.
            item = gw.get_authorizer(ApiId=api_id, AuthorizerId=authorizer_id)
            try:
                authorizers[authorizer_id] = JwtAuthorizer.from_api(item, fetch=fetch)
            except ValueError as exc:
                raise DeploymentError(f"HTTP API {api_id}: {exc}") from None
        authorizations[route["RouteKey"]] = RouteAuthorization(
            authorizer=authorizers[authorizer_id],
            scopes=tuple(route.get("AuthorizationScopes") or ()),
        )
    return authorizations

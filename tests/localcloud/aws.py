"""boto3 clients for the test emulator, and a small deployment built directly with the API."""

from __future__ import annotations

import io
import json
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import boto3
from botocore.config import Config

from localcloud.awslambda.runtime import Runtime
from localcloud.cloudfront.edge import Edge
from localcloud.environment.deployment import load_edge
from localcloud.iam.policy import ResourcePolicy

REGION = "eu-west-1"
ACCOUNT = "123456789012"
FIXTURES = Path(__file__).parent / "fixtures"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
# Lambda may assume the role (a function's execution role).
LAMBDA_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}
# A function alias API Gateway may invoke, as an HTTP API route's integration names it.
API_FUNCTION_ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:shop-api:live"


def apigateway_may_invoke(arn: str = API_FUNCTION_ARN) -> ResourcePolicy:
    """The function's resource policy as `aws_lambda_permission` for API Gateway leaves it."""
    statement = {
        "Effect": "Allow",
        "Principal": {"Service": "apigateway.amazonaws.com"},
        "Action": "lambda:InvokeFunction",
        "Resource": arn,
    }
    return ResourcePolicy.parse(json.dumps({"Statement": [statement]}))


def local_edge(endpoint: str, shop: Shop, work: Path, **options) -> Edge:
    """The local edge for `shop`, its functions run by this interpreter (the fake handler runs
    on any Python; the real runtime lookup is exercised end to end)."""
    zip_path = work / "lambda.zip"
    zip_path.write_bytes(shop.zip_bytes)
    return load_edge(
        endpoint=endpoint,
        region=REGION,
        distribution_id=shop.distribution_id,
        zip_path=zip_path,
        code_root=work / "code",
        runtime_override=Runtime(python=Path(sys.executable), layers=()),
        **options,
    )


HOST_FORWARDER = Path(__file__).resolve().parents[2] / "modules/cdn/functions/forwarded_host.js"


def client(endpoint: str, service: str):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(s3={"addressing_style": "path"}),
    )


def fake_zip(*, marker: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(FIXTURES / "fake_handler.py", "fake_handler.py")
        archive.writestr("marker.txt", marker)
    return buffer.getvalue()


def oac_policy(bucket: str, distribution_arn: str, prefixes: list[str]) -> str:
    arn = f"arn:aws:s3:::{bucket}"
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "cloudfront.amazonaws.com"},
                    "Action": "s3:GetObject",
                    "Resource": [f"{arn}/{p}*" for p in prefixes],
                    "Condition": {"StringEquals": {"AWS:SourceArn": distribution_arn}},
                },
                {
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": [arn, f"{arn}/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                },
            ],
        }
    )


@dataclass
class Shop:
    """What `deploy_shop` created."""

    name: str
    distribution_id: str
    distribution_arn: str
    function_names: dict[str, str]
    zip_bytes: bytes
    api_id: str


def deploy_shop(endpoint: str, name: str, *, timeout: int = 2) -> Shop:
    """A miniature of the Terraform root: two buckets behind OAC, an HTTP API to a function's
    alias, one distribution with the host-forwarding function and a security headers policy."""
    s3 = client(endpoint, "s3")
    cloudfront = client(endpoint, "cloudfront")
    iam = client(endpoint, "iam")
    lam = client(endpoint, "lambda")
    gw = client(endpoint, "apigatewayv2")
    location = {"LocationConstraint": REGION}
    buckets = {"storefront": f"{name}-storefront", "assets": f"{name}-assets"}
    for bucket in buckets.values():
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration=location)
    s3.put_object(
        Bucket=buckets["storefront"],
        Key="index.html",
        Body=b"<h1>shop</h1>",
        ContentType="text/html; charset=utf-8",
        CacheControl="max-age=60",
    )
    s3.put_object(
        Bucket=buckets["storefront"],
        Key="assets/app.js",
        Body=b"app()",
        ContentType="text/javascript",
    )
    s3.put_object(
        Bucket=buckets["assets"],
        Key="static/app.css",
        Body=b"body{}",
        ContentType="text/css",
        CacheControl="public, max-age=31536000, immutable",
    )
    s3.put_object(Bucket=buckets["assets"], Key="private/secret.txt", Body=b"secret")

    role_arn = iam.create_role(
        RoleName=f"{name}-role",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "sts:AssumeRole",
                        "Principal": {"Service": "lambda.amazonaws.com"},
                    }
                ]
            }
        ),
    )["Role"]["Arn"]
    zip_bytes = fake_zip(marker=name)
    api = gw.create_api(Name=name, ProtocolType="HTTP")
    execution_arn = f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api['ApiId']}"
    # Like the root: the JSON API has a function of its own, everything else goes to "web".
    routes = {"$default": ("web", "/*/$default"), "ANY /api/{proxy+}": ("api", "/*/*/api/*")}
    for route_key, (role, source) in routes.items():
        function = lam.create_function(
            FunctionName=f"{name}-{role}",
            Runtime="python3.13",
            Role=role_arn,
            Handler="fake_handler.handler",
            Code={"ZipFile": zip_bytes},
            Timeout=timeout,
            Publish=True,
            Environment={"Variables": {"FAKE_ENV": role}},
        )
        alias = lam.create_alias(
            FunctionName=f"{name}-{role}", Name="live", FunctionVersion=function["Version"]
        )["AliasArn"]
        integration = gw.create_integration(
            ApiId=api["ApiId"],
            IntegrationType="AWS_PROXY",
            IntegrationUri=alias,
            PayloadFormatVersion="2.0",
        )
        gw.create_route(
            ApiId=api["ApiId"],
            RouteKey=route_key,
            Target=f"integrations/{integration['IntegrationId']}",
        )
        lam.add_permission(
            FunctionName=f"{name}-{role}",
            Qualifier="live",
            StatementId="api",
            Action="lambda:InvokeFunction",
            Principal="apigateway.amazonaws.com",
            SourceArn=execution_arn + source,
        )
    gw.create_stage(ApiId=api["ApiId"], StageName="$default", AutoDeploy=True)

    cf_function = cloudfront.create_function(
        Name=f"{name}-forwarded-host",
        FunctionConfig={"Comment": "", "Runtime": "cloudfront-js-2.0"},
        FunctionCode=HOST_FORWARDER.read_bytes(),
    )
    cloudfront.publish_function(Name=f"{name}-forwarded-host", IfMatch=cf_function["ETag"])
    headers_policy = cloudfront.create_response_headers_policy(
        ResponseHeadersPolicyConfig={
            "Name": f"{name}-security",
            "SecurityHeadersConfig": {
                "ContentTypeOptions": {"Override": True},
                "FrameOptions": {"FrameOption": "DENY", "Override": True},
            },
        }
    )["ResponseHeadersPolicy"]["Id"]
    oac = cloudfront.create_origin_access_control(
        OriginAccessControlConfig={
            "Name": name,
            "SigningProtocol": "sigv4",
            "SigningBehavior": "always",
            "OriginAccessControlOriginType": "s3",
        }
    )["OriginAccessControl"]["Id"]

    def s3_origin(role_name: str) -> dict:
        return {
            "Id": role_name,
            "DomainName": f"{buckets[role_name]}.s3.{REGION}.amazonaws.com",
            "S3OriginConfig": {"OriginAccessIdentity": ""},
            "OriginAccessControlId": oac,
        }

    def behaviour(pattern: str, origin: str) -> dict:
        return {
            "PathPattern": pattern,
            "TargetOriginId": origin,
            "ViewerProtocolPolicy": "redirect-to-https",
            "AllowedMethods": {
                "Quantity": 2,
                "Items": ["GET", "HEAD"],
                "CachedMethods": {"Quantity": 2, "Items": ["GET", "HEAD"]},
            },
            "CachePolicyId": CACHING_OPTIMIZED,
            "ResponseHeadersPolicyId": headers_policy,
        }

    function_arn = cf_function["FunctionSummary"]["FunctionMetadata"]["FunctionARN"]
    ordered = [
        behaviour("/static/*", "assets"),
        behaviour("/media/*", "assets"),
        behaviour("/index.html", "storefront"),
        behaviour("/assets/*", "storefront"),
    ]
    methods = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    distribution = cloudfront.create_distribution(
        DistributionConfig={
            "CallerReference": f"{name}-{time.time()}",
            "Comment": name,
            "Enabled": True,
            "DefaultRootObject": "index.html",
            "Origins": {
                "Quantity": 3,
                "Items": [
                    {
                        "Id": "api",
                        "DomainName": f"{api['ApiId']}.execute-api.{REGION}.amazonaws.com",
                        "CustomOriginConfig": {
                            "HTTPPort": 80,
                            "HTTPSPort": 443,
                            "OriginProtocolPolicy": "https-only",
                        },
                    },
                    s3_origin("storefront"),
                    s3_origin("assets"),
                ],
            },
            "DefaultCacheBehavior": {
                "TargetOriginId": "api",
                "ViewerProtocolPolicy": "redirect-to-https",
                "AllowedMethods": {
                    "Quantity": 7,
                    "Items": methods,
                    "CachedMethods": {"Quantity": 2, "Items": ["GET", "HEAD"]},
                },
                "CachePolicyId": CACHING_DISABLED,
                "OriginRequestPolicyId": ALL_VIEWER_EXCEPT_HOST,
                "ResponseHeadersPolicyId": headers_policy,
                "FunctionAssociations": {
                    "Quantity": 1,
                    "Items": [
                        {
                            "FunctionARN": function_arn,
                            "EventType": "viewer-request",
                        }
                    ],
                },
            },
            "CacheBehaviors": {"Quantity": len(ordered), "Items": ordered},
        }
    )["Distribution"]
    s3.put_bucket_policy(
        Bucket=buckets["storefront"],
        Policy=oac_policy(buckets["storefront"], distribution["ARN"], [""]),
    )
    s3.put_bucket_policy(
        Bucket=buckets["assets"],
        Policy=oac_policy(buckets["assets"], distribution["ARN"], ["static/", "media/"]),
    )
    return Shop(
        name=name,
        distribution_id=distribution["Id"],
        distribution_arn=distribution["ARN"],
        function_names={"web": f"{name}-web", "api": f"{name}-api"},
        zip_bytes=zip_bytes,
        api_id=api["ApiId"],
    )


def put_release_alarm(
    cloudwatch, function: str, *, version: str, period: int = 60, p99_ms: float | None = None
) -> None:
    """The alarms modules/lambda_app makes (release_alarms) on `version` behind `live`: errors,
    and with `p99_ms` the p99 duration one."""
    common = {
        "Namespace": "AWS/Lambda",
        "Period": period,
        "EvaluationPeriods": 1,
        "TreatMissingData": "notBreaching",
        "Dimensions": [
            {"Name": "FunctionName", "Value": function},
            {"Name": "Resource", "Value": f"{function}:live"},
            {"Name": "ExecutedVersion", "Value": version},
        ],
    }
    cloudwatch.put_metric_alarm(
        AlarmName=f"{function}-release-errors",
        MetricName="Errors",
        Statistic="Sum",
        Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        **common,
    )
    if p99_ms is not None:
        cloudwatch.put_metric_alarm(
            AlarmName=f"{function}-release-p99-duration",
            MetricName="Duration",
            ExtendedStatistic="p99",
            Threshold=p99_ms,
            ComparisonOperator="GreaterThanThreshold",
            **common,
        )


def aurora_cluster(endpoint: str, name: str, **extra) -> dict:
    """An Aurora PostgreSQL cluster with an RDS-managed master secret, as modules/database."""
    return client(endpoint, "rds").create_db_cluster(
        DBClusterIdentifier=name,
        Engine="aurora-postgresql",
        EngineVersion="16.6",
        EngineMode="provisioned",
        DatabaseName="shop",
        MasterUsername="shop",
        ManageMasterUserPassword=True,
        **extra,
    )["DBCluster"]

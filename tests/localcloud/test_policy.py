import json

import pytest

from localcloud.iam.policy import APIGATEWAY_SERVICE, CLOUDFRONT_SERVICE, ResourcePolicy

DIST = "arn:aws:cloudfront::123456789012:distribution/E1"
BUCKET = "arn:aws:s3:::shop-assets"
# The storage module's shape: CloudFront may read two prefixes, nobody may use plain HTTP.
BUCKET_POLICY = ResourcePolicy.parse(
    json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": CLOUDFRONT_SERVICE},
                    "Action": "s3:GetObject",
                    "Resource": [f"{BUCKET}/static/*", f"{BUCKET}/media/*"],
                    "Condition": {"StringEquals": {"AWS:SourceArn": DIST}},
                },
                {
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": [BUCKET, f"{BUCKET}/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                },
            ],
        }
    )
)
TLS = {"AWS:SourceArn": DIST, "aws:SecureTransport": "true"}
PLAIN_HTTP = {**TLS, "aws:SecureTransport": "false"}
EXECUTE_API = "arn:aws:execute-api:eu-west-1:123456789012"


@pytest.mark.parametrize(
    ("action", "resource", "context", "allowed"),
    [
        ("s3:GetObject", f"{BUCKET}/static/app.css", TLS, True),
        ("s3:GetObject", f"{BUCKET}/private/x", TLS, False),
        ("s3:ListBucket", BUCKET, TLS, False),
        ("s3:GetObject", f"{BUCKET}/static/app.css", {**TLS, "AWS:SourceArn": DIST + "X"}, False),
        (
            "s3:GetObject",
            f"{BUCKET}/static/app.css",
            {**TLS, "aws:SecureTransport": "false"},
            False,
        ),
        ("s3:GetObject", f"{BUCKET}/static/app.css", {"aws:SecureTransport": "true"}, False),
    ],
)
def test_bucket_policy_for_cloudfront(action, resource, context, allowed):
    assert BUCKET_POLICY.allows(CLOUDFRONT_SERVICE, action, resource, context) is allowed


def test_another_service_is_not_cloudfront():
    context = TLS
    resource = f"{BUCKET}/static/app.css"
    assert not BUCKET_POLICY.allows(APIGATEWAY_SERVICE, "s3:GetObject", resource, context)


def test_lambda_permission_scoped_by_source_arn():
    function = "arn:aws:lambda:eu-west-1:123456789012:function:shop-web:live"
    policy = ResourcePolicy.parse(
        json.dumps(
            {
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": APIGATEWAY_SERVICE},
                        "Action": "lambda:InvokeFunction",
                        "Resource": function,
                        "Condition": {
                            "ArnLike": {"AWS:SourceArn": f"{EXECUTE_API}:api1/*/$default"}
                        },
                    }
                ]
            }
        )
    )
    good = {"AWS:SourceArn": "arn:aws:execute-api:eu-west-1:123456789012:api1/$default/$default"}
    other_api = {
        "AWS:SourceArn": "arn:aws:execute-api:eu-west-1:123456789012:api2/$default/$default"
    }
    invoke = "lambda:InvokeFunction"
    assert policy.allows(APIGATEWAY_SERVICE, invoke, function, good)
    assert not policy.allows(APIGATEWAY_SERVICE, invoke, function, other_api)
    assert not policy.allows(APIGATEWAY_SERVICE, invoke, function.rsplit(":", 1)[0], good)


def test_no_policy_allows_nothing():
    empty = ResourcePolicy.parse(None)
    assert not empty.allows(CLOUDFRONT_SERVICE, "s3:GetObject", f"{BUCKET}/x", TLS)

"""The emulator gaps localcloud.emulator.ext fills, checked through the API as Terraform uses it."""

import json
import time

import pytest
from botocore.exceptions import ClientError

from tests.localcloud.aws import REGION, client, oac_policy


def test_cloudfront_functions_publish_to_a_live_stage(moto_endpoint):
    cloudfront = client(moto_endpoint, "cloudfront")
    created = cloudfront.create_function(
        Name="ext-fn",
        FunctionConfig={"Comment": "", "Runtime": "cloudfront-js-2.0"},
        FunctionCode=b"function handler(event) { return event.request; }",
    )
    with pytest.raises(ClientError, match="NoSuchFunctionExists"):
        cloudfront.get_function(Name="ext-fn", Stage="LIVE")
    cloudfront.publish_function(Name="ext-fn", IfMatch=created["ETag"])
    updated = cloudfront.update_function(
        Name="ext-fn",
        IfMatch=created["ETag"],
        FunctionConfig={"Comment": "v2", "Runtime": "cloudfront-js-2.0"},
        FunctionCode=b"function handler(event) { return event.request; } // v2",
    )
    live = cloudfront.get_function(Name="ext-fn", Stage="LIVE")["FunctionCode"].read()
    development = cloudfront.get_function(Name="ext-fn")["FunctionCode"].read()
    assert (live.endswith(b"// v2"), development.endswith(b"// v2")) == (False, True)
    summary = cloudfront.describe_function(Name="ext-fn", Stage="LIVE")["FunctionSummary"]
    assert summary["FunctionMetadata"]["Stage"] == "LIVE"
    with pytest.raises(ClientError, match="PreconditionFailed"):
        cloudfront.publish_function(Name="ext-fn", IfMatch=created["ETag"])
    cloudfront.publish_function(Name="ext-fn", IfMatch=updated["ETag"])
    live = cloudfront.get_function(Name="ext-fn", Stage="LIVE")["FunctionCode"].read()
    assert live.endswith(b"// v2")


CACHE_POLICY = {
    "Name": "ext-catalogue",
    "MinTTL": 0,
    "DefaultTTL": 30,
    "MaxTTL": 300,
    "ParametersInCacheKeyAndForwardedToOrigin": {
        "EnableAcceptEncodingGzip": True,
        "EnableAcceptEncodingBrotli": True,
        "HeadersConfig": {"HeaderBehavior": "none"},
        "CookiesConfig": {"CookieBehavior": "none"},
        "QueryStringsConfig": {
            "QueryStringBehavior": "whitelist",
            "QueryStrings": {"Quantity": 2, "Items": ["page", "page_size"]},
        },
    },
}
HEADERS_POLICY = {
    "Name": "ext-headers",
    "SecurityHeadersConfig": {"ContentTypeOptions": {"Override": True}},
}


@pytest.mark.parametrize(
    ("kind", "config"),
    [("response_headers_policy", HEADERS_POLICY), ("cache_policy", CACHE_POLICY)],
)
def test_custom_policies_round_trip(moto_endpoint, kind, config):
    cloudfront = client(moto_endpoint, "cloudfront")
    shape = "".join(part.title() for part in kind.split("_"))  # CachePolicy
    call = {name: getattr(cloudfront, f"{name}_{kind}") for name in ("create", "get", "update")}
    created = call["create"](**{f"{shape}Config": config})
    policy_id = created[shape]["Id"]
    got = call["get"](Id=policy_id)
    assert got[shape][f"{shape}Config"] == config
    with pytest.raises(ClientError) as duplicate:
        call["create"](**{f"{shape}Config": config})
    assert duplicate.value.response["Error"]["Code"] == f"{shape}AlreadyExists"
    assert duplicate.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    changed = {**config, "Comment": "changed"}
    with pytest.raises(ClientError, match="PreconditionFailed"):
        call["update"](Id=policy_id, IfMatch="stale", **{f"{shape}Config": changed})
    updated = call["update"](Id=policy_id, IfMatch=got["ETag"], **{f"{shape}Config": changed})
    config_only = getattr(cloudfront, f"get_{kind}_config")(Id=policy_id)
    assert config_only[f"{shape}Config"]["Comment"] == "changed"
    plural = "cache_policies" if kind == "cache_policy" else "response_headers_policies"
    listed = getattr(cloudfront, f"list_{plural}")()[f"{shape}List"]["Items"]
    assert policy_id in {p[shape]["Id"] for p in listed}
    getattr(cloudfront, f"delete_{kind}")(Id=policy_id, IfMatch=updated["ETag"])
    with pytest.raises(ClientError) as missing:
        call["get"](Id=policy_id)
    assert missing.value.response["Error"]["Code"] == f"NoSuch{shape}"
    assert missing.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_distributions_read_back_as_written(moto_endpoint):
    cloudfront = client(moto_endpoint, "cloudfront")
    arn = "arn:aws:cloudfront::123456789012:function/ext-any"
    origin = {
        "Id": "s3",
        "DomainName": f"ext-bucket.s3.{REGION}.amazonaws.com",
        "S3OriginConfig": {"OriginAccessIdentity": ""},
        "OriginAccessControlId": "OAC123",
    }
    created = cloudfront.create_distribution(
        DistributionConfig={
            "CallerReference": f"ext-{time.time()}",
            "Comment": "ext",
            "Enabled": True,
            "Origins": {"Quantity": 1, "Items": [origin]},
            "DefaultCacheBehavior": {
                "TargetOriginId": "s3",
                "ViewerProtocolPolicy": "redirect-to-https",
                "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
                "FunctionAssociations": {
                    "Quantity": 1,
                    "Items": [{"FunctionARN": arn, "EventType": "viewer-request"}],
                },
            },
        }
    )["Distribution"]
    config = cloudfront.get_distribution(Id=created["Id"])["Distribution"]["DistributionConfig"]
    default = config["DefaultCacheBehavior"]
    assert default["FunctionAssociations"] == {
        "Quantity": 1,
        "Items": [{"FunctionARN": arn, "EventType": "viewer-request"}],
    }
    assert "ForwardedValues" not in default
    read_origin = config["Origins"]["Items"][0]
    assert read_origin["OriginAccessControlId"] == "OAC123"
    assert read_origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    assert "SSLSupportMethod" not in config["ViewerCertificate"]


def test_a_condition_that_does_not_hold_does_not_deny(moto_endpoint):
    s3 = client(moto_endpoint, "s3")
    bucket = "ext-guarded"
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_bucket_policy(
        Bucket=bucket,
        Policy=oac_policy(bucket, "arn:aws:cloudfront::123456789012:distribution/E1", [""]),
    )
    # The "deny plain HTTP" guard no longer blocks writes: the emulator stands in for TLS.
    s3.put_object(Bucket=bucket, Key="media/a.svg", Body=b"<svg/>")
    assert s3.get_object(Bucket=bucket, Key="media/a.svg")["Body"].read() == b"<svg/>"


def test_a_condition_that_holds_still_denies(moto_endpoint):
    s3 = client(moto_endpoint, "s3")
    bucket = "ext-locked"
    arn = f"arn:aws:s3:::{bucket}"
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_bucket_policy(
        Bucket=bucket,
        Policy=json.dumps(
            {
                "Statement": [
                    {
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:PutObject",
                        "Resource": f"{arn}/*",
                        "Condition": {"Bool": {"aws:SecureTransport": "true"}},
                    }
                ]
            }
        ),
    )
    with pytest.raises(ClientError, match=r"403|AccessDenied|Forbidden"):
        s3.put_object(Bucket=bucket, Key="x", Body=b"x")


def test_an_updated_distribution_keeps_what_the_update_says(moto_endpoint):
    cloudfront = client(moto_endpoint, "cloudfront")
    arn = "arn:aws:cloudfront::123456789012:function/ext-update"
    behaviour = {
        "PathPattern": "/static/*",
        "TargetOriginId": "s3",
        "ViewerProtocolPolicy": "redirect-to-https",
        "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
    }
    created = cloudfront.create_distribution(
        DistributionConfig={
            "CallerReference": f"ext-update-{time.time()}",
            "Comment": "ext-update",
            "Enabled": True,
            "Origins": {
                "Quantity": 1,
                "Items": [{"Id": "s3", "DomainName": f"b.s3.{REGION}.amazonaws.com"}],
            },
            "DefaultCacheBehavior": {
                "TargetOriginId": "s3",
                "ViewerProtocolPolicy": "redirect-to-https",
                "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
                "FunctionAssociations": {
                    "Quantity": 1,
                    "Items": [{"FunctionARN": arn, "EventType": "viewer-request"}],
                },
            },
            "CacheBehaviors": {"Quantity": 1, "Items": [behaviour]},
        }
    )["Distribution"]
    current = cloudfront.get_distribution_config(Id=created["Id"])
    config = current["DistributionConfig"]
    config["CacheBehaviors"]["Items"][0]["PathPattern"] = "/assets/*"
    cloudfront.update_distribution(
        Id=created["Id"], IfMatch=current["ETag"], DistributionConfig=config
    )
    read = cloudfront.get_distribution(Id=created["Id"])["Distribution"]["DistributionConfig"]
    assert [b["PathPattern"] for b in read["CacheBehaviors"]["Items"]] == ["/assets/*"]
    assert read["DefaultCacheBehavior"]["FunctionAssociations"]["Items"][0]["FunctionARN"] == arn

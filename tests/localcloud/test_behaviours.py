import pytest

from localcloud.cloudfront.behaviours import (
    Distribution,
    DistributionError,
    Origin,
    pattern_matches,
)

API = "abc123.execute-api.eu-west-1.amazonaws.com"


def behaviour(path: str | None, origin: str, **extra):
    item = {
        "TargetOriginId": origin,
        "ViewerProtocolPolicy": "redirect-to-https",
        "AllowedMethods": {"Quantity": 3, "Items": ["GET", "HEAD", "OPTIONS"]},
        **extra,
    }
    if path is not None:
        item["PathPattern"] = path
    return item


def api_distribution(*ordered, root_object="index.html", default_origin="api"):
    return {
        "Id": "E123",
        "ARN": "arn:aws:cloudfront::123456789012:distribution/E123",
        "DomainName": "d111.cloudfront.net",
        "DistributionConfig": {
            "Origins": {
                "Quantity": 3,
                "Items": [
                    {"Id": "api", "DomainName": API, "CustomOriginConfig": {"HTTPPort": 80}},
                    {
                        "Id": "storefront",
                        "DomainName": "shop-storefront.s3.eu-west-1.amazonaws.com",
                        "S3OriginConfig": {"OriginAccessIdentity": ""},
                        "OriginAccessControlId": "OAC1",
                    },
                    {
                        "Id": "assets",
                        "DomainName": "shop-assets.s3.amazonaws.com",
                        "OriginAccessControlId": "OAC1",
                    },
                ],
            },
            "DefaultCacheBehavior": behaviour(None, default_origin),
            "CacheBehaviors": {"Quantity": len(ordered), "Items": list(ordered)},
            "DefaultRootObject": root_object,
            "Enabled": True,
        },
    }


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("/static/*", "/static/admin/css/base.css", True),
        ("/static/*", "/static/", True),
        ("/static/*", "/static", False),
        ("/static/*", "/staticfiles/x", False),
        ("static/*", "/static/x", True),  # the leading slash is optional
        ("*.jpg", "/a/b/c.jpg", True),
        ("/images/?.png", "/images/a.png", True),
        ("/images/?.png", "/images/ab.png", False),
        ("/Static/*", "/static/x", False),  # case-sensitive
        ("/a+b/*", "/a+b/c", True),  # regex characters are literal
        ("/a+b/*", "/aab/c", False),
        ("/index.html", "/index.html", True),
        ("/index.html", "/index.htm", False),
        ("*", "/anything/at/all", True),
    ],
)
def test_pattern_matching_follows_cloudfront_wildcards(pattern, path, expected):
    assert pattern_matches(pattern, path) is expected


def test_routes_first_matching_behaviour_else_default():
    dist = Distribution.from_api(
        api_distribution(
            behaviour("/static/*", "assets"),
            behaviour("/static/special/*", "storefront"),  # never reached: listed second
            behaviour("/index.html", "storefront"),
            behaviour("/assets/*", "storefront"),
        )
    )
    assert dist.route("/static/special/x.css").origin.id == "assets"
    assert dist.route("/assets/app.js").origin.id == "storefront"
    assert dist.route("/api/products").origin.id == "api"
    assert dist.route("/api/products").behaviour.path_pattern == "*"


def test_default_root_object_applies_to_the_root_only():
    dist = Distribution.from_api(api_distribution(behaviour("/index.html", "storefront")))
    root = dist.route("/")
    assert (root.path, root.origin.id) == ("/index.html", "storefront")
    sub = dist.route("/sub/")
    assert (sub.path, sub.origin.id) == ("/sub/", "api")


def test_without_default_root_object_the_root_goes_to_the_default_behaviour():
    dist = Distribution.from_api(
        api_distribution(behaviour("/index.html", "storefront"), root_object="")
    )
    assert dist.route("/").origin.id == "api"
    assert dist.route("/").path == "/"


def test_reads_origins_methods_policies_and_functions():
    arn = "arn:aws:cloudfront::123456789012:function/shop-forwarded-host"
    config = api_distribution()
    config["DistributionConfig"]["DefaultCacheBehavior"].update(
        AllowedMethods={"Quantity": 2, "Items": ["GET", "POST"]},
        CachePolicyId="cp",
        OriginRequestPolicyId="orp",
        ResponseHeadersPolicyId="rhp",
        FunctionAssociations={
            "Quantity": 1,
            "Items": [{"EventType": "viewer-request", "FunctionARN": arn}],
        },
    )
    dist = Distribution.from_api(config)
    default = dist.default_behaviour
    assert default.allowed_methods == frozenset({"GET", "POST"})
    assert (default.cache_policy_id, default.origin_request_policy_id) == ("cp", "orp")
    assert default.response_headers_policy_id == "rhp"
    assert default.function_for("viewer-request").function_name == "shop-forwarded-host"
    assert default.function_for("viewer-response") is None
    assert {o.id: o.kind for o in dist.origins.values()} == {
        "api": "custom",
        "storefront": "s3",
        "assets": "s3",
    }


def test_a_behaviour_for_an_unknown_origin_is_refused():
    with pytest.raises(DistributionError, match="unknown origin 'nowhere'"):
        Distribution.from_api(api_distribution(behaviour("/x/*", "nowhere")))


@pytest.mark.parametrize(
    ("domain", "bucket"),
    [
        ("shop-assets.s3.eu-west-1.amazonaws.com", "shop-assets"),
        ("shop-assets.s3.amazonaws.com", "shop-assets"),
        ("shop.assets.s3-eu-west-1.amazonaws.com", "shop.assets"),
    ],
)
def test_bucket_name_comes_from_the_s3_domain(domain, bucket):
    assert Origin(id="o", domain_name=domain, kind="s3").bucket == bucket


def test_a_custom_origin_has_no_bucket():
    with pytest.raises(DistributionError, match="not an S3 origin"):
        _ = Origin(id="api", domain_name=API).bucket

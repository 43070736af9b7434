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


def _tag(resource: dict[str, Any], key: str = "Name") -> str:
    return next((t["Value"] for t in resource.get("Tags") or [] if t["Key"] == key), "")


def _network(ec2: Any) -> dict[str, list[str]]:
    # VPC resources carry their names in the Name tag (modules/network), security groups in
    # GroupName.
    return {
        "vpcs": [_tag(v) for v in _pages(ec2, "describe_vpcs", "Vpcs")],
        "subnets": [_tag(s) for s in _pages(ec2, "describe_subnets", "Subnets")],
        "route tables": [_tag(r) for r in _pages(ec2, "describe_route_tables", "RouteTables")],
        # A deleted endpoint stays listed for a while, in state "deleted", on AWS as in moto.
        "vpc endpoints": [
            _tag(e)
            for e in _pages(ec2, "describe_vpc_endpoints", "VpcEndpoints")
            if e.get("State", "").lower() != "deleted"
        ],
        "security groups": [
            g["GroupName"] for g in _pages(ec2, "describe_security_groups", "SecurityGroups")
        ],
    }


def _database(rds: Any) -> dict[str, list[str]]:
    groups = _pages(rds, "describe_db_cluster_parameter_groups", "DBClusterParameterGroups")
    return {
        "db clusters": [
            c["DBClusterIdentifier"] for c in _pages(rds, "describe_db_clusters", "DBClusters")
        ],
        "db instances": [
            i["DBInstanceIdentifier"] for i in _pages(rds, "describe_db_instances", "DBInstances")
        ],
        # Final snapshots are the ones a destroy keeps on purpose; they are still the env's.
        "db cluster snapshots": [
            s["DBClusterSnapshotIdentifier"]
            for s in _pages(rds, "describe_db_cluster_snapshots", "DBClusterSnapshots")
            if s.get("SnapshotType") != "automated"
        ],
        "db subnet groups": [
            g["DBSubnetGroupName"]
            for g in _pages(rds, "describe_db_subnet_groups", "DBSubnetGroups")
        ],
        "db cluster parameter groups": [g["DBClusterParameterGroupName"] for g in groups],
    }


def _pipeline(aws: dict[str, Any], prefix: str) -> dict[str, list[str]]:
    """The order pipeline (terraform/pipeline.tf): queues, topic, schedule, mapping, identity."""
    sqs, lambda_ = aws["sqs"], aws["lambda"]
    mappings = _pages(lambda_, "list_event_source_mappings", "EventSourceMappings")
    return {
        "sqs queues": [
            url.rsplit("/", 1)[-1]
            for url in sqs.list_queues(QueueNamePrefix=prefix).get("QueueUrls") or []
        ],
        "sns topics": [
            t["TopicArn"].rsplit(":", 1)[-1] for t in _pages(aws["sns"], "list_topics", "Topics")
        ],
        "event rules": [r["Name"] for r in aws["events"].list_rules().get("Rules") or []],
        # arn:aws:lambda:<region>:<account>:function:<name>[:<alias>]
        "event source mappings": [m["FunctionArn"].split(":")[6] for m in mappings],
        "alarms": [
            a["AlarmName"] for a in _pages(aws["cloudwatch"], "describe_alarms", "MetricAlarms")
        ],
        "ses identities": _identities(aws, prefix),
    }


def _identities(aws: dict[str, Any], prefix: str) -> list[str]:
    """SES identities are named by their address or domain: the environment's by its tags."""
    sesv2 = aws["sesv2"]
    identities = sesv2.list_email_identities().get("EmailIdentities") or []
    if not identities:
        return []
    account = aws["sts"].get_caller_identity()["Account"]
    arn = f"arn:aws:ses:{sesv2.meta.region_name}:{account}:identity/"
    found = []
    for identity in identities:
        tags = sesv2.list_tags_for_resource(ResourceArn=arn + identity["IdentityName"])
        values = {t["Key"]: t["Value"] for t in tags.get("Tags") or []}
        if f"{values.get('Project')}-{values.get('Environment')}" == prefix:
            found.append(f"{prefix}/{identity['IdentityName']}")
    return found


def _secret_owner(secret: dict[str, Any]) -> str:
    """A secret's name, or for one RDS manages (rds!cluster-<uuid>) its cluster's identifier."""
    cluster_arn = _tag(secret, "aws:rds:primaryDBClusterArn")
    return cluster_arn.rsplit(":", 1)[-1] if cluster_arn else secret["Name"]


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
        "secrets": [
            _secret_owner(s) for s in _pages(aws["secretsmanager"], "list_secrets", "SecretList")
        ],
        "iam roles": [r["RoleName"] for r in _pages(aws["iam"], "list_roles", "Roles")],
        # /aws/lambda/<function>, /aws/rds/cluster/<cluster>/postgresql, ...: any path segment.
        "log groups": [
            next((part for part in g["logGroupName"].split("/") if _belongs(part, prefix)), "")
            for g in _pages(aws["logs"], "describe_log_groups", "logGroups")
        ],
        **_pipeline(aws, prefix),
        **_network(aws["ec2"]),
        **_database(aws["rds"]),
    }
    return {kind: sorted(n for n in names if _belongs(n, prefix)) for kind, names in found.items()}

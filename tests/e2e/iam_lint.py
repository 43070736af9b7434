"""parliament (offline IAM linter) over every IAM policy as the emulator holds it after `make up`.

The documents are read back from the emulator, so they are exactly what Terraform rendered and
sent: the bootstrap's deploy-role policies and permissions boundaries, the root's function-role
policies (inline and attached customer managed ones) and its bucket policies. Trust policies are
not linted: parliament reads them as identity policies (it wants a Resource and does not know
GitHub's federation); the emulator's evaluator checks them in localcloud.environment.bootstrap.

Every finding fails, unless it is accepted below with the reason.
"""

from __future__ import annotations

import json
from typing import Any

from parliament import analyze_policy_string

# (issue, action) -> why it is right as written.
ACCEPTED: dict[tuple[str, str], str] = {
    **{
        ("RESOURCE_STAR", action): (
            "a VPC function's network interfaces: AWS allows only * for these "
            "(as AWSLambdaVPCAccessExecutionRole grants them)"
        )
        for action in (
            "ec2:CreateNetworkInterface",
            "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses",
        )
    },
    ("RESOURCE_MISMATCH", "ses:CreateEmailIdentity"): (
        "the ses: prefix is shared with the older Pinpoint Email API, whose CreateEmailIdentity "
        "took *; SES v2's requires the identity* resource (Service Authorization Reference), "
        "which the statement names"
    ),
    ("RESOURCE_STAR", "rds:DescribeGlobalClusters"): (
        "read only; the AWS provider lists global clusters without an identifier while it reads "
        "a cluster, which a global-cluster ARN would not match"
    ),
}


def documents(clients: dict[str, Any]) -> dict[str, dict]:
    """Every identity and bucket policy in the emulator, by a name saying where it is."""
    iam, s3 = clients["iam"], clients["s3"]
    found: dict[str, dict] = {}
    for page in iam.get_paginator("list_policies").paginate(Scope="Local"):
        for policy in page["Policies"]:
            version = iam.get_policy_version(
                PolicyArn=policy["Arn"], VersionId=policy["DefaultVersionId"]
            )
            found[f"policy {policy['PolicyName']}"] = _json(version["PolicyVersion"]["Document"])
    for page in iam.get_paginator("list_roles").paginate():
        for role in page["Roles"]:
            name = role["RoleName"]
            for policy in iam.list_role_policies(RoleName=name)["PolicyNames"]:
                document = iam.get_role_policy(RoleName=name, PolicyName=policy)["PolicyDocument"]
                found[f"role {name} inline {policy}"] = _json(document)
    for bucket in s3.list_buckets()["Buckets"]:
        try:
            policy = s3.get_bucket_policy(Bucket=bucket["Name"])["Policy"]
        except s3.exceptions.ClientError:
            continue
        found[f"bucket {bucket['Name']}"] = _json(policy)
    return found


def _json(document: str | dict) -> dict:
    return json.loads(document) if isinstance(document, str) else document


def findings(named: dict[str, dict]) -> list[str]:
    """parliament's findings that are not accepted, one line each."""
    refused = []
    for name, document in sorted(named.items()):
        policy = analyze_policy_string(json.dumps(document), include_community_auditors=False)
        for finding in policy.findings:
            actions = _actions(finding)
            if actions and all((finding.issue, a) in ACCEPTED for a in actions):
                continue
            refused.append(f"{name}: {finding.issue} {finding.detail} {finding.location}")
    return refused


def _actions(finding: Any) -> list[str]:
    detail = finding.detail
    if isinstance(detail, list):
        return [d["action"] if isinstance(d, dict) else str(d) for d in detail]
    return []

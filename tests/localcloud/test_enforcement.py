"""The emulator authorizes requests signed with a session it issued, as AWS would.

Each check goes through the real emulator: an administrator (the dummy keys) creates a role, moto's
STS issues a web-identity session of it, and the session's calls pass or fail by the role's
policy. Both wire formats are checked, because Terraform's SDK retries an error it cannot read.
"""

from __future__ import annotations

import json
import uuid

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.localcloud.aws import ACCOUNT, REGION, client

BOUNDARY = f"arn:aws:iam::{ACCOUNT}:policy/ext-boundary"
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Principal": {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/example"},
        }
    ],
}


def _policy(prefix: str) -> dict:
    fn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{prefix}-*"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": ["lambda:GetFunction", "lambda:CreateFunction"],
             "Resource": [fn]},
            {"Effect": "Allow", "Action": ["s3:CreateBucket", "s3:PutObject", "s3:ListBucket"],
             "Resource": [f"arn:aws:s3:::{prefix}-*", f"arn:aws:s3:::{prefix}-*/*"]},
            {"Effect": "Allow", "Action": ["logs:CreateLogGroup"],
             "Resource": [f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{prefix}-*"]},
            {"Effect": "Allow",
             "Action": ["ec2:DescribeVpcs", "cloudfront:ListResponseHeadersPolicies"],
             "Resource": ["*"]},
            {"Effect": "Allow", "Action": ["iam:CreateRole"],
             "Resource": [f"arn:aws:iam::{ACCOUNT}:role/{prefix}-*"],
             "Condition": {"StringEquals": {"iam:PermissionsBoundary": BOUNDARY}}},
            {"Effect": "Allow", "Action": ["iam:PassRole"],
             "Resource": [f"arn:aws:iam::{ACCOUNT}:role/{prefix}-*"],
             "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}},
        ],
    }  # fmt: skip


@pytest.fixture(scope="module")
def session(moto_endpoint):
    """A web-identity session of a role allowed a few actions on `<prefix>-*` resources."""
    prefix = f"enf{uuid.uuid4().hex[:6]}"
    iam = client(moto_endpoint, "iam")
    role = iam.create_role(RoleName=f"deploy-{prefix}", AssumeRolePolicyDocument=json.dumps(TRUST))
    iam.put_role_policy(
        RoleName=f"deploy-{prefix}", PolicyName="p", PolicyDocument=json.dumps(_policy(prefix))
    )
    credentials = client(moto_endpoint, "sts").assume_role_with_web_identity(
        RoleArn=role["Role"]["Arn"], RoleSessionName="test", WebIdentityToken="a.b.c"
    )["Credentials"]
    boto = boto3.session.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        region_name=REGION,
    )
    config = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1})
    return prefix, lambda service: boto.client(service, endpoint_url=moto_endpoint, config=config)


def _denied(call, action: str) -> str:
    with pytest.raises(ClientError) as raised:
        call()
    error = raised.value.response["Error"]
    assert error["Code"] in {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation"}
    assert f"is not authorized to perform: {action}" in error["Message"]
    return error["Message"]


def test_allowed_calls_pass_on_their_resources(session):
    prefix, aws = session
    aws("s3").create_bucket(
        Bucket=f"{prefix}-b", CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    aws("s3").put_object(Bucket=f"{prefix}-b", Key="k", Body=b"\xff\x00")
    aws("logs").create_log_group(logGroupName=f"{prefix}-logs")
    aws("ec2").describe_vpcs()
    aws("cloudfront").list_response_headers_policies()
    assert aws("sts").get_caller_identity()["Arn"].endswith(f"deploy-{prefix}/test")
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        aws("lambda").get_function(FunctionName=f"{prefix}-missing")


def test_each_protocol_names_the_denied_action(session):
    prefix, aws = session
    message = _denied(
        lambda: aws("s3").create_bucket(
            Bucket=f"other-{prefix}", CreateBucketConfiguration={"LocationConstraint": REGION}
        ),
        "s3:CreateBucket",
    )
    assert f"arn:aws:s3:::other-{prefix}" in message
    _denied(lambda: aws("s3").get_object(Bucket=f"{prefix}-b", Key="k"), "s3:GetObject")
    _denied(lambda: aws("logs").create_log_group(logGroupName="other"), "logs:CreateLogGroup")
    _denied(lambda: aws("lambda").get_function(FunctionName="other"), "lambda:GetFunction")
    _denied(lambda: aws("ec2").create_vpc(CidrBlock="10.9.0.0/16"), "ec2:CreateVpc")
    _denied(lambda: aws("cloudfront").list_distributions(), "cloudfront:ListDistributions")


def test_conditions_on_the_request_are_evaluated(session):
    prefix, aws = session
    create = {"RoleName": f"{prefix}-fn", "AssumeRolePolicyDocument": json.dumps(TRUST)}
    _denied(lambda: aws("iam").create_role(**create), "iam:CreateRole")
    role = aws("iam").create_role(**create, PermissionsBoundary=BOUNDARY)["Role"]["Arn"]
    # Creating a function also needs iam:PassRole on its role, as on AWS.
    _denied(
        lambda: aws("lambda").create_function(
            FunctionName=f"{prefix}-fn",
            Runtime="python3.13",
            Role=role.replace(f"{prefix}-fn", "elsewhere"),
            Handler="h.h",
            Code={"ZipFile": b"PK\x05\x06" + b"\x00" * 18},
        ),
        "iam:PassRole",
    )


def test_the_administrator_keys_stay_unrestricted(moto_endpoint, session):
    client(moto_endpoint, "ec2").describe_vpcs()
    client(moto_endpoint, "cloudfront").list_distributions()

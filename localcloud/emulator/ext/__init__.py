"""Gaps in moto that the real Terraform root runs into, filled in for the emulator only.

Each patch implements AWS behaviour moto lacks, so that the Terraform modules need no emulator
switch. They are installed by `localcloud.emulator` before moto builds its URL maps.
"""

from __future__ import annotations

from localcloud.emulator.ext import (
    apigatewayv2,
    awslambda,
    cloudfront,
    cloudwatch,
    cognito,
    ec2,
    faults,
    iam,
    lambda_esm,
    lambda_quota,
    lambda_vpc,
    rds,
    ses_mailbox,
    sqs,
)


def install() -> None:
    apigatewayv2.install()
    awslambda.install()
    cloudfront.install()
    cloudwatch.install()
    ec2.install()
    cognito.install()
    iam.install()
    faults.install()  # wraps IAM's check
    lambda_esm.install()
    lambda_quota.install()
    lambda_vpc.install()
    rds.install()
    ses_mailbox.install()
    sqs.install()

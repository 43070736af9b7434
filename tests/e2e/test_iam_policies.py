"""parliament over every IAM policy `make up` rendered: the bootstrap's three deploy roles'
policies and boundaries, the environment's function roles and its bucket policies, read back
from the emulator after the e2e session's apply (no apply of its own)."""

from __future__ import annotations

import pytest

from localcloud.environment.deployment import clients
from tests.e2e import iam_lint
from tests.e2e.shop import LocalShop

pytestmark = pytest.mark.slow


def test_parliament_finds_nothing_in_the_rendered_policies(local_shop: LocalShop):
    emulator = clients(local_shop.moto_endpoint, local_shop.deployment["region"])
    documents = iam_lint.documents(emulator)
    names = sorted(documents)
    # The bootstrap's (3 levels) and the environment's own: a lint of nothing proves nothing.
    assert sum(n.startswith("policy github-deploy-lambda-shop-") for n in names) >= 21, names
    assert sum(n.endswith("-function-boundary") for n in names) == 3, names
    assert any(n.startswith("role lambda-shop-pr-e2e-") for n in names), names
    assert any(n.startswith("bucket lambda-shop-pr-e2e-") for n in names), names
    assert iam_lint.findings(documents) == []


def test_the_linter_fails_an_invalid_action_and_a_resource_mismatch():
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["cloudfront:CreateDistributionWithTags"],
                "Resource": ["arn:aws:cloudfront::123456789012:distribution/*"],
            },
            # An object action on the bucket's ARN grants nothing.
            {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::bucket"]},
        ],
    }
    found = " ".join(iam_lint.findings({"policy example": document}))
    assert "UNKNOWN_ACTION" in found and "RESOURCE_MISMATCH" in found, found

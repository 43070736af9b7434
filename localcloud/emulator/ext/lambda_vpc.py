"""A function attached to a VPC reports that VPC.

Lambda's VpcConfig carries the VpcId of the function's subnets. moto answers `vpc-123abc` for
every function with security groups, so nothing read back from the emulator could tell which
network a function runs in.
"""

from __future__ import annotations

from typing import Any

from moto.awslambda import models
from moto.ec2.exceptions import InvalidSubnetIdError
from moto.ec2.models import ec2_backends

_INSTALLED = False


def _vpc_config(self: models.LambdaFunction) -> dict[str, Any] | None:
    if not self._vpc_config:
        return None
    config = dict(self._vpc_config)
    subnets = config.get("SubnetIds") or []
    if subnets:
        ec2 = ec2_backends[self.account_id][self.region]
        try:
            config["VpcId"] = ec2.get_subnet(subnets[0]).vpc_id
        except InvalidSubnetIdError:
            config.pop("VpcId", None)
    return config


def install() -> None:
    global _INSTALLED
    if _INSTALLED:
        return
    models.LambdaFunction.vpc_config = property(_vpc_config)  # type: ignore[assignment,method-assign]
    _INSTALLED = True

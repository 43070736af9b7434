"""Security group rules keep their description, whatever they reference.

DescribeSecurityGroupRules returns each rule's Description on AWS. moto keeps it only for rules
on a CIDR range: a rule that references a security group (the database's ingress from the
functions) or a prefix list (the functions' egress to S3's gateway endpoint) comes back without
one, and the AWS provider plans to set it again on every run.
"""

from __future__ import annotations

from typing import Any

from moto.ec2.models import security_groups

_INSTALLED = False
_original_init = security_groups.SecurityGroupRule.__init__


def _init(self: security_groups.SecurityGroupRule, *args: Any, **kwargs: Any) -> None:
    _original_init(self, *args, **kwargs)
    prefix_list = kwargs.get("prefix_list_id")
    if prefix_list is None and len(args) > 7:
        prefix_list = args[7]
    self._prefix_list_description = (prefix_list or {}).get("Description")


def _description(self: security_groups.SecurityGroupRule) -> str | None:
    return (
        self.ip_range.get("Description")
        or self.source_group.get("Description")
        or getattr(self, "_prefix_list_description", None)
    )


def install() -> None:
    global _INSTALLED
    if _INSTALLED:
        return
    rule = security_groups.SecurityGroupRule
    rule.__init__ = _init  # type: ignore[method-assign]
    rule.description = property(_description)  # type: ignore[assignment,method-assign]
    _INSTALLED = True

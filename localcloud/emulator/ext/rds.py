"""RDS as the database module's Aurora Serverless v2 cluster meets it on AWS.

- The RDS-managed master user secret holds the cluster's own master username and a password RDS
  generated for it. moto writes `admin` / `P@55w0rd!` into every such secret, whatever the
  cluster's MasterUsername, so the credentials in the secret would not be the cluster's.
- ScalingConfigurationInfo belongs to clusters in `serverless` engine mode (Aurora Serverless v1)
  only. moto answers an empty one for provisioned clusters too, which the AWS provider reads as a
  v1 scaling block the configuration lacks: a change in every plan.
- DescribeDBInstances reports Performance Insights as it was set (enabled, with the default
  retention of 7 days); moto drops EnablePerformanceInsights, another
  change in every plan.
- DeleteDBCluster removes the cluster's automated backups unless DeleteAutomatedBackups is false
  (the API's default). moto keeps its automated `rds:<cluster>-<time>` snapshot, which outlives
  the environment that a destroy should leave nothing of.
"""

from __future__ import annotations

import json
import secrets
import string
from typing import Any

from moto.rds import models, responses

_INSTALLED = False
# RDS master passwords are printable ASCII except '/', '"', '@', "'" and the space.
_PASSWORD_ALPHABET = "".join(
    c for c in string.ascii_letters + string.digits + string.punctuation if c not in "/\"@'"
)
PASSWORD_LENGTH = 28
DEFAULT_PI_RETENTION_DAYS = 7

_original_scaling_info = models.DBCluster.scaling_configuration_info
_original_instance_init = models.DBInstance.__init__
_original_delete_cluster = responses.RDSResponse.delete_db_cluster


def _generate_secret_string(self: models.MasterUserSecret) -> str:
    password = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))
    return json.dumps({"username": self.resource.master_username, "password": password})


def _scaling_configuration_info(self: models.DBCluster) -> dict[str, Any] | None:
    if self.engine_mode != "serverless":
        return None
    return _original_scaling_info.fget(self)  # type: ignore[attr-defined]


def _instance_init(self: models.DBInstance, *args: Any, **kwargs: Any) -> None:
    _original_instance_init(self, *args, **kwargs)
    # ModifyDBInstance sets these same attribute names (moto's update() uses setattr).
    self.enable_performance_insights = bool(kwargs.get("enable_performance_insights"))
    self.performance_insights_kms_key_id = kwargs.get("performance_insights_kms_key_id")
    self.performance_insights_retention_period = kwargs.get("performance_insights_retention_period")


def _pi_enabled(self: models.DBInstance) -> bool:
    return bool(getattr(self, "enable_performance_insights", False))


def _pi_retention(self: models.DBInstance) -> int | None:
    if not _pi_enabled(self):
        return None
    return self.__dict__.get("_pi_retention") or DEFAULT_PI_RETENTION_DAYS


def _set_pi_retention(self: models.DBInstance, value: int | None) -> None:
    self.__dict__["_pi_retention"] = value


def _delete_db_cluster(self: responses.RDSResponse) -> Any:
    cluster_id = self.params.get("DBClusterIdentifier")
    keep_automated = str(self.params.get("DeleteAutomatedBackups", "true")).lower() == "false"
    result = _original_delete_cluster(self)
    if not keep_automated:
        snapshots = self.backend.cluster_snapshots
        for snapshot_id in [
            snapshot_id
            for snapshot_id, snapshot in snapshots.items()
            if snapshot.snapshot_type == "automated"
            and snapshot.cluster.db_cluster_identifier == cluster_id
        ]:
            del snapshots[snapshot_id]
    return result


def install() -> None:
    global _INSTALLED
    if _INSTALLED:
        return
    models.MasterUserSecret._generate_secret_string = _generate_secret_string  # type: ignore[method-assign]
    models.DBCluster.scaling_configuration_info = property(_scaling_configuration_info)  # type: ignore[assignment,misc]
    models.DBInstance.__init__ = _instance_init  # type: ignore[method-assign]
    responses.RDSResponse.delete_db_cluster = _delete_db_cluster  # type: ignore[method-assign]
    models.DBInstance.performance_insights_enabled = property(_pi_enabled)  # type: ignore[attr-defined]
    models.DBInstance.performance_insights_retention_period = property(  # type: ignore[attr-defined]
        _pi_retention, _set_pi_retention
    )
    _INSTALLED = True

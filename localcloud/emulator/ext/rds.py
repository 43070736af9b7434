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
- A cluster serves connections once its writer instance is available. moto runs no database, so
  when CreateDBInstance gives a cluster of a `make up` environment its writer, the environment's
  PostgreSQL server is started and configured in its place (localcloud.rds.standin) before the
  answer: Terraform's next step, the migration in the new version (terraform/deploy.tf), finds the
  database as it would on AWS. The environment is the one whose server listens on the cluster's
  port (its `database_port`); a cluster no environment serves is left as moto has it.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import string
from subprocess import SubprocessError
from typing import Any

from botocore.exceptions import ClientError
from moto.rds import models, responses

log = logging.getLogger(__name__)

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
_original_create_instance = responses.RDSResponse.create_db_instance


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


def _create_db_instance(self: responses.RDSResponse) -> Any:
    result = _original_create_instance(self)
    cluster = self.backend.clusters.get(self.params.get("DBClusterIdentifier") or "")
    if cluster is not None:
        _serve(cluster)
    return result


def _serve(cluster: models.DBCluster) -> None:
    # Imported here: the emulator's own modules load before moto builds its URL maps.
    from localcloud.config import Config, state_root
    from localcloud.emulator.ext.awslambda import ENDPOINT_VARIABLE
    from localcloud.rds.server import environment_on_port
    from localcloud.rds.standin import StandInError, stand_in

    endpoint = os.environ.get(ENDPOINT_VARIABLE)
    env = environment_on_port(state_root(), int(cluster.port))
    if env is None or endpoint is None:
        return
    config = Config(
        env=env,
        moto_port=int(endpoint.rsplit(":", 1)[1]),
        edge_port=0,
        region=cluster.region,
        state_dir=state_root(),
    )
    try:
        stand_in(config, region=cluster.region, endpoint=cluster.endpoint)
    except (StandInError, OSError, RuntimeError, SubprocessError, ClientError) as exc:
        # The migration then fails to connect, and the apply shows why; make up says it again.
        log.warning("the local database server for %s: %s", cluster.db_cluster_identifier, exc)


def install() -> None:
    global _INSTALLED
    if _INSTALLED:
        return
    models.MasterUserSecret._generate_secret_string = _generate_secret_string  # type: ignore[method-assign]
    models.DBCluster.scaling_configuration_info = property(_scaling_configuration_info)  # type: ignore[assignment,misc]
    models.DBInstance.__init__ = _instance_init  # type: ignore[method-assign]
    responses.RDSResponse.delete_db_cluster = _delete_db_cluster  # type: ignore[method-assign]
    responses.RDSResponse.create_db_instance = _create_db_instance  # type: ignore[method-assign]
    models.DBInstance.performance_insights_enabled = property(_pi_enabled)  # type: ignore[attr-defined]
    models.DBInstance.performance_insights_retention_period = property(  # type: ignore[attr-defined]
        _pi_retention, _set_pi_retention
    )
    _INSTALLED = True

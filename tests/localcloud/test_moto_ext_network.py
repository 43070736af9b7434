"""The RDS, EC2 and Lambda network gaps localcloud.emulator.ext fills, checked through the API."""

import json
import uuid

from tests.localcloud.aws import REGION, aurora_cluster, client, fake_zip


def _network(endpoint: str) -> tuple[str, list[str], str]:
    ec2 = client(endpoint, "ec2")
    vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.30.{i}.0/24", AvailabilityZone=f"{REGION}{z}")[
            "Subnet"
        ]["SubnetId"]
        for i, z in enumerate("ab")
    ]
    group = ec2.create_security_group(
        GroupName=f"ext-{uuid.uuid4().hex[:8]}", Description="ext", VpcId=vpc
    )["GroupId"]
    return vpc, subnets, group


def _cluster(endpoint: str, name: str) -> dict:
    scaling = {"MinCapacity": 0, "MaxCapacity": 2}
    return aurora_cluster(endpoint, name, ServerlessV2ScalingConfiguration=scaling)


def test_the_rds_managed_secret_holds_the_clusters_own_credentials(moto_endpoint):
    secrets = client(moto_endpoint, "secretsmanager")
    values = []
    for name in ("ext-secret-a", "ext-secret-b"):
        cluster = _cluster(moto_endpoint, name)
        arn = cluster["MasterUserSecret"]["SecretArn"]
        values.append(json.loads(secrets.get_secret_value(SecretId=arn)["SecretString"]))
    assert [v["username"] for v in values] == ["shop", "shop"]
    passwords = [v["password"] for v in values]
    assert passwords[0] != passwords[1], "every cluster gets a password of its own"
    for password in passwords:
        assert len(password) >= 20
        assert not set(password) & set("/\"@' "), "RDS never puts these in a master password"


def test_a_provisioned_cluster_has_no_serverless_v1_scaling(moto_endpoint):
    _cluster(moto_endpoint, "ext-scaling")
    rds = client(moto_endpoint, "rds")
    (cluster,) = rds.describe_db_clusters(DBClusterIdentifier="ext-scaling")["DBClusters"]
    assert "ScalingConfigurationInfo" not in cluster
    assert cluster["ServerlessV2ScalingConfiguration"]["MaxCapacity"] == 2


def test_instances_report_performance_insights_as_set(moto_endpoint):
    _cluster(moto_endpoint, "ext-pi")
    rds = client(moto_endpoint, "rds")
    common = {
        "DBClusterIdentifier": "ext-pi",
        "Engine": "aurora-postgresql",
        "DBInstanceClass": "db.serverless",
    }
    rds.create_db_instance(
        DBInstanceIdentifier="ext-pi-1", EnablePerformanceInsights=True, **common
    )
    rds.create_db_instance(DBInstanceIdentifier="ext-pi-2", **common)
    first, second = (
        rds.describe_db_instances(DBInstanceIdentifier=i)["DBInstances"][0]
        for i in ("ext-pi-1", "ext-pi-2")
    )
    assert (first["PerformanceInsightsEnabled"], first["PerformanceInsightsRetentionPeriod"]) == (
        True,
        7,
    )
    assert second.get("PerformanceInsightsEnabled") is False
    rds.modify_db_instance(DBInstanceIdentifier="ext-pi-2", EnablePerformanceInsights=True)
    (second,) = rds.describe_db_instances(DBInstanceIdentifier="ext-pi-2")["DBInstances"]
    assert second["PerformanceInsightsEnabled"] is True


def test_deleting_a_cluster_removes_its_automated_backups_and_keeps_manual_snapshots(moto_endpoint):
    rds = client(moto_endpoint, "rds")
    for name in ("ext-backups-a", "ext-backups-b"):
        _cluster(moto_endpoint, name)

    def snapshots(kind: str) -> set[str]:
        found = rds.describe_db_cluster_snapshots(SnapshotType=kind)["DBClusterSnapshots"]
        ours = [s for s in found if s["DBClusterIdentifier"].startswith("ext-backups")]
        return {s["DBClusterSnapshotIdentifier"] for s in ours}

    assert {s.split("-2")[0] for s in snapshots("automated")} == {
        "rds:ext-backups-a",
        "rds:ext-backups-b",
    }
    rds.delete_db_cluster(
        DBClusterIdentifier="ext-backups-a",
        SkipFinalSnapshot=False,
        FinalDBSnapshotIdentifier="ext-backups-a-final",
    )
    assert {s.split("-2")[0] for s in snapshots("automated")} == {"rds:ext-backups-b"}
    assert snapshots("manual") == {"ext-backups-a-final"}

    rds.delete_db_cluster(
        DBClusterIdentifier="ext-backups-b", SkipFinalSnapshot=True, DeleteAutomatedBackups=False
    )
    assert {s.split("-2")[0] for s in snapshots("automated")} == {"rds:ext-backups-b"}, (
        "DeleteAutomatedBackups=false keeps them"
    )


def test_security_group_rules_keep_their_description(moto_endpoint):
    ec2 = client(moto_endpoint, "ec2")
    vpc, _, group = _network(moto_endpoint)
    other = ec2.create_security_group(GroupName="ext-other", Description="x", VpcId=vpc)["GroupId"]
    prefix_list = ec2.describe_managed_prefix_lists()["PrefixLists"][0]["PrefixListId"]
    ec2.authorize_security_group_ingress(
        GroupId=group,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 5432,
                "ToPort": 5432,
                "UserIdGroupPairs": [{"GroupId": other, "Description": "PostgreSQL from web"}],
            }
        ],
    )
    ec2.authorize_security_group_egress(
        GroupId=group,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 443,
                "ToPort": 443,
                "PrefixListIds": [{"PrefixListId": prefix_list, "Description": "HTTPS to S3"}],
            }
        ],
    )
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group]}])
    described = {
        (r.get("ReferencedGroupInfo", {}).get("GroupId") or r.get("PrefixListId")): r.get(
            "Description"
        )
        for r in rules["SecurityGroupRules"]
        if r.get("ReferencedGroupInfo") or r.get("PrefixListId")
    }
    assert described == {other: "PostgreSQL from web", prefix_list: "HTTPS to S3"}


def test_a_function_in_a_vpc_reports_that_vpc(moto_endpoint):
    vpc, subnets, group = _network(moto_endpoint)
    role = client(moto_endpoint, "iam").create_role(
        RoleName="ext-vpc-fn",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "lambda.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )["Role"]["Arn"]
    config = client(moto_endpoint, "lambda").create_function(
        FunctionName="ext-vpc-fn",
        Runtime="python3.13",
        Role=role,
        Handler="fake_handler.handler",
        Code={"ZipFile": fake_zip()},
        VpcConfig={"SubnetIds": subnets, "SecurityGroupIds": [group]},
    )
    assert config["VpcConfig"]["VpcId"] == vpc

mock_provider "aws" {
  mock_resource "aws_rds_cluster" {
    defaults = {
      endpoint = "lambda-shop-test.cluster-abc.eu-west-1.rds.amazonaws.com"
      master_user_secret = [{
        secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-abc-AbCdEf"
        kms_key_id    = "arn:aws:kms:eu-west-1:123456789012:key/abc"
        secret_status = "active"
      }]
    }
  }
}

variables {
  name                       = "lambda-shop-test"
  vpc_id                     = "vpc-0123456789abcdef0"
  subnet_ids                 = ["subnet-a", "subnet-b"]
  allowed_security_group_ids = { web = "sg-0aaaaaaaaaaaaaaaa" }
}

run "serverless_cluster_that_pauses_and_keeps_no_password" {
  command = apply

  assert {
    condition     = aws_rds_cluster.this.engine == "aurora-postgresql" && aws_rds_cluster_instance.this[0].instance_class == "db.serverless"
    error_message = "The database is Aurora PostgreSQL Serverless v2."
  }

  assert {
    condition     = aws_rds_cluster.this.serverlessv2_scaling_configuration[0].min_capacity == 0 && aws_rds_cluster.this.serverlessv2_scaling_configuration[0].seconds_until_auto_pause == 300
    error_message = "An idle cluster must scale to 0 ACU and pause."
  }

  assert {
    condition     = aws_rds_cluster.this.manage_master_user_password && aws_rds_cluster.this.master_password == null
    error_message = "RDS must manage the password in Secrets Manager; Terraform must never hold it."
  }

  assert {
    condition     = aws_rds_cluster.this.storage_encrypted && aws_rds_cluster.this.backup_retention_period == 7 && aws_rds_cluster.this.deletion_protection
    error_message = "Storage must be encrypted, backed up and protected by default."
  }

  assert {
    condition = (
      aws_rds_cluster_parameter_group.this.family == "aurora-postgresql16" &&
      { for p in aws_rds_cluster_parameter_group.this.parameter : p.name => p.value } == { log_statement = "ddl", log_min_duration_statement = "1000", "rds.force_ssl" = "1" }
    )
    error_message = "The cluster must log DDL and slow statements and refuse unencrypted connections."
  }

  assert {
    condition     = !aws_rds_cluster_instance.this[0].publicly_accessible
    error_message = "The instance must stay private."
  }

  assert {
    condition     = [for r in values(aws_vpc_security_group_ingress_rule.this) : "${r.referenced_security_group_id}:${r.from_port}"] == ["sg-0aaaaaaaaaaaaaaaa:5432"]
    error_message = "Only the function's security group may reach PostgreSQL."
  }

  assert {
    condition     = output.allowed_security_group_ids == { web = "sg-0aaaaaaaaaaaaaaaa" }
    error_message = "The admitted security groups must be exposed by key."
  }

  assert {
    condition     = output.database_url == "postgres://shop@lambda-shop-test.cluster-abc.eu-west-1.rds.amazonaws.com:5432/shop?sslmode=require"
    error_message = "DATABASE_URL must name host, port and database, without a password."
  }

  assert {
    condition     = output.master_user_secret_arn == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-abc-AbCdEf"
    error_message = "The credentials secret must be exposed for DATABASE_SECRET_ARN."
  }
}

run "final_snapshot_name_is_unique_per_cluster" {
  command = apply

  assert {
    condition     = can(regex("^lambda-shop-test-final-[0-9]{14}$", aws_rds_cluster.this.final_snapshot_identifier))
    error_message = "The final snapshot must carry the cluster's creation time, so a re-created environment's destroy does not collide with the first one's snapshot."
  }
}

# The state now says 16.6 (as if AWS had upgraded the minor version past an older engine_version).
run "automatic_minor_upgrades_are_not_undone" {
  command = plan

  variables {
    engine_version = "16.4"
  }

  assert {
    condition     = aws_rds_cluster.this.engine_version == "16.6" && aws_rds_cluster_instance.this[0].engine_version == "16.6"
    error_message = "A plan must not try to take the cluster back to an older minor version (the apply would fail)."
  }
}

run "long_lived_settings" {
  command = plan

  variables {
    min_capacity        = 0.5
    deletion_protection = false
    skip_final_snapshot = true
  }

  assert {
    condition     = aws_rds_cluster.this.serverlessv2_scaling_configuration[0].min_capacity == 0.5 && !aws_rds_cluster.this.deletion_protection && aws_rds_cluster.this.skip_final_snapshot
    error_message = "Capacity, protection and the final snapshot must follow the inputs."
  }
}

run "bad_inputs_are_rejected" {
  command = plan

  variables {
    name            = "Lambda_Shop"
    subnet_ids      = ["subnet-a"]
    min_capacity    = 0.3
    master_username = "postgres"
  }

  expect_failures = [var.name, var.subnet_ids, var.min_capacity, var.master_username]
}

run "capacity_range_must_be_ordered" {
  command = plan

  variables {
    min_capacity = 8
    max_capacity = 2
  }

  expect_failures = [aws_rds_cluster.this]
}

run "a_custom_port_reaches_the_cluster_rules_and_url" {
  command = apply

  variables {
    port = 15432
  }

  assert {
    condition = (
      aws_rds_cluster.this.port == 15432 &&
      [for r in values(aws_vpc_security_group_ingress_rule.this) : r.from_port] == [15432] &&
      output.database_url == "postgres://shop@lambda-shop-test.cluster-abc.eu-west-1.rds.amazonaws.com:15432/shop?sslmode=require"
    )
    error_message = "The port must reach the cluster, its ingress rules and the URL alike."
  }
}

run "ports_outside_auroras_range_are_rejected" {
  command = plan

  variables {
    port = 80
  }

  expect_failures = [var.port]
}

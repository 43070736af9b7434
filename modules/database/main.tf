resource "aws_db_subnet_group" "this" {
  name        = var.name
  description = "Private subnets of ${var.name}"
  subnet_ids  = var.subnet_ids

  tags = var.tags
}

resource "aws_security_group" "this" {
  name        = "${var.name}-db"
  description = "PostgreSQL, admitted only from the listed security groups"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-db" })
}

resource "aws_vpc_security_group_ingress_rule" "this" {
  for_each = var.allowed_security_group_ids

  security_group_id            = aws_security_group.this.id
  description                  = "PostgreSQL from ${each.key}"
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
  referenced_security_group_id = each.value

  tags = var.tags
}

# Log schema changes and slow statements, and refuse unencrypted connections.
resource "aws_rds_cluster_parameter_group" "this" {
  name_prefix = "${var.name}-"
  family      = "aurora-postgresql${split(".", var.engine_version)[0]}"
  description = "Parameters of ${var.name}"

  parameter {
    name  = "log_statement"
    value = "ddl"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = tostring(var.slow_query_log_ms)
  }

  parameter {
    name         = "rds.force_ssl"
    value        = "1"
    apply_method = "pending-reboot"
  }

  tags = var.tags

  # A new engine major version needs a new family, so the replacement must exist before the swap.
  lifecycle {
    create_before_destroy = true
  }
}

# Created before the cluster so that RDS does not create it without a retention.
resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs encrypts at rest by default; a customer managed key is optional through kms_key_arn.
  #checkov:skip=CKV_AWS_338:Retention is an input; short retention is deliberate for previews.
  name              = "/aws/rds/cluster/${var.name}/postgresql"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_rds_cluster" "this" {
  #checkov:skip=CKV_AWS_327:Encrypted with the AWS managed aws/rds key unless kms_key_arn names a customer managed key.
  #checkov:skip=CKV_AWS_139:deletion_protection is an input: true for long-lived environments, false for previews that must be destroyed.
  #checkov:skip=CKV2_AWS_8:Backups come from the cluster's own retention period; AWS Backup plans are an account-level concern.
  cluster_identifier = var.name
  engine             = "aurora-postgresql"
  engine_mode        = "provisioned"
  engine_version     = var.engine_version
  database_name      = var.database_name
  port               = var.port

  master_username             = var.master_username
  manage_master_user_password = true

  db_subnet_group_name            = aws_db_subnet_group.this.name
  vpc_security_group_ids          = [aws_security_group.this.id]
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.this.name

  storage_encrypted                   = true
  kms_key_id                          = var.kms_key_arn
  iam_database_authentication_enabled = true
  enabled_cloudwatch_logs_exports     = ["postgresql"]

  backup_retention_period = var.backup_retention_period
  preferred_backup_window = var.preferred_backup_window
  copy_tags_to_snapshot   = true
  deletion_protection     = var.deletion_protection
  skip_final_snapshot     = var.skip_final_snapshot
  # Unique per cluster: a fixed name would make the destroy of a re-created environment fail on the snapshot left by
  # the first one. Fixed at creation (ignore_changes), so plans stay quiet.
  final_snapshot_identifier = var.skip_final_snapshot ? null : "${var.name}-final-${formatdate("YYYYMMDDhhmmss", plantimestamp())}"

  serverlessv2_scaling_configuration {
    min_capacity             = var.min_capacity
    max_capacity             = var.max_capacity
    seconds_until_auto_pause = var.min_capacity == 0 ? var.seconds_until_auto_pause : null
  }

  tags = var.tags

  depends_on = [aws_cloudwatch_log_group.this]

  lifecycle {
    # The instances upgrade minor versions automatically (auto_minor_version_upgrade), so the cluster's actual version
    # moves ahead of engine_version; without this a later plan would try to downgrade it and the apply would fail.
    # A major upgrade is deliberate: run it with allow_major_version_upgrade outside Terraform, then raise
    # engine_version so the parameter group family and new environments follow.
    ignore_changes = [engine_version, final_snapshot_identifier]

    precondition {
      condition     = var.max_capacity >= var.min_capacity
      error_message = "max_capacity must not be smaller than min_capacity."
    }
  }
}

resource "aws_rds_cluster_instance" "this" {
  #checkov:skip=CKV_AWS_118:Enhanced monitoring needs an extra IAM role and costs per instance; Performance Insights covers query load.
  count = var.instance_count

  identifier         = "${var.name}-${count.index + 1}"
  cluster_identifier = aws_rds_cluster.this.id
  engine             = aws_rds_cluster.this.engine
  engine_version     = aws_rds_cluster.this.engine_version
  instance_class     = "db.serverless"

  db_subnet_group_name       = aws_db_subnet_group.this.name
  publicly_accessible        = false
  auto_minor_version_upgrade = true

  performance_insights_enabled    = var.performance_insights_enabled
  performance_insights_kms_key_id = var.performance_insights_enabled ? var.kms_key_arn : null

  tags = var.tags

  # Follows the cluster's minor upgrades, like the cluster itself.
  lifecycle {
    ignore_changes = [engine_version]
  }
}

data "aws_partition" "current" {}

locals {
  in_vpc = var.vpc_enabled

  # Guarded so that validate and mocked plans work before the package is built; the precondition on the
  # function turns a missing package into a clear error for real plans.
  zip_exists       = fileexists(var.zip_path)
  source_code_hash = local.zip_exists ? filebase64sha256(var.zip_path) : null

  secretsmanager_env = { for k, v in var.secret_environment : k => v if v.source == "secretsmanager" }
  ssm_env            = { for k, v in var.secret_environment : k => v if v.source == "ssm" }

  secret_values = merge(
    {
      for k, v in data.aws_secretsmanager_secret_version.env : k => (
        local.secretsmanager_env[k].json_key == null
        ? v.secret_string
        : jsondecode(v.secret_string)[local.secretsmanager_env[k].json_key]
      )
    },
    { for k, v in data.aws_ssm_parameter.env : k => v.value },
  )
  environment = merge(var.environment, local.secret_values)

  # Built as data rather than with aws_iam_policy_document so tests can inspect every statement.
  policy_statements = concat(
    [{
      Sid      = "WriteOwnLogs"
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = ["${aws_cloudwatch_log_group.this.arn}:*"]
    }],
    length(var.s3_object_arns) == 0 ? [] : [{
      Sid      = "ObjectReadWrite"
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
      Resource = var.s3_object_arns
    }],
    [for i, b in var.s3_list_buckets : {
      Sid       = "ListBucketPrefixes${i}"
      Effect    = "Allow"
      Action    = ["s3:ListBucket"]
      Resource  = [b.bucket_arn]
      Condition = { StringLike = { "s3:prefix" = b.prefixes } }
    }],
    length(var.secret_arns) == 0 ? [] : [{
      Sid      = "ReadSecrets"
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
      Resource = var.secret_arns
    }],
    length(var.kms_decrypt_key_arns) == 0 ? [] : [{
      Sid      = "DecryptWithKeys"
      Effect   = "Allow"
      Action   = ["kms:Decrypt"]
      Resource = var.kms_decrypt_key_arns
    }],
    # Statements of the resources the function uses, from the modules that own them (e.g. modules/order_queue).
    [for st in var.policy_statements : {
      Sid      = st.sid
      Effect   = "Allow"
      Action   = st.actions
      Resource = st.resources
    }],
  )
  policy = {
    Version   = "2012-10-17"
    Statement = local.policy_statements
  }

  # AWS managed policies with explicit action lists; their ec2 and xray actions cannot be scoped to resources.
  managed_policy_arns = merge(
    local.in_vpc ? { vpc = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole" } : {},
    var.tracing_mode == "Active" ? { xray = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AWSXRayDaemonWriteAccess" } : {},
  )
}

data "aws_secretsmanager_secret_version" "env" {
  for_each = local.secretsmanager_env

  secret_id = each.value.id
}

data "aws_ssm_parameter" "env" {
  for_each = local.ssm_env

  name            = each.value.id
  with_decryption = true
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs encrypts at rest by default; a customer managed key is optional through kms_key_arn.
  #checkov:skip=CKV_AWS_338:Retention is an input; short retention is deliberate for previews.
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_iam_role" "this" {
  name                 = "${var.name}-role"
  description          = "Execution role of the ${var.name} function"
  permissions_boundary = var.permissions_boundary_arn
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "this" {
  name   = "least-privilege"
  role   = aws_iam_role.this.id
  policy = jsonencode(local.policy)
}

resource "aws_iam_role_policy_attachment" "this" {
  for_each = local.managed_policy_arns

  role       = aws_iam_role.this.name
  policy_arn = each.value
}

resource "aws_security_group" "this" {
  count = local.in_vpc ? 1 : 0

  name        = var.name
  description = "Network interfaces of the ${var.name} function"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_vpc_security_group_egress_rule" "this" {
  for_each = local.in_vpc ? var.security_group_egress : {}

  security_group_id            = aws_security_group.this[0].id
  description                  = each.value.description
  ip_protocol                  = each.value.ip_protocol
  from_port                    = each.value.from_port
  to_port                      = each.value.to_port
  cidr_ipv4                    = each.value.cidr_ipv4
  prefix_list_id               = each.value.prefix_list_id
  referenced_security_group_id = each.value.referenced_security_group_id

  tags = var.tags
}

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_116:Invoked synchronously by API Gateway; a dead-letter queue only applies to asynchronous invocations.
  #checkov:skip=CKV_AWS_117:VPC placement is an input: the web function joins the VPC whenever the environment has a database.
  #checkov:skip=CKV_AWS_115:Reserved concurrency is an input (reserved_concurrent_executions); previews stay unreserved.
  #checkov:skip=CKV_AWS_173:Environment variables are encrypted with an AWS owned key unless kms_key_arn names a customer managed key.
  #checkov:skip=CKV_AWS_272:The package is built and deployed by this project's own pipeline; code signing is optional.
  #checkov:skip=CKV_AWS_50:X-Ray tracing is an input (tracing_mode).
  function_name = var.name
  description   = var.description
  role          = aws_iam_role.this.arn
  handler       = var.handler
  runtime       = var.runtime
  architectures = [var.architecture]
  layers        = var.layer_arns
  memory_size   = var.memory_size
  timeout       = var.timeout
  kms_key_arn   = var.kms_key_arn

  filename         = var.zip_path
  source_code_hash = local.source_code_hash
  publish          = true

  reserved_concurrent_executions = var.reserved_concurrent_executions

  dynamic "environment" {
    for_each = length(local.environment) > 0 ? [true] : []

    content {
      variables = local.environment
    }
  }

  dynamic "vpc_config" {
    for_each = local.in_vpc ? [true] : []

    content {
      subnet_ids         = var.vpc_subnet_ids
      security_group_ids = [aws_security_group.this[0].id]
    }
  }

  tracing_config {
    mode = var.tracing_mode
  }

  # Restores published versions from a snapshot taken after init (Django set up); the alias invokes versions.
  dynamic "snap_start" {
    for_each = var.snap_start ? [true] : []

    content {
      apply_on = "PublishedVersions"
    }
  }

  tags = var.tags

  # Lambda logs to /aws/lambda/<name>, which must exist with its retention (and the role must be able to
  # write to it and create network interfaces) before the first invocation.
  depends_on = [aws_cloudwatch_log_group.this, aws_iam_role_policy.this, aws_iam_role_policy_attachment.this]

  lifecycle {
    precondition {
      condition     = local.zip_exists
      error_message = "The deployment package ${var.zip_path} does not exist: build it first (make build)."
    }

    precondition {
      condition     = !local.in_vpc || (var.vpc_id != null && length(var.vpc_subnet_ids) > 0)
      error_message = "vpc_enabled needs vpc_id and at least one subnet in vpc_subnet_ids."
    }
  }
}

resource "aws_lambda_alias" "this" {
  name          = var.alias_name
  description   = "Version of ${var.name} that serves its callers"
  function_name = aws_lambda_function.this.function_name
  # The caller decides when the alias may move (the root: once migrate has succeeded on the new version).
  function_version = coalesce(var.alias_function_version, aws_lambda_function.this.version)

  lifecycle {
    # Canary weights belong to tools/release while it shifts traffic (it clears them when done), and it records the
    # version to roll back to in the description.
    ignore_changes = [routing_config, description]
  }
}

resource "aws_lambda_provisioned_concurrency_config" "this" {
  count = var.provisioned_concurrent_executions > 0 ? 1 : 0

  function_name                     = aws_lambda_function.this.function_name
  qualifier                         = aws_lambda_alias.this.name
  provisioned_concurrent_executions = var.provisioned_concurrent_executions
}

# Alarms on the newest version as it serves through the alias (Lambda's ExecutedVersion dimension), so a canary's
# errors are told apart from the old version's. tools/release watches them while it shifts traffic and rolls back
# when one fires (README: why not CodeDeploy).
locals {
  release_alarms = var.release_alarms == null ? {} : {
    errors = {
      metric      = "Errors"
      statistic   = "Sum"
      extended    = null
      threshold   = var.release_alarms.errors
      comparison  = "GreaterThanOrEqualToThreshold"
      description = "errors of the new version"
    }
    p99-duration = {
      metric      = "Duration"
      statistic   = null
      extended    = "p99"
      threshold   = coalesce(var.release_alarms.p99_duration_ms, var.timeout * 800)
      comparison  = "GreaterThanThreshold"
      description = "p99 duration (ms) of the new version"
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "release" {
  for_each = local.release_alarms

  alarm_name          = "${var.name}-release-${each.key}"
  alarm_description   = "${each.value.description} behind ${var.alias_name}; tools/release rolls the release back when this fires"
  namespace           = "AWS/Lambda"
  metric_name         = each.value.metric
  statistic           = each.value.statistic
  extended_statistic  = each.value.extended
  period              = var.release_alarms.period_seconds
  evaluation_periods  = 1
  threshold           = each.value.threshold
  comparison_operator = each.value.comparison
  # No invocations of the new version yet is not a failure.
  treat_missing_data = "notBreaching"
  dimensions = {
    FunctionName    = aws_lambda_function.this.function_name
    Resource        = "${aws_lambda_function.this.function_name}:${var.alias_name}"
    ExecutedVersion = aws_lambda_function.this.version
  }

  tags = var.tags
}

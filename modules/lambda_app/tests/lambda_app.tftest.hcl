# Mocked values still pass the provider's own validation, so ARNs must look like ARNs.
mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/lambda-shop-test-web-role" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/lambda-shop-test-web" }
  }
  mock_resource "aws_lambda_function" {
    defaults = {
      arn           = "arn:aws:lambda:eu-west-1:123456789012:function:lambda-shop-test-web"
      qualified_arn = "arn:aws:lambda:eu-west-1:123456789012:function:lambda-shop-test-web:1"
      version       = "1"
    }
  }
}

variables {
  name     = "lambda-shop-test-web"
  zip_path = "tests/fixtures/placeholder.zip"
  environment = {
    DJANGO_ENV = "production"
  }
  s3_object_arns = ["arn:aws:s3:::lambda-shop-test-assets/media/*"]
  s3_list_buckets = [{
    bucket_arn = "arn:aws:s3:::lambda-shop-test-assets"
    prefixes   = ["media/*"]
  }]
  secret_arns = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"]
}

run "function_is_published_behind_the_live_alias" {
  command = apply

  assert {
    condition     = aws_lambda_function.this.publish == true
    error_message = "Every deploy must publish a version."
  }

  assert {
    condition     = aws_lambda_alias.this.name == "live" && aws_lambda_alias.this.function_version == aws_lambda_function.this.version
    error_message = "Without alias_function_version the live alias follows the published version."
  }

  assert {
    condition     = aws_lambda_function.this.handler == "lambda_handler.handler" && aws_lambda_function.this.runtime == "python3.13"
    error_message = "Handler and runtime defaults must match the package."
  }

  assert {
    condition     = aws_lambda_function.this.source_code_hash == filebase64sha256("tests/fixtures/placeholder.zip")
    error_message = "The code hash must come from the package so a new build redeploys."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.name == "/aws/lambda/lambda-shop-test-web" && aws_cloudwatch_log_group.this.retention_in_days == 30
    error_message = "The function needs its own log group with a retention."
  }

  assert {
    condition     = length(aws_security_group.this) == 0 && length(aws_lambda_provisioned_concurrency_config.this) == 0
    error_message = "Without vpc_enabled and provisioned concurrency nothing extra may be created."
  }
}

run "iam_policy_has_no_wildcard_actions" {
  command = apply

  assert {
    condition = alltrue(flatten([
      for s in jsondecode(aws_iam_role_policy.this.policy).Statement : [
        for a in flatten([s.Action]) : !strcontains(a, "*")
      ]
    ]))
    error_message = "The execution role policy must not use wildcard actions."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.this.policy).Statement : alltrue([
        for r in flatten([s.Resource]) : r != "*"
      ])
    ])
    error_message = "Every statement must name its resources."
  }

  assert {
    condition = one([
      for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s.Resource if s.Sid == "ObjectReadWrite"
    ]) == ["arn:aws:s3:::lambda-shop-test-assets/media/*"]
    error_message = "Object access must be limited to the given media prefix."
  }

  assert {
    condition = one([
      for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s.Condition.StringLike["s3:prefix"] if s.Sid == "ListBucketPrefixes0"
    ]) == ["media/*"]
    error_message = "Listing must be limited to the media prefix."
  }

  assert {
    condition     = length(aws_iam_role_policy_attachment.this) == 0
    error_message = "No managed policy is needed outside a VPC without active tracing."
  }
}

run "secrets_come_from_secrets_manager_and_ssm" {
  command = apply

  variables {
    secret_environment = {
      DJANGO_SECRET_KEY = { source = "secretsmanager", id = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:key-AbCdEf" }
      PAYMENT_TOKEN     = { source = "ssm", id = "/lambda-shop/test/payment-token" }
    }
  }

  override_data {
    target = data.aws_secretsmanager_secret_version.env["DJANGO_SECRET_KEY"]
    values = { secret_string = "from-secrets-manager" }
  }

  override_data {
    target = data.aws_ssm_parameter.env["PAYMENT_TOKEN"]
    values = { value = "from-ssm" }
  }

  assert {
    condition     = nonsensitive(aws_lambda_function.this.environment[0].variables["DJANGO_SECRET_KEY"]) == "from-secrets-manager"
    error_message = "Secrets Manager values must reach the environment."
  }

  assert {
    condition     = nonsensitive(aws_lambda_function.this.environment[0].variables["PAYMENT_TOKEN"]) == "from-ssm"
    error_message = "SSM values must reach the environment."
  }
}

run "vpc_mode_gets_its_own_security_group" {
  command = apply

  variables {
    vpc_enabled    = true
    vpc_id         = "vpc-0123456789abcdef0"
    vpc_subnet_ids = ["subnet-a", "subnet-b"]
    security_group_egress = {
      postgres = {
        description                  = "PostgreSQL"
        from_port                    = 5432
        to_port                      = 5432
        referenced_security_group_id = "sg-0123456789abcdef0"
      }
    }
    provisioned_concurrent_executions = 2
  }

  assert {
    condition     = length(aws_security_group.this) == 1 && aws_lambda_function.this.vpc_config[0].security_group_ids == toset([aws_security_group.this[0].id])
    error_message = "In a VPC the function must use its own security group."
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.this["postgres"].from_port == 5432
    error_message = "Egress rules must be created as given."
  }

  assert {
    condition     = endswith(aws_iam_role_policy_attachment.this["vpc"].policy_arn, ":policy/service-role/AWSLambdaVPCAccessExecutionRole")
    error_message = "A VPC function needs the network interface permissions."
  }

  assert {
    condition     = aws_lambda_provisioned_concurrency_config.this[0].qualifier == "live"
    error_message = "Provisioned concurrency belongs on the alias."
  }
}

run "missing_package_is_a_clear_error" {
  command = plan

  variables {
    zip_path = "tests/fixtures/does-not-exist.zip"
  }

  expect_failures = [aws_lambda_function.this]
}

run "wildcard_free_inputs_are_validated" {
  command = plan

  variables {
    s3_object_arns = ["*"]
    runtime        = "python2.7"
    architecture   = "sparc"
  }

  expect_failures = [var.s3_object_arns, var.runtime, var.architecture]
}

run "secret_reference_needs_a_known_source" {
  command = plan

  variables {
    secret_environment = {
      BROKEN = { source = "vault", id = "secret/shop" }
    }
  }

  expect_failures = [var.secret_environment]
}

run "permissions_boundary_must_be_a_policy_arn" {
  command = plan

  variables {
    permissions_boundary_arn = "lambda-shop-function-boundary"
  }

  expect_failures = [var.permissions_boundary_arn]
}

run "the_caller_decides_where_the_alias_points" {
  command = plan

  variables {
    alias_function_version = "7"
  }

  assert {
    condition     = aws_lambda_alias.this.function_version == "7"
    error_message = "alias_function_version must set the alias's version."
  }
}

run "aliases_point_at_published_versions_only" {
  command = plan

  variables {
    alias_function_version = "$LATEST"
  }

  expect_failures = [var.alias_function_version]
}

run "release_alarms_watch_the_newest_version_behind_the_alias" {
  command = apply

  variables {
    release_alarms = {}
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.release["errors"].dimensions == tomap({ FunctionName = "lambda-shop-test-web", Resource = "lambda-shop-test-web:live", ExecutedVersion = "1" }) &&
      aws_cloudwatch_metric_alarm.release["errors"].statistic == "Sum" && aws_cloudwatch_metric_alarm.release["errors"].threshold == 1 &&
      aws_cloudwatch_metric_alarm.release["p99-duration"].extended_statistic == "p99" && aws_cloudwatch_metric_alarm.release["p99-duration"].threshold == 24000 &&
      aws_cloudwatch_metric_alarm.release["p99-duration"].treat_missing_data == "notBreaching"
    )
    error_message = "Errors (Sum >= 1) and p99 duration (80 % of the timeout) of the newest version, quiet while it has no traffic."
  }
}

run "release_alarm_periods_are_ones_cloudwatch_accepts" {
  command = plan

  variables {
    release_alarms = { period_seconds = 45 }
  }

  expect_failures = [var.release_alarms]
}

run "snap_start_restores_published_versions" {
  command = plan

  variables {
    snap_start = true
  }

  assert {
    condition     = one(aws_lambda_function.this.snap_start).apply_on == "PublishedVersions"
    error_message = "SnapStart applies to the published versions the alias invokes."
  }
}

run "snap_start_refuses_provisioned_concurrency" {
  command = plan

  variables {
    snap_start                        = true
    provisioned_concurrent_executions = 2
  }

  expect_failures = [var.snap_start]
}

run "snap_start_needs_python_3_12" {
  command = plan

  variables {
    snap_start = true
    runtime    = "python3.11"
  }

  expect_failures = [var.snap_start]
}

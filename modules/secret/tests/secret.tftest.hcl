mock_provider "aws" {
  mock_resource "aws_secretsmanager_secret_version" {
    defaults = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:lambda-shop-test/django-secret-key-AbCdEf" }
  }
}

variables {
  name = "lambda-shop-test/django-secret-key"
}

run "the_value_is_written_once_and_write_only" {
  command = apply

  assert {
    condition     = aws_secretsmanager_secret_version.this.secret_string_wo == null && aws_secretsmanager_secret_version.this.secret_string == null
    error_message = "The value must be write-only: nothing of it in state."
  }

  assert {
    condition     = aws_secretsmanager_secret_version.this.secret_string_wo_version == 1
    error_message = "The first value is version 1."
  }

  assert {
    condition     = length(local.value) == 64 && can(regex("^[0-9a-f]+$", local.value))
    error_message = "The value must be 64 random hex digits."
  }

  assert {
    condition     = output.arn == aws_secretsmanager_secret_version.this.arn
    error_message = "Readers get the ARN from the version, so they wait for the first value."
  }
}

run "longer_values_and_rotation" {
  command = apply

  variables {
    length        = 100
    value_version = 2
  }

  assert {
    condition     = length(local.value) == 100 && aws_secretsmanager_secret_version.this.secret_string_wo_version == 2
    error_message = "length and value_version must reach the secret version."
  }
}

run "short_values_are_refused" {
  command = plan

  variables {
    length = 16
  }

  expect_failures = [var.length]
}

run "rotation_versions_are_whole_numbers" {
  command = plan

  variables {
    value_version = 1.5
  }

  expect_failures = [var.value_version]
}

run "recovery_window_is_zero_or_seven_to_thirty" {
  command = plan

  variables {
    recovery_window_days = 3
  }

  expect_failures = [var.recovery_window_days]
}

run "names_are_secrets_manager_names" {
  command = plan

  variables {
    name = "has spaces"
  }

  expect_failures = [var.name]
}

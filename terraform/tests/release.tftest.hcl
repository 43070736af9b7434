# The order of a release (deploy.tf): publish, migrate that version, then move the aliases. Mocked provider.
mock_provider "aws" {
  source = "./tests/mocks"
}

# The us-east-1 provider of the optional WAF web ACL.
mock_provider "aws" {
  alias = "us_east_1"
}

variables {
  env             = "pr-42"
  region          = "eu-west-1"
  lambda_zip_path = "../modules/lambda_app/tests/fixtures/placeholder.zip"
  static_dir      = "../modules/storage/tests/fixtures/static"
  storefront_dir  = "../modules/storage/tests/fixtures/storefront"
  email_from      = "orders@shop.example.com"
}

run "first_release_migrates_its_version_then_points_the_aliases_at_it" {
  command = apply

  assert {
    condition = (
      aws_lambda_invocation.migrate[0].function_name == "lambda-shop-pr-42-manage" &&
      aws_lambda_invocation.migrate[0].qualifier == module.function["manage"].version &&
      aws_lambda_invocation.migrate[0].input == jsonencode({ manage = ["migrate", "--noinput"] })
    )
    error_message = "migrate must run in the newly published version of the manage function, not through an alias."
  }

  assert {
    condition     = alltrue([for role, fn in module.function : fn.alias_function_version == "1"])
    error_message = "After a successful migration every alias points at the new version."
  }
}

run "a_failed_migration_fails_the_apply" {
  command = apply

  variables {
    lambda_zip_path = "tests/fixtures/next-release.zip"
  }

  # A mocked update keeps every computed value; on AWS a new package makes version unknown until it is published.
  # Re-creating the versions gives them the new number, as publishing does.
  plan_options {
    replace = [
      module.function["web"].aws_lambda_function.this,
      module.function["api"].aws_lambda_function.this,
      module.function["manage"].aws_lambda_function.this,
      module.function["worker"].aws_lambda_function.this,
      aws_lambda_invocation.migrate[0],
    ]
  }

  override_resource {
    target = module.function["web"].aws_lambda_function.this
    values = { version = "2" }
  }

  override_resource {
    target = module.function["api"].aws_lambda_function.this
    values = { version = "2" }
  }

  override_resource {
    target = module.function["manage"].aws_lambda_function.this
    values = { version = "2" }
  }

  override_resource {
    target = module.function["worker"].aws_lambda_function.this
    values = { version = "2" }
  }

  override_resource {
    target = aws_lambda_invocation.migrate[0]
    values = { result = "{\"exit_status\": 1, \"output\": \"django.db.utils.ProgrammingError: column does not exist\"}" }
  }

  expect_failures = [aws_lambda_invocation.migrate[0]]
}

run "and_leaves_every_alias_on_the_old_version" {
  command = plan

  plan_options {
    mode = refresh-only
  }

  assert {
    condition     = module.function["web"].version == "2"
    error_message = "The new version was published."
  }

  assert {
    condition     = alltrue([for role, fn in module.function : fn.alias_function_version == "1"])
    error_message = "A failed migration must leave every alias on the version it served."
  }
}

run "make_release_publishes_and_migrates_but_keeps_the_serving_versions" {
  command = apply

  variables {
    lambda_zip_path = "tests/fixtures/next-release.zip"
    alias_versions  = { web = "1", api = "1", manage = "1", worker = "1" }
  }

  # The fixed migration, run again in the published version.
  plan_options {
    replace = [aws_lambda_invocation.migrate[0]]
  }

  assert {
    condition     = aws_lambda_invocation.migrate[0].qualifier == "2" && jsondecode(aws_lambda_invocation.migrate[0].result).exit_status == 0
    error_message = "migrate must run in the new version even while the aliases are pinned."
  }

  assert {
    condition     = alltrue([for role, fn in module.function : fn.alias_function_version == "1"])
    error_message = "alias_versions must keep each alias where tools/release will shift it from."
  }
}

run "a_plain_apply_moves_every_alias_once_migrated" {
  command = apply

  variables {
    lambda_zip_path = "tests/fixtures/next-release.zip"
  }

  assert {
    condition     = alltrue([for role, fn in module.function : fn.alias_function_version == "2"])
    error_message = "Without pins every alias moves to the migrated version."
  }
}

run "pins_name_known_functions_and_versions" {
  command = plan

  variables {
    alias_versions = { web = "$LATEST" }
  }

  expect_failures = [var.alias_versions]
}

run "the_manage_path_has_time_for_a_paused_cluster" {
  command = plan

  variables {
    manage_timeout = 60
  }

  expect_failures = [var.manage_timeout]
}

run "requests_keep_their_short_timeout" {
  command = plan

  assert {
    condition = (
      module.function["manage"].timeout >= 300 &&
      module.function["web"].timeout == 30 && module.function["api"].timeout == 30
    )
    error_message = "Only the manage function gets the long timeout."
  }
}

run "the_new_version_of_each_serving_function_has_rollback_alarms" {
  command = apply

  assert {
    condition = (
      output.release_alarm_names.web == { errors = "lambda-shop-pr-42-web-release-errors", p99-duration = "lambda-shop-pr-42-web-release-p99-duration" } &&
      keys(output.release_alarm_names) == ["api", "web", "worker"]
    )
    error_message = "web, api and the worker (not manage) need the alarms tools/release watches."
  }

  assert {
    condition = (
      module.function["api"].release_alarm_dimensions.ExecutedVersion == module.function["api"].version &&
      module.function["api"].release_alarm_dimensions.Resource == "lambda-shop-pr-42-api:live"
    )
    error_message = "The alarms must watch the newest version as it serves through the alias."
  }
}

run "snap_start_and_provisioned_concurrency_are_refused_together" {
  command = plan

  variables {
    lambda_snap_start              = true
    lambda_provisioned_concurrency = 2
  }

  expect_failures = [var.lambda_snap_start]
}

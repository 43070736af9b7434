# The whole root against a mocked provider: wiring, names and the environment switches, without AWS.
mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  env             = "pr-42"
  region          = "eu-west-1"
  lambda_zip_path = "../modules/lambda_app/tests/fixtures/placeholder.zip"
  static_dir      = "../modules/storage/tests/fixtures/static"
  storefront_dir  = "../modules/storage/tests/fixtures/storefront"
  email_from      = "orders@shop.example.com"
}

mock_provider "aws" {
  alias = "us_east_1"
  mock_resource "aws_wafv2_web_acl" {
    defaults = { arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/lambda-shop-pr-42/abc" }
  }
}

override_module {
  target = module.django_secret_key
  outputs = {
    arn  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:lambda-shop-pr-42/django-secret-key-AbCdEf"
    name = "lambda-shop-pr-42/django-secret-key"
  }
}

override_module {
  target = module.cdn.module.origin_secret
  outputs = {
    arn  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:lambda-shop-pr-42/origin-verify-AbCdEf"
    name = "lambda-shop-pr-42/origin-verify"
  }
}

run "aws_environment_with_its_own_database" {
  command = apply

  variables {
    function_permissions_boundary = "lambda-shop-function-boundary"
  }

  assert {
    condition = alltrue([
      for f in module.function : f.role_permissions_boundary == "arn:aws:iam::123456789012:policy/lambda-shop-function-boundary"
    ])
    error_message = "Every function role must carry the bootstrap's permissions boundary, built from the policy name."
  }

  assert {
    condition     = output.web_function_name == "lambda-shop-pr-42-web" && output.name_prefix == "lambda-shop-pr-42"
    error_message = "Every name must start with <project>-<env>."
  }

  assert {
    condition     = output.bucket_names == { storefront = "lambda-shop-pr-42-storefront-123456789012", assets = "lambda-shop-pr-42-assets-123456789012" }
    error_message = "Bucket names must carry the environment and the account."
  }

  assert {
    condition     = output.shop_url == "https://d111111abcdef8.cloudfront.net" && output.cloudfront_distribution_id != null
    error_message = "The shop URL is the distribution's domain."
  }

  assert {
    condition = (
      output.web_environment.DATABASE_URL == "postgres://shop@db.cluster-abc.eu-west-1.rds.amazonaws.com:5432/shop?sslmode=require" &&
      output.web_environment.DATABASE_SECRET_ARN == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-AbCdEf"
    )
    error_message = "The function must get the database URL without a password, plus the credentials secret."
  }

  assert {
    condition = (
      output.web_environment.DJANGO_ENV == "production" &&
      output.web_environment.DJANGO_MEDIA_BUCKET == output.assets_bucket_name &&
      output.web_environment.DJANGO_ALLOWED_HOSTS == "d111111abcdef8.cloudfront.net" &&
      output.web_environment.DJANGO_CSRF_TRUSTED_ORIGINS == "https://d111111abcdef8.cloudfront.net" &&
      output.web_environment.DJANGO_STATIC_URL == "/static/" && output.web_environment.DJANGO_MEDIA_URL == "/media/"
    )
    error_message = "The Django environment contract must be filled from the stack."
  }

  assert {
    condition = alltrue([
      for f in module.function : !contains(keys(f.environment), "DJANGO_SECRET_KEY") &&
      f.environment.DJANGO_SECRET_KEY_ARN == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:lambda-shop-pr-42/django-secret-key-AbCdEf"
    ])
    error_message = "Neither function's configuration may hold the secret key: only its ARN, read at cold start."
  }

  assert {
    condition = (
      output.web_environment.SHOP_ORIGIN_SECRET_ARN == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:lambda-shop-pr-42/origin-verify-AbCdEf" &&
      output.web_environment.SHOP_ORIGIN_HEADER == "x-origin-verify" && output.api_environment.SHOP_ORIGIN_HEADER == "x-origin-verify"
    )
    error_message = "Both functions must check the origin header CloudFront adds."
  }

  assert {
    condition     = output.web_environment.DATABASE_CONN_MAX_AGE == "0" && output.api_environment.DATABASE_CONN_MAX_AGE == "0"
    error_message = "A database that may pause (min 0 ACU) must not be kept awake by connections of frozen functions."
  }

  assert {
    condition     = !contains(keys(output.web_environment), "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT") && alltrue([for f in module.function : length(f.layer_arns) == 0])
    error_message = "Without secrets_extension_layer_arn the functions have no layer and read secrets with boto3."
  }

  assert {
    condition = (
      one([for st in jsondecode(module.function["web"].policy_json).Statement : st.Resource if st.Sid == "ObjectReadWrite"]) == ["arn:aws:s3:::mock-bucket/media/*"] &&
      one([for st in jsondecode(module.function["web"].policy_json).Statement : st.Resource if st.Sid == "ReadSecrets"]) == [
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:lambda-shop-pr-42/django-secret-key-AbCdEf",
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:lambda-shop-pr-42/origin-verify-AbCdEf",
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-AbCdEf",
      ]
    )
    error_message = "The web function may touch only media objects and read only its three secrets (key, origin header, database)."
  }

  assert {
    condition = (
      output.function_names == { web = "lambda-shop-pr-42-web", api = "lambda-shop-pr-42-api", manage = "lambda-shop-pr-42-manage", worker = "lambda-shop-pr-42-worker" } &&
      output.api_function_name == "lambda-shop-pr-42-api" && output.api_function_alias == "live" && output.web_function_alias == "live"
    )
    error_message = "The package must run as web and api, each behind its live alias, plus manage for migrations and the order worker."
  }

  assert {
    condition = (
      output.api_environment == merge(output.web_environment, { DJANGO_SHOP_ROLE = "api" }) &&
      !contains(keys(output.web_environment), "DJANGO_SHOP_ROLE")
    )
    error_message = "The api function must get the web function's environment plus DJANGO_SHOP_ROLE=api; web keeps the full default role."
  }

  assert {
    condition = (
      contains([for st in jsondecode(module.function["api"].policy_json).Statement : st.Sid], "ObjectReadWrite") &&
      [for st in jsondecode(module.function["api"].policy_json).Statement : st if !contains(["WriteOwnLogs", "SendToOrderQueue"], st.Sid)] ==
      [for st in jsondecode(module.function["web"].policy_json).Statement : st if st.Sid != "WriteOwnLogs"]
    )
    error_message = "The api function must have exactly the web function's media and secret permissions (plus sending to the order queue)."
  }

  assert {
    condition = (
      module.function["api"].security_group_id != null && module.function["web"].security_group_id != null &&
      module.database[0].allowed_security_group_ids == { for role, fn in module.function : role => fn.security_group_id } &&
      length(module.database[0].allowed_security_group_ids) == 4
    )
    error_message = "Every function must run in the VPC, and the database must admit their security groups (and nothing else)."
  }

  assert {
    condition = output.routes == {
      "ANY /api/{proxy+}"              = "lambda-shop-pr-42-api"
      "GET /api/me/orders"             = "lambda-shop-pr-42-api"
      "POST /api/me/orders"            = "lambda-shop-pr-42-api"
      "POST /api/auth/sign-in"         = "lambda-shop-pr-42-api"
      "POST /api/auth/sign-up"         = "lambda-shop-pr-42-api"
      "POST /api/auth/resend-code"     = "lambda-shop-pr-42-api"
      "POST /api/auth/forgot-password" = "lambda-shop-pr-42-api"
      "$default"                       = "lambda-shop-pr-42-web"
    }
    error_message = "The JSON API (account and throttled auth routes included) must reach the api function and every other path (the admin included) the web function."
  }

  assert {
    condition = module.api.route_throttling == {
      "POST /api/auth/sign-in"         = { burst_limit = 10, rate_limit = 5 }
      "POST /api/auth/sign-up"         = { burst_limit = 5, rate_limit = 1 }
      "POST /api/auth/resend-code"     = { burst_limit = 5, rate_limit = 1 }
      "POST /api/auth/forgot-password" = { burst_limit = 5, rate_limit = 1 }
    }
    error_message = "Sign-in and the endpoints that mail a code must each be throttled on their own route, far below the rest of the API."
  }

  assert {
    condition = (
      module.api.authorized_routes == tolist(["GET /api/me/orders", "POST /api/me/orders"]) &&
      module.api.authorizer_id != null &&
      local.api_environment["SHOP_COGNITO_CLIENT_ID"] == module.user_pool.client_id &&
      local.api_environment["SHOP_COGNITO_USER_POOL_ID"] == module.user_pool.user_pool_id &&
      local.api_environment["SHOP_REFRESH_TOKEN_DAYS"] == "30" &&
      contains(keys(module.network[0].interface_endpoint_ids), "cognito-idp")
    )
    error_message = "My orders needs a user pool token checked by API Gateway, and the api function the pool's public IDs, the refresh cookie's lifetime and a route to Cognito from its private subnets (the cognito-idp endpoint)."
  }

  assert {
    condition = module.api.lambda_permission_source_arns == {
      "ANY /api/{proxy+}"   = "arn:aws:execute-api:eu-west-1:123456789012:abc123/*/*/api/*"
      "GET /api/me/orders"  = "arn:aws:execute-api:eu-west-1:123456789012:abc123/*/GET/api/me/orders"
      "POST /api/me/orders" = "arn:aws:execute-api:eu-west-1:123456789012:abc123/*/POST/api/me/orders"
      "$default"            = "arn:aws:execute-api:eu-west-1:123456789012:abc123/*/$default"
      # The throttled auth routes: each permission names its own path.
      "POST /api/auth/sign-in"         = "arn:aws:execute-api:eu-west-1:123456789012:abc123/*/POST/api/auth/sign-in"
      "POST /api/auth/sign-up"         = "arn:aws:execute-api:eu-west-1:123456789012:abc123/*/POST/api/auth/sign-up"
      "POST /api/auth/resend-code"     = "arn:aws:execute-api:eu-west-1:123456789012:abc123/*/POST/api/auth/resend-code"
      "POST /api/auth/forgot-password" = "arn:aws:execute-api:eu-west-1:123456789012:abc123/*/POST/api/auth/forgot-password"
    }
    error_message = "Each function may be invoked only through its own routes of this API."
  }

  assert {
    condition     = length(module.network) == 1 && length(module.database) == 1 && module.database[0].security_group_id != null
    error_message = "An AWS environment gets its own network and database."
  }

  assert {
    condition = (
      aws_lambda_invocation.migrate[0].input == jsonencode({ manage = ["migrate", "--noinput"] }) &&
      aws_lambda_invocation.migrate[0].function_name == "lambda-shop-pr-42-manage" &&
      aws_lambda_invocation.migrate[0].qualifier == module.function["manage"].version &&
      aws_lambda_invocation.migrate[0].triggers.code_sha256 == filebase64sha256("../modules/lambda_app/tests/fixtures/placeholder.zip")
    )
    error_message = "Migrations must run through the manage entry point of the new version whenever the code changes (tests/release.tftest.hcl tests the order)."
  }

  assert {
    condition     = output.migration_result.exit_status == 0
    error_message = "The migrate result must be exposed."
  }
}

run "the_secrets_extension_layer_keeps_boto3_off_the_cold_start" {
  command = apply

  variables {
    secrets_extension_layer_arn = "arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension:12"
  }

  assert {
    condition = alltrue([
      for f in module.function : one(f.layer_arns) == "arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension:12" &&
      f.environment.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT == "2773"
    ])
    error_message = "With the layer, both functions attach it and are told its port."
  }
}

run "an_always_on_database_keeps_persistent_connections" {
  command = apply

  variables {
    database_min_capacity = 0.5
  }

  assert {
    condition     = !contains(keys(output.web_environment), "DATABASE_CONN_MAX_AGE")
    error_message = "A database that never pauses keeps Django's persistent connections."
  }
}

run "the_environment_can_create_its_web_acl" {
  command = apply

  variables {
    create_web_acl = true
  }

  assert {
    condition     = module.cdn.web_acl_arn == "arn:aws:wafv2:us-east-1:123456789012:global/webacl/lambda-shop-pr-42/abc" && length(module.waf) == 1
    error_message = "create_web_acl must create the web ACL (in us-east-1) and attach it to the distribution."
  }
}

run "a_web_acl_is_created_or_given_not_both" {
  command = plan

  variables {
    create_web_acl = true
    web_acl_arn    = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/existing/abc"
  }

  expect_failures = [var.web_acl_arn]
}

run "secrets_extension_layer_must_be_the_extension" {
  command = plan

  variables {
    secrets_extension_layer_arn = "arn:aws:lambda:eu-west-1:123456789012:layer:something-else:1"
  }

  expect_failures = [var.secrets_extension_layer_arn]
}

run "local_emulator_environment_brings_its_own_database" {
  command = apply

  variables {
    env             = "local"
    create_database = false
    database_url    = "sqlite:////tmp/lambda-shop/db.sqlite3"
    run_migrations  = false
    extra_environment = {
      DJANGO_ALLOWED_HOSTS = "127.0.0.1,localhost"
    }
    function_routes = { "$default" = "web" }
  }

  assert {
    condition     = alltrue([for f in module.function : f.role_permissions_boundary == null])
    error_message = "Without function_permissions_boundary the roles have no boundary."
  }

  assert {
    condition     = length(module.network) == 0 && length(module.database) == 0 && length(aws_lambda_invocation.migrate) == 0
    error_message = "Without create_database there is no VPC or cluster, and run_migrations=false invokes nothing."
  }

  assert {
    condition     = output.web_environment.DATABASE_URL == "sqlite:////tmp/lambda-shop/db.sqlite3" && !contains(keys(output.web_environment), "DATABASE_SECRET_ARN")
    error_message = "The given database_url must reach the function unchanged."
  }

  assert {
    condition     = output.web_environment.DJANGO_ALLOWED_HOSTS == "127.0.0.1,localhost"
    error_message = "extra_environment must win over the computed variables."
  }

  assert {
    condition = output.routes == {
      "$default"                       = "lambda-shop-local-web"
      "GET /api/me/orders"             = "lambda-shop-local-api"
      "POST /api/me/orders"            = "lambda-shop-local-api"
      "POST /api/auth/sign-in"         = "lambda-shop-local-api"
      "POST /api/auth/sign-up"         = "lambda-shop-local-api"
      "POST /api/auth/resend-code"     = "lambda-shop-local-api"
      "POST /api/auth/forgot-password" = "lambda-shop-local-api"
    } && keys(output.function_names) == ["api", "manage", "web", "worker"]
    error_message = "function_routes must decide the routes; every function exists either way."
  }

  assert {
    condition     = output.api_environment.DJANGO_ALLOWED_HOSTS == "127.0.0.1,localhost" && output.api_environment.DJANGO_SHOP_ROLE == "api"
    error_message = "extra_environment must reach the api function too, without overriding its role."
  }

  assert {
    condition     = output.database_endpoint == null && output.migration_result == null
    error_message = "Database outputs must be null when no database is created."
  }
}

run "bad_env_names_are_rejected" {
  command = plan

  variables {
    env = "Feature/Foo_Bar"
  }

  expect_failures = [var.env]
}

run "too_long_env_names_are_rejected" {
  command = plan

  variables {
    env = "a-branch-name-that-is-far-too-long"
  }

  expect_failures = [var.env]
}

run "database_choice_must_be_explicit" {
  command = plan

  variables {
    create_database = false
  }

  expect_failures = [var.database_url]
}

run "database_url_must_not_hold_a_password" {
  command = plan

  variables {
    create_database = false
    database_url    = "postgres://shop:hunter2@db.example.com/shop"
  }

  expect_failures = [var.database_url]
}

run "the_role_of_a_function_cannot_be_overridden" {
  command = plan

  variables {
    extra_environment = { DJANGO_SHOP_ROLE = "full" }
  }

  expect_failures = [var.extra_environment]
}

run "routes_need_a_default_route" {
  command = plan

  variables {
    function_routes = { "ANY /api/{proxy+}" = "api" }
  }

  expect_failures = [var.function_routes]
}

run "routes_name_known_functions" {
  command = plan

  variables {
    function_routes = { "$default" = "web", "ANY /admin/{proxy+}" = "admin" }
  }

  expect_failures = [var.function_routes]
}

run "auth_throttling_names_only_auth_endpoints" {
  command = plan

  variables {
    auth_throttling = { "ANY /api/{proxy+}" = { burst_limit = 10, rate_limit = 5 } }
  }

  expect_failures = [var.auth_throttling]
}

run "auth_throttling_never_refuses_everything" {
  command = plan

  variables {
    auth_throttling = { "POST /api/auth/sign-in" = { burst_limit = 10, rate_limit = 0 } }
  }

  expect_failures = [var.auth_throttling]
}

run "failed_migrations_fail_the_apply" {
  command = apply

  override_resource {
    target = aws_lambda_invocation.migrate[0]
    values = { result = "{\"exit_status\": 1, \"output\": \"relation does not exist\"}" }
  }

  expect_failures = [aws_lambda_invocation.migrate[0]]
}

run "catalogue_cached_at_the_edge_as_long_as_django_says" {
  command = apply
  # Its own state: the runs above keep theirs (the migration tests depend on what they applied).
  state_key = "catalogue"

  variables {
    catalogue_cache_seconds = 45
    catalogue_stale_seconds = 15
  }

  assert {
    condition     = output.api_environment.DJANGO_CATALOGUE_CACHE_SECONDS == "45" && output.web_environment.DJANGO_CATALOGUE_STALE_SECONDS == "15"
    error_message = "Django must be told how long the edge may keep the catalogue."
  }

  assert {
    condition = (
      module.cdn.path_patterns["/api/products"] == "api" && module.cdn.path_patterns["/api/products/*"] == "api" &&
      module.cdn.catalogue_cache_policy_id != null
    )
    error_message = "The catalogue paths must be cached API behaviours."
  }
}

run "catalogue_uncached_at_zero_seconds" {
  command   = plan
  state_key = "catalogue"

  variables {
    catalogue_cache_seconds = 0
  }

  assert {
    condition     = !contains(keys(module.cdn.path_patterns), "/api/products")
    error_message = "0 seconds must leave the catalogue on the uncached default behaviour."
  }
}

run "catalogue_cache_times_are_validated" {
  command = plan

  variables {
    catalogue_cache_seconds = -1
    catalogue_stale_seconds = 1.5
  }

  expect_failures = [var.catalogue_cache_seconds, var.catalogue_stale_seconds]
}

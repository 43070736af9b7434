data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  name = "${var.project}-${var.env}"

  database_url        = var.create_database ? module.database[0].database_url : var.database_url
  database_secret_arn = var.create_database ? module.database[0].master_user_secret_arn : null

  # A name in tfvars, an ARN here: no account ID is ever written down.
  function_permissions_boundary_arn = var.function_permissions_boundary == "" ? null : "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:policy/${var.function_permissions_boundary}"

  # Static and media live under the same prefixes in the bucket as in the URL, so one list drives both.
  static_url = "/${trimsuffix(module.storage.static_prefix, "/")}/"
  media_url  = "/${trimsuffix(module.storage.media_prefix, "/")}/"

  web_environment = merge(
    {
      DJANGO_ENV                  = "production"
      DJANGO_ALLOWED_HOSTS        = join(",", module.cdn.host_names)
      DJANGO_CSRF_TRUSTED_ORIGINS = join(",", [for h in module.cdn.host_names : "https://${h}"])
      DJANGO_MEDIA_BUCKET         = module.storage.assets_bucket_name
      DJANGO_STATIC_URL           = local.static_url
      DJANGO_MEDIA_URL            = local.media_url
      DATABASE_URL                = local.database_url
      # Django's Cache-Control for the catalogue; the CDN's cache policy caps it at the same value.
      DJANGO_CATALOGUE_CACHE_SECONDS = tostring(var.catalogue_cache_seconds)
      DJANGO_CATALOGUE_STALE_SECONDS = tostring(var.catalogue_stale_seconds)
      DJANGO_SECRET_KEY_ARN          = module.django_secret_key.arn
      SHOP_ORIGIN_SECRET_ARN         = module.cdn.origin_secret_arn
      SHOP_ORIGIN_HEADER             = module.cdn.origin_header_name
    },
    var.secrets_extension_layer_arn == null ? {} : { PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = "2773" },
    local.database_secret_arn == null ? {} : { DATABASE_SECRET_ARN = local.database_secret_arn },
    # A cluster that may pause (0 ACU) pauses only with no connection open, and a frozen Lambda environment keeps
    # its persistent connection open for as long as it lives: close each connection at the end of its request.
    var.create_database && var.database_min_capacity == 0 ? { DATABASE_CONN_MAX_AGE = "0" } : {},
    local.accounts_environment,
    local.pipeline_environment,
    var.extra_environment,
  )

  # The same package runs as two functions (docs/performance.md). "web" is the whole of Django: the admin, and the
  # manage entry point that migrations need. "api" loads only what the JSON API needs and so starts faster; it is
  # otherwise identical, with the same secrets, network, database and media access.
  api_environment = merge(local.web_environment, { DJANGO_SHOP_ROLE = "api" })
  # The worker serves no request (no origin header to check) and uploads no media.
  worker_environment = { for k, v in local.web_environment : k => v if !contains(["SHOP_ORIGIN_SECRET_ARN", "SHOP_ORIGIN_HEADER", "DJANGO_MEDIA_BUCKET"], k) }
  # "manage" is the web package with the time a migration needs (docs/releases.md); nothing routes requests to it.
  functions = {
    web = {
      description = "Django web application of ${local.name}"
      handler     = "lambda_handler.handler"
      environment = local.web_environment
      timeout     = var.lambda_timeout
      reserved    = var.lambda_reserved_concurrency
      provisioned = var.lambda_provisioned_concurrency
      alarms      = var.release_alarms
    }
    api = {
      description = "JSON API of ${local.name} (DJANGO_SHOP_ROLE=api); also runs the outbox sweep (pipeline.tf)"
      handler     = "lambda_handler.handler"
      environment = local.api_environment
      timeout     = var.lambda_timeout
      reserved    = var.lambda_reserved_concurrency
      provisioned = var.lambda_provisioned_concurrency
      alarms      = var.release_alarms
    }
    # One at a time: two migrations racing on one schema is never wanted.
    manage = {
      description = "Management commands (migrate) of ${local.name}"
      handler     = "lambda_handler.handler"
      environment = local.web_environment
      timeout     = var.manage_timeout
      reserved    = 1
      provisioned = 0
      alarms      = null
    }
    # The order queue's consumer (pipeline.tf): SQS batches through its event source mapping, on its live alias.
    worker = {
      description = "Order pipeline worker of ${local.name}: confirms, emails the shopper, tells the staff"
      handler     = "lambda_handler.worker"
      environment = local.worker_environment
      timeout     = var.worker_timeout
      reserved    = -1
      provisioned = 0
      alarms      = var.release_alarms
    }
  }
}

module "network" {
  source = "../modules/network"
  count  = var.create_database ? 1 : 0

  name       = local.name
  cidr_block = var.vpc_cidr
  az_count   = var.az_count
  # The functions' AWS calls from the private subnets, which have no NAT: secrets; the outbox's sends (sqs); the
  # worker's email (email: the SES API, not SMTP) and staff notices (sns); the api function's calls to the user
  # pool's unauthenticated APIs (cognito-idp: PrivateLink takes them as long as the pool has no domain, and
  # modules/user_pool creates none).
  interface_endpoints         = ["secretsmanager", "sqs", "sns", "email", "cognito-idp"]
  interface_endpoint_az_count = var.interface_endpoint_az_count
}

module "database" {
  source = "../modules/database"
  count  = var.create_database ? 1 : 0

  name       = local.name
  vpc_id     = module.network[0].vpc_id
  subnet_ids = module.network[0].private_subnet_ids
  # Static keys: a reference to all of module.function would include the aliases, which wait for the migration
  # (deploy.tf), which waits for the database: a cycle.
  allowed_security_group_ids = {
    web    = module.function["web"].security_group_id
    api    = module.function["api"].security_group_id
    manage = module.function["manage"].security_group_id
    worker = module.function["worker"].security_group_id
  }

  engine_version           = var.database_engine_version
  port                     = var.database_port
  min_capacity             = var.database_min_capacity
  max_capacity             = var.database_max_capacity
  seconds_until_auto_pause = var.database_seconds_until_auto_pause
  instance_count           = var.database_instance_count
  backup_retention_period  = var.database_backup_retention_days
  deletion_protection      = var.database_deletion_protection
  skip_final_snapshot      = var.database_skip_final_snapshot
  log_retention_days       = var.log_retention_days
}

module "storage" {
  source = "../modules/storage"

  name                        = local.name
  name_suffix                 = data.aws_caller_identity.current.account_id
  cloudfront_distribution_arn = module.cdn.distribution_arn
  force_destroy               = var.force_destroy_buckets
  deny_insecure_transport     = var.s3_deny_insecure_transport
  static_source_dir           = var.upload_site_files ? var.static_dir : null
  storefront_source_dir       = var.upload_site_files ? var.storefront_dir : null
}

module "waf" {
  source = "../modules/waf"
  count  = var.create_web_acl ? 1 : 0

  providers = { aws = aws.us_east_1 }

  name             = local.name
  order_rate_limit = var.waf_order_rate_limit
}

module "cdn" {
  source = "../modules/cdn"

  name                                   = local.name
  api_domain_name                        = module.api.api_domain_name
  storefront_bucket_regional_domain_name = module.storage.storefront_bucket_regional_domain_name
  assets_bucket_regional_domain_name     = module.storage.assets_bucket_regional_domain_name
  assets_path_patterns                   = ["${local.static_url}*", "${local.media_url}*"]
  cached_api_path_patterns               = var.catalogue_cache_seconds > 0 ? ["/api/products", "/api/products/*"] : []
  # A response without Cache-Control is not kept; Django's s-maxage is never stretched past the input.
  catalogue_cache_ttl = { default = 0, max = var.catalogue_cache_seconds }

  aliases                        = var.domain_aliases
  acm_certificate_arn            = var.acm_certificate_arn
  web_acl_arn                    = var.create_web_acl ? module.waf[0].arn : var.web_acl_arn
  price_class                    = var.price_class
  create_response_headers_policy = var.create_response_headers_policy
  wait_for_deployment            = var.cdn_wait_for_deployment

  origin_secret_version              = var.origin_secret_version
  origin_secret_recovery_window_days = var.secret_recovery_window_days
}

# Django's SECRET_KEY, generated once and written write-only (modules/secret): it is neither in state nor in the
# functions' configuration. They read it by ARN at cold start (DJANGO_SECRET_KEY_ARN).
module "django_secret_key" {
  source = "../modules/secret"

  name                 = "${local.name}/django-secret-key"
  description          = "Django SECRET_KEY of ${local.name}"
  recovery_window_days = var.secret_recovery_window_days
}

module "function" {
  source   = "../modules/lambda_app"
  for_each = local.functions

  name         = "${local.name}-${each.key}"
  description  = each.value.description
  zip_path     = var.lambda_zip_path
  handler      = each.value.handler
  runtime      = var.lambda_runtime
  architecture = var.lambda_architecture
  layer_arns   = compact([var.secrets_extension_layer_arn])
  memory_size  = var.lambda_memory_size
  timeout      = each.value.timeout
  tracing_mode = var.lambda_tracing_mode

  permissions_boundary_arn = local.function_permissions_boundary_arn
  alias_function_version   = local.alias_versions[each.key]
  release_alarms           = each.value.alarms
  # A migration runs once per version: a snapshot of the manage function would never be restored.
  snap_start = var.lambda_snap_start && each.key != "manage"

  reserved_concurrent_executions    = each.value.reserved
  provisioned_concurrent_executions = each.value.provisioned
  log_retention_days                = var.log_retention_days

  environment        = each.value.environment
  secret_environment = var.secret_environment

  # Media uploads only: static files are deployed by Terraform, never written by the function.
  s3_object_arns = each.key == "worker" ? [] : [module.storage.media_object_arn]
  s3_list_buckets = each.key == "worker" ? [] : [{
    bucket_arn = module.storage.assets_bucket_arn
    prefixes   = ["${module.storage.media_prefix}*"]
  }]
  secret_arns = compact([
    module.django_secret_key.arn, each.key == "worker" ? null : module.cdn.origin_secret_arn, local.database_secret_arn,
  ])
  policy_statements = lookup(local.function_policy_statements, each.key, [])

  vpc_enabled    = var.create_database
  vpc_id         = var.create_database ? module.network[0].vpc_id : null
  vpc_subnet_ids = var.create_database ? module.network[0].private_subnet_ids : []
  security_group_egress = var.create_database ? {
    postgres = {
      description                  = "PostgreSQL to the database cluster"
      from_port                    = module.database[0].port
      to_port                      = module.database[0].port
      referenced_security_group_id = module.database[0].security_group_id
    }
    endpoints = {
      description                  = "HTTPS to the interface endpoints (Secrets Manager, SQS, SNS, SES, Cognito)"
      from_port                    = 443
      to_port                      = 443
      referenced_security_group_id = module.network[0].endpoint_security_group_id
    }
    s3 = {
      description    = "HTTPS to S3 through the gateway endpoint"
      from_port      = 443
      to_port        = 443
      prefix_list_id = module.network[0].s3_prefix_list_id
    }
  } : {}
}

module "api" {
  source = "../modules/http_api"

  name = local.name
  routes = merge({
    for route_key, role in var.function_routes : route_key => {
      function_name       = module.function[role].function_name
      function_alias_name = module.function[role].alias_name
      function_alias_arn  = module.function[role].alias_arn
    }
  }, local.account_routes, local.auth_routes)
  jwt_authorizer = {
    name     = "user-pool"
    issuer   = module.user_pool.issuer
    audience = [module.user_pool.client_id]
  }
  throttling_burst_limit = var.api_throttling_burst_limit
  throttling_rate_limit  = var.api_throttling_rate_limit
  route_throttling       = var.auth_throttling
  log_retention_days     = var.log_retention_days
}

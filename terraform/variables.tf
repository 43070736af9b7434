# ---------------------------------------------------------------------------------------------------------------------
# Identity
# ---------------------------------------------------------------------------------------------------------------------

variable "project" {
  description = "Project name; every resource name starts with <project>-<env>."
  type        = string
  default     = "lambda-shop"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,14}[a-z0-9]$", var.project)) && !strcontains(var.project, "--")
    error_message = "project must be 2-16 lowercase letters, digits or single hyphens, start with a letter and not end with a hyphen."
  }
}

variable "env" {
  description = "Environment name: main, staging, production, pr-42, a sanitised branch name. Part of every AWS name."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$", var.env)) && !strcontains(var.env, "--")
    error_message = "env must be 1-20 lowercase letters, digits or single hyphens, start with a letter and not end with a hyphen (e.g. staging, pr-42). make derives a valid name from the git branch."
  }
}

variable "region" {
  description = "AWS region of the stack (CloudFront itself is global)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1."
  }
}

variable "tags" {
  description = "Extra tags on every resource (Project, Environment and ManagedBy are always set)."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------------------------------------------------------------
# Function
# ---------------------------------------------------------------------------------------------------------------------

variable "lambda_zip_path" {
  description = "Deployment package built by make build, relative to this directory or absolute."
  type        = string
  default     = "../dist/lambda.zip"
}

variable "function_permissions_boundary" {
  description = "Name of the IAM policy to set as the permissions boundary of the function roles (terraform/bootstrap creates <project>-function-boundary and only lets the deploy role create roles that carry it); empty for none."
  type        = string
  default     = ""

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{0,128}$", var.function_permissions_boundary))
    error_message = "function_permissions_boundary must be an IAM policy name (letters, digits and +=,.@_-), not an ARN."
  }
}

variable "lambda_runtime" {
  description = "Python runtime of the functions; the package must be built for the same version."
  type        = string
  default     = "python3.13"
}

variable "lambda_architecture" {
  description = "x86_64 or arm64; the package must be built for the same architecture."
  type        = string
  default     = "x86_64"
}

variable "secrets_extension_layer_arn" {
  description = "Layer version ARN of the AWS Parameters and Secrets Lambda Extension for this region and architecture (published per region by AWS); the functions then read their secrets from it on localhost without the SDK. Null reads them from Secrets Manager with boto3."
  type        = string
  default     = null

  validation {
    condition     = var.secrets_extension_layer_arn == null || can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:AWS-Parameters-and-Secrets-Lambda-Extension(-Arm64)?:[0-9]+$", var.secrets_extension_layer_arn))
    error_message = "secrets_extension_layer_arn must be a version ARN of the AWS-Parameters-and-Secrets-Lambda-Extension (or -Arm64) layer."
  }
}

variable "lambda_memory_size" {
  description = "Memory of each function (web and api) in MB."
  type        = number
  default     = 1024
}

variable "catalogue_cache_seconds" {
  description = "How long CloudFront serves the catalogue (GET /api/products, /api/products/<sku>) without asking Django: the s-maxage Django sends, and the cache policy's maximum. 0 caches nothing."
  type        = number
  default     = 30

  validation {
    condition     = var.catalogue_cache_seconds >= 0 && var.catalogue_cache_seconds <= 3600 && floor(var.catalogue_cache_seconds) == var.catalogue_cache_seconds
    error_message = "catalogue_cache_seconds must be whole seconds from 0 to 3600."
  }
}

variable "catalogue_stale_seconds" {
  description = "How long after that CloudFront may still serve the catalogue while it refetches in the background (stale-while-revalidate)."
  type        = number
  default     = 30

  validation {
    condition     = var.catalogue_stale_seconds >= 0 && var.catalogue_stale_seconds <= 3600 && floor(var.catalogue_stale_seconds) == var.catalogue_stale_seconds
    error_message = "catalogue_stale_seconds must be whole seconds from 0 to 3600."
  }
}

variable "lambda_timeout" {
  description = "Timeout of the web and api functions in seconds (API Gateway stops waiting at 30); see manage_timeout for migrations."
  type        = number
  default     = 30
}

variable "manage_timeout" {
  description = "Timeout of the manage function (migrations) in seconds: a paused Aurora cluster takes up to ~30 s to resume, then migrate runs."
  type        = number
  default     = 600

  validation {
    condition     = var.manage_timeout >= 300 && var.manage_timeout <= 900
    error_message = "manage_timeout must be between 300 and 900 seconds (Lambda's maximum)."
  }
}

variable "alias_versions" {
  description = "Keep a function's alias on this published version instead of the one this apply publishes, keyed by role (web, api, manage). make release passes the versions being served, so the apply publishes and migrates and tools/release shifts the traffic."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for role, version in var.alias_versions : contains(["web", "api", "manage"], role) && can(regex("^[1-9][0-9]*$", version))])
    error_message = "alias_versions maps web, api or manage to a published version number, e.g. { web = \"7\", api = \"7\" }."
  }
}

variable "lambda_snap_start" {
  description = "SnapStart on the published versions of web and api (python3.12 and later; not with lambda_provisioned_concurrency)."
  type        = bool
  default     = false

  validation {
    condition     = !var.lambda_snap_start || var.lambda_provisioned_concurrency == 0
    error_message = "lambda_snap_start cannot be combined with lambda_provisioned_concurrency: Lambda refuses the pair; choose one."
  }
}

variable "release_alarms" {
  description = "Thresholds of the alarms on a new version of web and api that roll a release back (tools/release): errors per period, p99 duration in ms (null for 80 % of lambda_timeout), period in seconds."
  type = object({
    errors          = optional(number, 1)
    p99_duration_ms = optional(number)
    period_seconds  = optional(number, 60)
  })
  default = {}
}

variable "lambda_reserved_concurrency" {
  description = "Reserved concurrency of each function (web and api alike); -1 leaves them unreserved."
  type        = number
  default     = -1
}

variable "lambda_provisioned_concurrency" {
  description = "Provisioned concurrency on each function's live alias; 0 disables it."
  type        = number
  default     = 0
}

variable "lambda_tracing_mode" {
  description = "X-Ray tracing of the functions: PassThrough or Active."
  type        = string
  default     = "PassThrough"
}

variable "log_retention_days" {
  description = "Retention of every log group of the environment."
  type        = number
  default     = 30
}

variable "extra_environment" {
  description = "Additional plain environment variables of both functions; they win over the computed ones. No secrets."
  type        = map(string)
  default     = {}

  validation {
    condition     = !contains(keys(var.extra_environment), "DJANGO_SHOP_ROLE")
    error_message = "extra_environment must not set DJANGO_SHOP_ROLE: each function's role is fixed (web = full, api = api); route paths with function_routes instead."
  }
}

variable "function_routes" {
  description = "HTTP API route keys and the function (web or api) each invokes; must include $default, which catches every path no other route matches."
  type        = map(string)
  default = {
    "ANY /api/{proxy+}" = "api"
    "$default"          = "web"
  }

  validation {
    condition     = alltrue([for role in values(var.function_routes) : contains(["web", "api"], role)])
    error_message = "Each function_routes value must be \"web\" or \"api\"."
  }

  validation {
    condition     = contains(keys(var.function_routes), "$default")
    error_message = "function_routes must route \"$default\": CloudFront sends every path it does not serve from S3 to the API."
  }
}

variable "secret_environment" {
  description = "Environment variables read at deploy time from Secrets Manager or SSM: { NAME = { source = \"secretsmanager\" | \"ssm\", id = ARN or name, json_key = optional } }."
  type = map(object({
    source   = string
    id       = string
    json_key = optional(string)
  }))
  default = {}
}

variable "secret_recovery_window_days" {
  description = "Days a deleted Django secret stays recoverable; 0 deletes at once so a preview can be recreated under the same name."
  type        = number
  default     = 7

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or between 7 and 30."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Database and network
# ---------------------------------------------------------------------------------------------------------------------

variable "create_database" {
  description = "Create the VPC and the Aurora PostgreSQL cluster. False runs the function outside a VPC against database_url instead."
  type        = bool
  default     = true
}

variable "database_url" {
  description = "DATABASE_URL used when create_database is false, e.g. sqlite:////abs/path/db.sqlite3 or postgres://user@host/db. Must hold no password."
  type        = string
  default     = null

  validation {
    condition     = var.database_url == null || can(regex("^(sqlite|postgres|postgresql|pgsql)://", var.database_url))
    error_message = "database_url must be a sqlite:// or postgres:// URL."
  }

  validation {
    condition     = var.database_url == null || !can(regex("^[a-z]+://[^/@:]*:[^/@]+@", var.database_url))
    error_message = "database_url must not contain a password: it would be stored in plain text in the function configuration."
  }

  validation {
    condition     = var.create_database == (var.database_url == null)
    error_message = "Set database_url exactly when create_database is false: the function needs one database, created or given."
  }
}

variable "database_engine_version" {
  description = "Aurora PostgreSQL version (0 ACU needs 13.15, 14.12, 15.7, 16.3 or later)."
  type        = string
  default     = "16.6"
}

variable "database_port" {
  description = "Port of the database cluster (Aurora allows 1150-65535); the functions' egress rule follows it."
  type        = number
  default     = 5432
}

variable "database_min_capacity" {
  description = "Minimum Aurora capacity units; 0 pauses an idle cluster."
  type        = number
  default     = 0
}

variable "database_max_capacity" {
  description = "Maximum Aurora capacity units."
  type        = number
  default     = 2
}

variable "database_seconds_until_auto_pause" {
  description = "Idle seconds before a 0-ACU cluster pauses."
  type        = number
  default     = 300
}

variable "database_instance_count" {
  description = "db.serverless instances in the cluster (more than one adds failover readers)."
  type        = number
  default     = 1
}

variable "database_backup_retention_days" {
  description = "Days of automated database backups."
  type        = number
  default     = 7
}

variable "database_deletion_protection" {
  description = "Protect the database cluster from deletion."
  type        = bool
  default     = true
}

variable "database_skip_final_snapshot" {
  description = "Destroy the database without a final snapshot."
  type        = bool
  default     = false
}

variable "vpc_cidr" {
  description = "CIDR block of the environment's VPC."
  type        = string
  default     = "10.20.0.0/16"
}

variable "az_count" {
  description = "Availability zones with a private subnet."
  type        = number
  default     = 2
}

variable "interface_endpoint_az_count" {
  description = "Zones in which each interface endpoint gets a (billed) network interface; null means every zone."
  type        = number
  default     = null
}

# ---------------------------------------------------------------------------------------------------------------------
# Storage and deploy
# ---------------------------------------------------------------------------------------------------------------------

variable "force_destroy_buckets" {
  description = "Let terraform destroy buckets that still hold objects (previews)."
  type        = bool
  default     = false
}

variable "s3_deny_insecure_transport" {
  description = "Bucket policies deny requests over plain HTTP. Only an S3 endpoint without TLS (the local emulator) needs false."
  type        = bool
  default     = true
}

variable "upload_site_files" {
  description = "Upload the collected static files and the storefront. A missing directory uploads nothing."
  type        = bool
  default     = true
}

variable "static_dir" {
  description = "Collected Django static files (hashed names), relative to this directory or absolute."
  type        = string
  default     = "../dist/static"
}

variable "storefront_dir" {
  description = "The storefront bundle built by make build (asset names carry content hashes), relative to this directory or absolute."
  type        = string
  default     = "../dist/storefront"
}

variable "run_migrations" {
  description = "Invoke the function's manage entry point with migrate whenever the code changes. Needs a Lambda service that executes code."
  type        = bool
  default     = true
}

# ---------------------------------------------------------------------------------------------------------------------
# Edge
# ---------------------------------------------------------------------------------------------------------------------

variable "domain_aliases" {
  description = "Custom domain names of the shop; needs acm_certificate_arn."
  type        = list(string)
  default     = []
}

variable "acm_certificate_arn" {
  description = "ACM certificate (us-east-1) covering domain_aliases."
  type        = string
  default     = null
}

variable "create_web_acl" {
  description = "Create this environment's WAF web ACL (modules/waf: AWS managed common, known bad inputs and IP reputation rules, a rate limit on POST /api/orders) and attach it; false attaches web_acl_arn, if any."
  type        = bool
  default     = false
}

variable "waf_order_rate_limit" {
  description = "Orders (POST /api/orders) one IP address may place per 5 minutes before the created web ACL answers 429."
  type        = number
  default     = 100
}

variable "web_acl_arn" {
  description = "WAFv2 web ACL (CLOUDFRONT scope) to attach to the distribution."
  type        = string
  default     = null

  validation {
    condition     = !(var.create_web_acl && var.web_acl_arn != null)
    error_message = "Set either create_web_acl or web_acl_arn: the distribution takes one web ACL."
  }
}

variable "origin_secret_version" {
  description = "Version of the secret header CloudFront sends to the API origin; increase it to rotate the value without downtime (modules/cdn)."
  type        = number
  default     = 1

  validation {
    condition     = var.origin_secret_version >= 1 && floor(var.origin_secret_version) == var.origin_secret_version
    error_message = "origin_secret_version must be a whole number from 1."
  }
}

variable "price_class" {
  description = "CloudFront price class."
  type        = string
  default     = "PriceClass_100"
}

variable "create_response_headers_policy" {
  description = "Create the security headers policy with a CSP; false uses the AWS managed SecurityHeadersPolicy."
  type        = bool
  default     = true
}

variable "cdn_wait_for_deployment" {
  description = "Wait for the distribution to reach every edge location before finishing the apply."
  type        = bool
  default     = true
}

variable "api_throttling_burst_limit" {
  description = "Burst limit of the HTTP API stage."
  type        = number
  default     = 200
}

variable "api_throttling_rate_limit" {
  description = "Requests per second of the HTTP API stage."
  type        = number
  default     = 100
}

# ---------------------------------------------------------------------------------------------------------------------
# Customer accounts
# ---------------------------------------------------------------------------------------------------------------------

variable "account_routes" {
  description = "Route keys of the account API: served by the api function, and only with a valid access token of the user pool (API Gateway's JWT authorizer answers 401 otherwise)."
  type        = list(string)
  default     = ["GET /api/me/orders", "POST /api/me/orders"]

  validation {
    condition     = alltrue([for key in var.account_routes : can(regex("^(GET|POST|PUT|PATCH|DELETE) /api/me(/[A-Za-z0-9._~{}+-]+)*$", key))])
    error_message = "Each account_routes key must be \"<METHOD> /api/me/...\" (the account API lives under /api/me)."
  }
}

variable "user_pool_deletion_protection" {
  description = "Refuse to delete the user pool and its accounts; false for previews and the local cloud."
  type        = bool
  default     = true
}

variable "access_token_validity_minutes" {
  description = "Lifetime of a shopper's access token (5-1440 minutes); the storefront refreshes it through the refresh cookie."
  type        = number
  default     = 15

  validation {
    condition     = var.access_token_validity_minutes >= 5 && var.access_token_validity_minutes <= 1440
    error_message = "access_token_validity_minutes must be between 5 and 1440."
  }
}

variable "refresh_token_validity_days" {
  description = "Lifetime of a shopper's signed-in session (1-3650 days)."
  type        = number
  default     = 30

  validation {
    condition     = var.refresh_token_validity_days >= 1 && var.refresh_token_validity_days <= 3650
    error_message = "refresh_token_validity_days must be between 1 and 3650."
  }
}

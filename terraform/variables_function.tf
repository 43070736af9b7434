# Function: root inputs.

variable "lambda_zip_path" {
  description = "Deployment package built by make build, relative to this directory or absolute."
  type        = string
  default     = "../dist/lambda.zip"
}

variable "function_permissions_boundary" {
  description = "Name of the IAM policy to set as the permissions boundary of the function roles (terraform/bootstrap creates <project>-<preview|staging|production>-function-boundary and only lets that level's deploy role create roles that carry it); empty for none."
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
  description = "Keep a function's alias on this published version instead of the one this apply publishes, keyed by role (web, api, manage, and worker where there is one). make release passes the versions being served, so the apply publishes and migrates and tools/release shifts the traffic."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for role, version in var.alias_versions : contains(["web", "api", "manage", "worker"], role) && can(regex("^[1-9][0-9]*$", version))])
    error_message = "alias_versions maps web, api, manage or worker to a published version number, e.g. { web = \"7\", api = \"7\" }."
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

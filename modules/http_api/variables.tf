variable "name" {
  description = "Name of the API (e.g. lambda-shop-pr-42); also prefixes the access log group."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,62}$", var.name))
    error_message = "name must be 1-63 lowercase letters, digits or hyphens and start with a letter."
  }
}

variable "routes" {
  description = <<-EOT
    Routes keyed by route key ("$default", "ANY /api/{proxy+}", "GET /api/health"), each integrated with the alias of
    a function: function_name, function_alias_name (the only qualifier the invoke permission is granted on) and
    function_alias_arn (the integration URI). authorization is "NONE" (default) or "JWT": API Gateway then refuses
    the request with 401 unless it carries a token jwt_authorizer accepts. Requests no route matches go to "$default".
  EOT
  type = map(object({
    function_name       = string
    function_alias_name = optional(string, "live")
    function_alias_arn  = string
    authorization       = optional(string, "NONE")
  }))

  validation {
    condition     = length(var.routes) > 0
    error_message = "routes needs at least one route, usually \"$default\"."
  }

  validation {
    # A method and a path of literal segments and {variables}, with at most one greedy {variable+} at the end.
    condition = alltrue([
      for key in keys(var.routes) :
      key == "$default" || can(regex("^(ANY|GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) /((([A-Za-z0-9._~-]+|\\{[A-Za-z_][A-Za-z0-9_]*\\})/)*([A-Za-z0-9._~-]+|\\{[A-Za-z_][A-Za-z0-9_]*\\+?\\}))?$", key))
    ])
    error_message = "Each routes key must be \"$default\" or \"<METHOD> /path\" (METHOD is ANY, GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS; a greedy {name+} only as the last segment), e.g. \"ANY /api/{proxy+}\"."
  }

  validation {
    condition     = alltrue([for r in values(var.routes) : can(regex("^[a-zA-Z][a-zA-Z0-9_-]{0,127}$", r.function_alias_name))])
    error_message = "Each route's function_alias_name must be an alias name (the invoke permission is never granted on the unqualified function)."
  }

  validation {
    condition     = alltrue([for r in values(var.routes) : contains(["NONE", "JWT"], r.authorization)])
    error_message = "Each route's authorization must be \"NONE\" or \"JWT\"."
  }

  validation {
    condition     = var.jwt_authorizer != null || alltrue([for r in values(var.routes) : r.authorization == "NONE"])
    error_message = "A route with authorization = \"JWT\" needs jwt_authorizer (the issuer and audience its tokens are checked against)."
  }
}

variable "jwt_authorizer" {
  description = <<-EOT
    JWT authorizer for the routes with authorization = "JWT", e.g. a Cognito user pool: issuer (the pool's
    https://cognito-idp.<region>.amazonaws.com/<pool id>), audience (app client IDs: the aud claim of ID tokens or
    the client_id claim of access tokens must be one of them), identity_source (where the token is). Null: no
    authorizer.
  EOT
  type = object({
    name            = optional(string, "jwt")
    issuer          = string
    audience        = list(string)
    identity_source = optional(string, "$request.header.Authorization")
  })
  default = null

  validation {
    condition     = var.jwt_authorizer == null ? true : can(regex("^https://[^\\s/]+(/[^\\s]*)?$", var.jwt_authorizer.issuer))
    error_message = "jwt_authorizer.issuer must be an https:// URL (API Gateway fetches its /.well-known/openid-configuration)."
  }

  validation {
    condition     = var.jwt_authorizer == null ? true : (length(var.jwt_authorizer.audience) > 0 && alltrue([for a in var.jwt_authorizer.audience : length(a) > 0]))
    error_message = "jwt_authorizer.audience needs at least one non-empty audience (an app client ID)."
  }

  validation {
    condition     = var.jwt_authorizer == null ? true : can(regex("^\\$request\\.header\\.[A-Za-z0-9-]+$", var.jwt_authorizer.identity_source))
    error_message = "jwt_authorizer.identity_source must be a request header, e.g. \"$request.header.Authorization\"."
  }

  validation {
    condition     = var.jwt_authorizer == null ? true : can(regex("^[A-Za-z0-9_-]{1,128}$", var.jwt_authorizer.name))
    error_message = "jwt_authorizer.name must be 1-128 letters, digits, hyphens or underscores."
  }
}

variable "integration_timeout_ms" {
  description = "Integration timeout in milliseconds (50-30000)."
  type        = number
  default     = 30000

  validation {
    condition     = var.integration_timeout_ms >= 50 && var.integration_timeout_ms <= 30000
    error_message = "integration_timeout_ms must be between 50 and 30000."
  }
}

variable "throttling_burst_limit" {
  description = "Burst limit (requests) of every route that route_throttling does not name (the stage's default route settings)."
  type        = number
  default     = 200

  validation {
    condition     = var.throttling_burst_limit >= 1
    error_message = "throttling_burst_limit must be positive."
  }
}

variable "throttling_rate_limit" {
  description = "Steady-state limit (requests per second) of every route that route_throttling does not name."
  type        = number
  default     = 100

  validation {
    condition     = var.throttling_rate_limit >= 1
    error_message = "throttling_rate_limit must be positive."
  }
}

variable "route_throttling" {
  description = <<-EOT
    Throttling of single routes, keyed by route key (each must be a key of routes), e.g.
    { "POST /api/auth/sign-in" = { burst_limit = 10, rate_limit = 5 } }: burst_limit is the bucket size (requests
    taken at once), rate_limit the steady-state requests per second it refills with. A route listed here gets these
    limits instead of the stage's default route limits (throttling_burst_limit, throttling_rate_limit); over them
    API Gateway answers 429 {"message":"Too Many Requests"} before the function runs. The limits count the requests
    of all clients together, not per client.
  EOT
  type = map(object({
    burst_limit = number
    rate_limit  = number
  }))
  default = {}

  validation {
    condition     = alltrue([for key in keys(var.route_throttling) : contains(keys(var.routes), key)])
    error_message = "Each route_throttling key must be a route key of routes (API Gateway refuses settings for a route the API does not have)."
  }

  validation {
    # API Gateway's account-level limits per Region (10,000 requests per second, a bucket of 5,000) cap any route's.
    condition = alltrue([
      for t in values(var.route_throttling) :
      t.burst_limit >= 1 && t.burst_limit <= 5000 && floor(t.burst_limit) == t.burst_limit && t.rate_limit > 0 && t.rate_limit <= 10000
    ])
    error_message = "Each route_throttling entry needs a whole burst_limit of 1-5000 and a rate_limit above 0 and at most 10000 (0 would refuse every request)."
  }
}

variable "log_retention_days" {
  description = "Retention of the access log group."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts, e.g. 7, 14, 30, 90 or 365."
  }
}

variable "log_kms_key_arn" {
  description = "Customer managed KMS key for the access log group. Null uses the CloudWatch Logs default encryption."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

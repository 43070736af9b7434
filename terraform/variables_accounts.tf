# Customer accounts: root inputs.

variable "account_routes" {
  description = "Route keys of the account API: served by the api function, and only with a valid access token of the user pool (API Gateway's JWT authorizer answers 401 otherwise)."
  type        = list(string)
  default     = ["GET /api/me/orders", "POST /api/me/orders"]

  validation {
    condition     = alltrue([for key in var.account_routes : can(regex("^(GET|POST|PUT|PATCH|DELETE) /api/me(/[A-Za-z0-9._~{}+-]+)*$", key))])
    error_message = "Each account_routes key must be \"<METHOD> /api/me/...\" (the account API lives under /api/me)."
  }
}

variable "auth_throttling" {
  description = <<-EOT
    The auth routes an attacker would hammer, each with its own API Gateway route on the api function and its own
    throttle (burst_limit: requests at once; rate_limit: requests per second), for all shoppers together; over it
    API Gateway answers 429 before any function runs. Sign-in, burst 10 and 5 per second: far above what the shop's
    shoppers need together (a sign-in lasts the refresh token's lifetime, and refreshes have their own route), and
    it keeps password guessing across many accounts, which Cognito's per-account lockout does not stop, at 5 a
    second, well under Cognito's InitiateAuth quota, which token refreshes share. Sign-up, resend-code and
    forgot-password, burst 5 and 1 per second: each mails a code to whatever address it is given, and Cognito's
    own email sends only so many a day.
  EOT
  type = map(object({
    burst_limit = number
    rate_limit  = number
  }))
  default = {
    "POST /api/auth/sign-in"         = { burst_limit = 10, rate_limit = 5 }
    "POST /api/auth/sign-up"         = { burst_limit = 5, rate_limit = 1 }
    "POST /api/auth/resend-code"     = { burst_limit = 5, rate_limit = 1 }
    "POST /api/auth/forgot-password" = { burst_limit = 5, rate_limit = 1 }
  }

  validation {
    condition     = alltrue([for key in keys(var.auth_throttling) : can(regex("^POST /api/auth/[a-z-]+$", key))])
    error_message = "Each auth_throttling key must be \"POST /api/auth/<endpoint>\" (the shop's own Cognito endpoints)."
  }

  validation {
    condition = alltrue([
      for t in values(var.auth_throttling) :
      t.burst_limit >= 1 && floor(t.burst_limit) == t.burst_limit && t.rate_limit > 0
    ])
    error_message = "Each auth_throttling entry needs a whole burst_limit of at least 1 and a rate_limit above 0."
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

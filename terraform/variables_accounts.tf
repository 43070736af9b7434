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

variable "name" {
  description = "Name of the API (e.g. lambda-shop-pr-42); also prefixes the access log group."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,62}$", var.name))
    error_message = "name must be 1-63 lowercase letters, digits or hyphens and start with a letter."
  }
}

variable "function_name" {
  description = "Name of the Lambda function behind the API."
  type        = string
}

variable "function_alias_name" {
  description = "Alias of the function that the API invokes; the invoke permission is granted on this qualifier only."
  type        = string
  default     = "live"
}

variable "function_alias_arn" {
  description = "ARN of that alias (the integration URI)."
  type        = string
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
  description = "Stage-wide burst limit (requests)."
  type        = number
  default     = 200

  validation {
    condition     = var.throttling_burst_limit >= 1
    error_message = "throttling_burst_limit must be positive."
  }
}

variable "throttling_rate_limit" {
  description = "Stage-wide steady-state limit (requests per second)."
  type        = number
  default     = 100

  validation {
    condition     = var.throttling_rate_limit >= 1
    error_message = "throttling_rate_limit must be positive."
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

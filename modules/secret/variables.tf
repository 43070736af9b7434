variable "name" {
  description = "Name of the secret, e.g. lambda-shop-pr-42/django-secret-key."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9/_+=.@-]{1,512}$", var.name))
    error_message = "name must be 1-512 characters of letters, digits and /_+=.@-."
  }
}

variable "description" {
  description = "Description of the secret."
  type        = string
  default     = ""
}

variable "length" {
  description = "Length of the generated value (hexadecimal digits, 4 random bits each)."
  type        = number
  default     = 64

  validation {
    condition     = var.length >= 32 && var.length <= 4096
    error_message = "length must be between 32 and 4096."
  }
}

variable "value_version" {
  description = "Version of the generated value. Increase it to rotate: a new value becomes AWSCURRENT, the old one AWSPREVIOUS."
  type        = number
  default     = 1

  validation {
    condition     = var.value_version >= 1 && floor(var.value_version) == var.value_version
    error_message = "value_version must be a whole number from 1."
  }
}

variable "recovery_window_days" {
  description = "Days a deleted secret stays recoverable; 0 deletes it at once so an environment can be recreated under the same name."
  type        = number
  default     = 7

  validation {
    condition     = var.recovery_window_days == 0 || (var.recovery_window_days >= 7 && var.recovery_window_days <= 30)
    error_message = "recovery_window_days must be 0 or between 7 and 30."
  }
}

variable "kms_key_arn" {
  description = "Customer managed KMS key of the secret. Null uses the AWS managed aws/secretsmanager key."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags added to the secret."
  type        = map(string)
  default     = {}
}

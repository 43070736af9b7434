variable "name" {
  description = "Name of the user pool (e.g. lambda-shop-pr-42); the app client is <name>-storefront."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,115}$", var.name))
    error_message = "name must be 1-116 lowercase letters, digits or hyphens and start with a letter."
  }
}

variable "password_minimum_length" {
  description = "Minimum password length (Cognito allows 6-99)."
  type        = number
  default     = 10

  validation {
    condition     = var.password_minimum_length >= 8 && var.password_minimum_length <= 99 && floor(var.password_minimum_length) == var.password_minimum_length
    error_message = "password_minimum_length must be a whole number from 8 to 99 (shorter passwords are too weak for a shop)."
  }
}

variable "password_require_lowercase" {
  description = "Passwords need a lowercase letter."
  type        = bool
  default     = true
}

variable "password_require_uppercase" {
  description = "Passwords need an uppercase letter."
  type        = bool
  default     = true
}

variable "password_require_numbers" {
  description = "Passwords need a digit."
  type        = bool
  default     = true
}

variable "password_require_symbols" {
  description = "Passwords need a symbol."
  type        = bool
  default     = false
}

variable "access_token_validity_minutes" {
  description = "Lifetime of access tokens in minutes (Cognito allows 5 minutes to 1 day)."
  type        = number
  default     = 15

  validation {
    condition     = var.access_token_validity_minutes >= 5 && var.access_token_validity_minutes <= 1440 && floor(var.access_token_validity_minutes) == var.access_token_validity_minutes
    error_message = "access_token_validity_minutes must be a whole number from 5 to 1440."
  }
}

variable "id_token_validity_minutes" {
  description = "Lifetime of ID tokens in minutes (Cognito allows 5 minutes to 1 day)."
  type        = number
  default     = 15

  validation {
    condition     = var.id_token_validity_minutes >= 5 && var.id_token_validity_minutes <= 1440 && floor(var.id_token_validity_minutes) == var.id_token_validity_minutes
    error_message = "id_token_validity_minutes must be a whole number from 5 to 1440."
  }
}

variable "refresh_token_validity_days" {
  description = "Lifetime of refresh tokens (the signed-in session) in days (Cognito allows 1 to 3650); must outlive the access token."
  type        = number
  default     = 30

  validation {
    condition     = var.refresh_token_validity_days >= 1 && var.refresh_token_validity_days <= 3650 && floor(var.refresh_token_validity_days) == var.refresh_token_validity_days
    error_message = "refresh_token_validity_days must be a whole number from 1 to 3650."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the pool (and every account in it); false only for previews and local environments."
  type        = bool
  default     = true
}

variable "verification_email_subject" {
  description = "Subject of the email with the sign-up confirmation code."
  type        = string
  default     = "Your confirmation code"

  validation {
    condition     = length(var.verification_email_subject) >= 1 && length(var.verification_email_subject) <= 140
    error_message = "verification_email_subject must be 1-140 characters."
  }
}

variable "verification_email_message" {
  description = "Body of the email with the sign-up confirmation code; must contain {####}, where Cognito puts the code."
  type        = string
  default     = "Your confirmation code is {####}."

  validation {
    condition     = strcontains(var.verification_email_message, "{####}") && length(var.verification_email_message) <= 20000
    error_message = "verification_email_message must contain {####} (the code) and be at most 20000 characters."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

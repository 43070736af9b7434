variable "project" {
  description = "Project name; must equal the stack's `project`, because the deploy roles are scoped to <project>-* names."
  type        = string
  default     = "lambda-shop"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,14}[a-z0-9]$", var.project)) && !strcontains(var.project, "--")
    error_message = "project must be 2-16 lowercase letters, digits or single hyphens, start with a letter and not end with a hyphen."
  }
}

variable "region" {
  description = "AWS region of the state bucket and of the stack the deploy roles may manage."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1."
  }
}

variable "github_repository" {
  description = "The only GitHub repository allowed to assume the deploy roles, as owner/name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$", var.github_repository))
    error_message = "github_repository must be owner/name, e.g. acme/lambda-shop (no wildcards)."
  }
}

variable "preview_environments" {
  description = "Environment names the preview role manages (a trailing `*` matches any rest of the name): their <project>-<env> resources and env/<env>/ state keys. Pull requests deploy pr-<n>."
  type        = list(string)
  default     = ["pr-*"]

  validation {
    condition = alltrue([
      for e in var.preview_environments : can(regex("^[a-z][a-z0-9-]*\\*?$", e)) && alltrue([
        for kept in ["staging", "production"] : !startswith(e, kept) && !startswith(kept, trimsuffix(e, "*"))
      ])
    ]) && length(var.preview_environments) > 0
    error_message = "preview_environments entries are environment names or prefixes like pr-* (a lone * is not allowed), never a name or prefix of staging or production."
  }
}

variable "create_oidc_provider" {
  description = "Create the account's GitHub OIDC provider; set false when the account already has one."
  type        = bool
  default     = true
}

variable "oidc_provider_arn" {
  description = "ARN of an existing GitHub OIDC provider, used when create_oidc_provider is false."
  type        = string
  default     = null

  validation {
    condition     = var.oidc_provider_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/token\\.actions\\.githubusercontent\\.com$", var.oidc_provider_arn))
    error_message = "oidc_provider_arn must be the ARN of the token.actions.githubusercontent.com OIDC provider."
  }
}

variable "state_bucket_name" {
  description = "Name of the Terraform state bucket; null means <project>-tfstate-<account id>."
  type        = string
  default     = null

  validation {
    condition     = var.state_bucket_name == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket_name))
    error_message = "state_bucket_name must be a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)."
  }
}

variable "state_noncurrent_version_days" {
  description = "Days an overwritten state version is kept (the undo window for a bad apply)."
  type        = number
  default     = 90

  validation {
    condition     = var.state_noncurrent_version_days >= 1
    error_message = "state_noncurrent_version_days must be at least 1."
  }
}

variable "max_session_duration" {
  description = "Longest CI session in seconds; destroy jobs ask for 2 hours, because VPC Lambda network interfaces can take 45 minutes to release."
  type        = number
  default     = 7200

  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200
    error_message = "max_session_duration must be between 3600 and 43200 seconds."
  }
}

variable "enforce_permissions_boundary" {
  description = "Only let each deploy role create or change function roles that carry its trust level's boundary policy from this root (blocks privilege escalation through a function role). The stack must set that boundary on its roles (environments/<shape>.tfvars)."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Extra tags on every resource."
  type        = map(string)
  default     = {}
}

# Identity: root inputs. The other inputs are in variables_<concern>.tf.

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

variable "name" {
  description = "Function name; also names the role, log group and security group (e.g. lambda-shop-pr-42-web)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,54}$", var.name))
    error_message = "name must be 1-55 lowercase letters, digits or hyphens and start with a letter, so that every derived name fits."
  }
}

variable "description" {
  description = "Description of the function."
  type        = string
  default     = ""
}

variable "zip_path" {
  description = "Path of the deployment package (make build writes dist/lambda.zip)."
  type        = string

  validation {
    condition     = endswith(var.zip_path, ".zip")
    error_message = "zip_path must name a .zip file."
  }
}

variable "handler" {
  description = "Handler inside the package."
  type        = string
  default     = "lambda_handler.handler"

  validation {
    condition     = can(regex("^[A-Za-z_][A-Za-z0-9_.]*\\.[A-Za-z_][A-Za-z0-9_]*$", var.handler))
    error_message = "handler must look like module.function, e.g. lambda_handler.handler."
  }
}

variable "runtime" {
  description = "Lambda Python runtime."
  type        = string
  default     = "python3.13"

  validation {
    condition     = contains(["python3.11", "python3.12", "python3.13"], var.runtime)
    error_message = "runtime must be python3.11, python3.12 or python3.13."
  }
}

variable "architecture" {
  description = "Instruction set of the function: x86_64 or arm64 (the package must be built for it)."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "layer_arns" {
  description = "Lambda layer version ARNs to attach, e.g. the AWS Parameters and Secrets Lambda Extension."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.layer_arns : can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:[A-Za-z0-9_-]+:[0-9]+$", arn))])
    error_message = "layer_arns must be layer version ARNs such as arn:aws:lambda:eu-west-1:123456789012:layer:name:3."
  }
}

variable "memory_size" {
  description = "Memory in MB (CPU scales with it)."
  type        = number
  default     = 1024

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240
    error_message = "memory_size must be between 128 and 10240 MB."
  }
}

variable "timeout" {
  description = "Timeout in seconds. Behind API Gateway anything above 30 is cut off by the integration."
  type        = number
  default     = 30

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900
    error_message = "timeout must be between 1 and 900 seconds."
  }
}

variable "environment" {
  description = "Plain environment variables. Never put secrets here: use secret_environment."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.environment) : can(regex("^[A-Za-z][A-Za-z0-9_]*$", k)) && !startswith(k, "AWS_")])
    error_message = "environment keys must be letters, digits and underscores, start with a letter and not use the reserved AWS_ prefix."
  }
}

variable "secret_environment" {
  description = <<-EOT
    Environment variables whose values are read at deploy time: source "secretsmanager" (id = secret ARN or name,
    optionally json_key to pick one key of a JSON secret) or "ssm" (id = SecureString parameter name). Only the
    reference is configuration; the value never appears in tfvars. source is a separate plain string because the
    id is often unknown until apply, and the module must still know which reader to use.
  EOT
  type = map(object({
    source   = string
    id       = string
    json_key = optional(string)
  }))
  default = {}

  validation {
    condition     = alltrue([for v in values(var.secret_environment) : contains(["secretsmanager", "ssm"], v.source)])
    error_message = "Each secret_environment entry needs source = \"secretsmanager\" or \"ssm\"."
  }

  validation {
    condition     = alltrue([for k in keys(var.secret_environment) : can(regex("^[A-Za-z][A-Za-z0-9_]*$", k)) && !startswith(k, "AWS_")])
    error_message = "secret_environment keys must be letters, digits and underscores, start with a letter and not use the reserved AWS_ prefix."
  }
}

variable "alias_name" {
  description = "Alias callers (the HTTP API) invoke; it points at alias_function_version."
  type        = string
  default     = "live"

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9_-]{0,127}$", var.alias_name))
    error_message = "alias_name must start with a letter and hold letters, digits, hyphens or underscores."
  }
}

variable "alias_function_version" {
  description = "Published version the alias points at; null for the version this apply publishes. Passing a value that is known only after a step (such as a successful migration) makes the alias wait for that step."
  type        = string
  default     = null

  validation {
    condition     = var.alias_function_version == null || can(regex("^[1-9][0-9]*$", var.alias_function_version))
    error_message = "alias_function_version must be a published version number such as \"7\" (not $LATEST or an alias)."
  }
}

variable "reserved_concurrent_executions" {
  description = "Concurrency reserved for (and capping) the function; -1 leaves it unreserved."
  type        = number
  default     = -1

  validation {
    condition     = var.reserved_concurrent_executions >= -1
    error_message = "reserved_concurrent_executions must be -1 (unreserved) or a non-negative number."
  }
}

variable "provisioned_concurrent_executions" {
  description = "Pre-initialised environments kept warm on the alias; 0 disables provisioned concurrency."
  type        = number
  default     = 0

  validation {
    condition     = var.provisioned_concurrent_executions >= 0
    error_message = "provisioned_concurrent_executions must not be negative."
  }
}

variable "log_retention_days" {
  description = "Retention of the function's log group."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts, e.g. 7, 14, 30, 90 or 365."
  }
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for the environment variables and the log group. Null uses AWS owned keys."
  type        = string
  default     = null
}

variable "tracing_mode" {
  description = "X-Ray tracing: PassThrough or Active (Active attaches the AWS managed X-Ray write policy)."
  type        = string
  default     = "PassThrough"

  validation {
    condition     = contains(["PassThrough", "Active"], var.tracing_mode)
    error_message = "tracing_mode must be PassThrough or Active."
  }
}

variable "vpc_enabled" {
  description = "Run the function in vpc_id/vpc_subnet_ids. A plain bool, because the VPC ID itself is unknown until apply."
  type        = bool
  default     = false
}

variable "vpc_id" {
  description = "VPC to run in (with vpc_enabled)."
  type        = string
  default     = null
}

variable "vpc_subnet_ids" {
  description = "Private subnets for the function's network interfaces (with vpc_enabled)."
  type        = list(string)
  default     = []
}

variable "security_group_egress" {
  description = "Egress rules of the function's security group, keyed by a static name. Exactly one destination per rule."
  type = map(object({
    description                  = string
    from_port                    = number
    to_port                      = number
    ip_protocol                  = optional(string, "tcp")
    cidr_ipv4                    = optional(string)
    prefix_list_id               = optional(string)
    referenced_security_group_id = optional(string)
  }))
  default = {}

  validation {
    condition = alltrue([
      for r in values(var.security_group_egress) :
      length(compact([r.cidr_ipv4, r.prefix_list_id, r.referenced_security_group_id])) == 1
    ])
    error_message = "Each security_group_egress rule needs exactly one of cidr_ipv4, prefix_list_id or referenced_security_group_id."
  }
}

variable "s3_object_arns" {
  description = "Object ARN patterns the function may get, put and delete, e.g. arn:aws:s3:::bucket/media/*."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.s3_object_arns : can(regex("^arn:[a-z-]+:s3:::[a-z0-9.-]+/.+$", a))])
    error_message = "s3_object_arns must be S3 object ARNs such as arn:aws:s3:::bucket/prefix/*."
  }
}

variable "s3_list_buckets" {
  description = "Buckets the function may list, each limited to key prefixes (s3:prefix condition)."
  type = list(object({
    bucket_arn = string
    prefixes   = list(string)
  }))
  default = []
}

variable "secret_arns" {
  description = "Secrets Manager secrets the function reads at run time (e.g. the database credentials)."
  type        = list(string)
  default     = []
}

variable "kms_decrypt_key_arns" {
  description = "KMS keys the function may decrypt with (only needed for secrets under customer managed keys)."
  type        = list(string)
  default     = []
}

variable "policy_statements" {
  description = "More Allow statements of the execution role, from the modules that own those resources (e.g. modules/order_queue's send and consume statements): Sid, actions and resources, no wildcard actions."
  type = list(object({
    sid       = string
    actions   = list(string)
    resources = list(string)
  }))
  default = []

  validation {
    condition     = alltrue([for s in var.policy_statements : can(regex("^[A-Za-z0-9]+$", s.sid)) && length(s.actions) > 0 && length(s.resources) > 0])
    error_message = "Each policy_statements entry needs an alphanumeric sid and at least one action and one resource."
  }

  validation {
    condition     = alltrue(flatten([for s in var.policy_statements : [for a in s.actions : !strcontains(a, "*")]])) && alltrue(flatten([for s in var.policy_statements : [for r in s.resources : r != "*"]]))
    error_message = "policy_statements must name their actions and resources: no wildcard actions and no \"*\" resource."
  }
}

variable "permissions_boundary_arn" {
  description = "IAM policy set as the permissions boundary of the execution role (terraform/bootstrap makes one and lets the deploy role create only roles that carry it); null for none."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be an IAM policy ARN (arn:aws:iam::<account>:policy/<name>) or null."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

variable "release_alarms" {
  description = "CloudWatch alarms on the newest version's errors (Sum per period) and p99 duration (ms; null for 80 % of timeout) behind the alias, for tools/release's automatic rollback; null for none."
  type = object({
    errors          = optional(number, 1)
    p99_duration_ms = optional(number)
    period_seconds  = optional(number, 60)
  })
  default = null

  validation {
    condition = var.release_alarms == null || (
      try(var.release_alarms.errors >= 1, false) &&
      try(coalesce(var.release_alarms.p99_duration_ms, 1) > 0, false) &&
      try(contains([10, 30, 60, 120, 300], var.release_alarms.period_seconds), false)
    )
    error_message = "release_alarms: errors must be at least 1, p99_duration_ms positive (or null), period_seconds one of 10, 30, 60, 120, 300."
  }
}

variable "snap_start" {
  description = "Lambda SnapStart on published versions (python3.12 and later): a cold start restores a snapshot taken after init. Not with provisioned concurrency, which keeps environments initialised anyway."
  type        = bool
  default     = false

  validation {
    condition     = !var.snap_start || contains(["python3.12", "python3.13"], var.runtime)
    error_message = "snap_start needs python3.12 or later (Lambda supports SnapStart for Python from 3.12)."
  }

  validation {
    condition     = !var.snap_start || var.provisioned_concurrent_executions == 0
    error_message = "snap_start cannot be combined with provisioned concurrency: Lambda refuses the pair; choose one."
  }
}

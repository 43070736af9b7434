variable "name" {
  description = "Prefix for every name in this module (cluster identifier, subnet group, security group), e.g. lambda-shop-pr-42."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}[a-z0-9]$", var.name)) && !strcontains(var.name, "--")
    error_message = "name must be 3-42 characters of lowercase letters, digits and single hyphens, start with a letter and not end with a hyphen (RDS identifier rules)."
  }
}

variable "vpc_id" {
  description = "VPC that holds the cluster."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the DB subnet group, in at least two availability zones."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "Aurora needs subnets in at least two availability zones."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups admitted on the PostgreSQL port, keyed by a static name (e.g. { web = sg-... }). Nothing else is admitted."
  type        = map(string)
  default     = {}
}

variable "engine_version" {
  description = "Aurora PostgreSQL engine version. Scaling to 0 ACU needs 13.15, 14.12, 15.7, 16.3 or later."
  type        = string
  default     = "16.6"

  validation {
    condition     = can(regex("^1[3-9]\\.[0-9]+$", var.engine_version))
    error_message = "engine_version must look like 16.6 (Aurora PostgreSQL 13 or later)."
  }
}

variable "database_name" {
  description = "Name of the database created in the cluster."
  type        = string
  default     = "shop"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must start with a letter and hold only lowercase letters, digits and underscores."
  }
}

variable "master_username" {
  description = "Master user name. Its password is generated and kept by RDS in Secrets Manager."
  type        = string
  default     = "shop"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,15}$", var.master_username)) && !contains(["admin", "postgres", "rdsadmin"], var.master_username)
    error_message = "master_username must be 1-16 lowercase letters, digits or underscores, start with a letter, and not be a reserved name."
  }
}

variable "port" {
  description = "Port the cluster accepts PostgreSQL connections on (Aurora allows 1150-65535)."
  type        = number
  default     = 5432

  validation {
    condition     = var.port >= 1150 && var.port <= 65535 && floor(var.port) == var.port
    error_message = "port must be a whole number between 1150 and 65535."
  }
}

variable "min_capacity" {
  description = "Minimum Aurora capacity units. 0 lets an idle cluster pause and cost only storage."
  type        = number
  default     = 0

  validation {
    condition     = var.min_capacity >= 0 && var.min_capacity <= 256 && floor(var.min_capacity * 2) == var.min_capacity * 2
    error_message = "min_capacity must be between 0 and 256 in steps of 0.5."
  }
}

variable "max_capacity" {
  description = "Maximum Aurora capacity units."
  type        = number
  default     = 2

  validation {
    condition     = var.max_capacity >= 1 && var.max_capacity <= 256 && floor(var.max_capacity * 2) == var.max_capacity * 2
    error_message = "max_capacity must be between 1 and 256 in steps of 0.5."
  }
}

variable "seconds_until_auto_pause" {
  description = "Idle seconds before a cluster with min_capacity 0 pauses (300 to 86400)."
  type        = number
  default     = 300

  validation {
    condition     = var.seconds_until_auto_pause >= 300 && var.seconds_until_auto_pause <= 86400
    error_message = "seconds_until_auto_pause must be between 300 and 86400."
  }
}

variable "instance_count" {
  description = "Number of db.serverless instances. One is a writer; more add readers for failover."
  type        = number
  default     = 1

  validation {
    condition     = var.instance_count >= 1 && var.instance_count <= 15 && floor(var.instance_count) == var.instance_count
    error_message = "instance_count must be a whole number between 1 and 15."
  }
}

variable "backup_retention_period" {
  description = "Days of automated backups (1-35)."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_period >= 1 && var.backup_retention_period <= 35
    error_message = "backup_retention_period must be between 1 and 35 days."
  }
}

variable "preferred_backup_window" {
  description = "Daily UTC backup window, hh24:mi-hh24:mi."
  type        = string
  default     = "02:00-03:00"

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$", var.preferred_backup_window))
    error_message = "preferred_backup_window must look like 02:00-03:00."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the cluster. Keep true for long-lived environments; previews set false so they can be destroyed."
  type        = bool
  default     = true
}

variable "skip_final_snapshot" {
  description = "Destroy without a final snapshot. Previews set true; long-lived environments keep a snapshot."
  type        = bool
  default     = false
}

variable "kms_key_arn" {
  description = "KMS key for storage encryption and Performance Insights. Null uses the AWS managed aws/rds key (storage is encrypted either way)."
  type        = string
  default     = null
}

variable "performance_insights_enabled" {
  description = "Enable Performance Insights (7 days of history are free)."
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "Retention of the exported PostgreSQL log group."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts, e.g. 7, 14, 30, 90 or 365."
  }
}

variable "slow_query_log_ms" {
  description = "Statements running longer than this many milliseconds are logged; -1 disables the slow query log."
  type        = number
  default     = 1000

  validation {
    condition     = var.slow_query_log_ms >= -1 && floor(var.slow_query_log_ms) == var.slow_query_log_ms
    error_message = "slow_query_log_ms must be -1 or a whole number of milliseconds."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

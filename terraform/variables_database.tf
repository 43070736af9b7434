# Database and network: root inputs.

variable "create_database" {
  description = "Create the VPC and the Aurora PostgreSQL cluster. False runs the function outside a VPC against database_url instead."
  type        = bool
  default     = true
}

variable "database_url" {
  description = "DATABASE_URL used when create_database is false, e.g. sqlite:////abs/path/db.sqlite3 or postgres://user@host/db. Must hold no password."
  type        = string
  default     = null

  validation {
    condition     = var.database_url == null || can(regex("^(sqlite|postgres|postgresql|pgsql)://", var.database_url))
    error_message = "database_url must be a sqlite:// or postgres:// URL."
  }

  validation {
    condition     = var.database_url == null || !can(regex("^[a-z]+://[^/@:]*:[^/@]+@", var.database_url))
    error_message = "database_url must not contain a password: it would be stored in plain text in the function configuration."
  }

  validation {
    condition     = var.create_database == (var.database_url == null)
    error_message = "Set database_url exactly when create_database is false: the function needs one database, created or given."
  }
}

variable "database_engine_version" {
  description = "Aurora PostgreSQL version (0 ACU needs 13.15, 14.12, 15.7, 16.3 or later)."
  type        = string
  default     = "16.6"
}

variable "database_port" {
  description = "Port of the database cluster (Aurora allows 1150-65535); the functions' egress rule follows it."
  type        = number
  default     = 5432
}

variable "database_min_capacity" {
  description = "Minimum Aurora capacity units; 0 pauses an idle cluster."
  type        = number
  default     = 0
}

variable "database_max_capacity" {
  description = "Maximum Aurora capacity units."
  type        = number
  default     = 2
}

variable "database_seconds_until_auto_pause" {
  description = "Idle seconds before a 0-ACU cluster pauses."
  type        = number
  default     = 300
}

variable "database_instance_count" {
  description = "db.serverless instances in the cluster (more than one adds failover readers)."
  type        = number
  default     = 1
}

variable "database_backup_retention_days" {
  description = "Days of automated database backups."
  type        = number
  default     = 7
}

variable "database_deletion_protection" {
  description = "Protect the database cluster from deletion."
  type        = bool
  default     = true
}

variable "database_skip_final_snapshot" {
  description = "Destroy the database without a final snapshot."
  type        = bool
  default     = false
}

variable "vpc_cidr" {
  description = "CIDR block of the environment's VPC."
  type        = string
  default     = "10.20.0.0/16"
}

variable "az_count" {
  description = "Availability zones with a private subnet."
  type        = number
  default     = 2
}

variable "interface_endpoint_az_count" {
  description = "Zones in which each interface endpoint gets a (billed) network interface; null means every zone."
  type        = number
  default     = null
}

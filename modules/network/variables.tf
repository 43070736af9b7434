variable "name" {
  description = "Prefix for every name in this module, e.g. lambda-shop-pr-42."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2-41 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "cidr_block" {
  description = "IPv4 CIDR block of the VPC. Each private subnet gets a /20 (or the 4-bit-larger prefix) of it."
  type        = string
  default     = "10.20.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.cidr_block)) && tonumber(split("/", var.cidr_block)[1]) <= 24
    error_message = "cidr_block must be a valid IPv4 CIDR block of /24 or larger."
  }
}

variable "az_count" {
  description = "How many availability zones get a private subnet. Aurora needs at least two."
  type        = number
  default     = 2

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 6 && floor(var.az_count) == var.az_count
    error_message = "az_count must be a whole number between 2 and 6."
  }
}

variable "availability_zones" {
  description = "Explicit availability zone names. Empty means the first az_count zones of the region."
  type        = list(string)
  default     = []
}

variable "interface_endpoints" {
  description = "AWS services reached through interface VPC endpoints (private DNS), instead of through a NAT gateway."
  type        = set(string)
  default     = ["secretsmanager"]

  validation {
    condition     = alltrue([for s in var.interface_endpoints : can(regex("^[a-z0-9.-]+$", s))])
    error_message = "interface_endpoints holds service short names such as secretsmanager or ssm."
  }
}

variable "interface_endpoint_az_count" {
  description = "In how many zones each interface endpoint gets a network interface (each one is billed per hour). Null means every zone; previews use 1."
  type        = number
  default     = null

  validation {
    condition     = var.interface_endpoint_az_count == null || try(var.interface_endpoint_az_count >= 1, false)
    error_message = "interface_endpoint_az_count must be null or at least 1."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

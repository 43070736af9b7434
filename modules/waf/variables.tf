variable "name" {
  description = "Name of the web ACL and prefix of its metric names, e.g. lambda-shop-production."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,128}$", var.name))
    error_message = "name must be 1-128 letters, digits, hyphens or underscores."
  }
}

variable "order_rate_limit" {
  description = "Most POST /api/orders requests one IP address may make per order_rate_window_seconds before WAF answers 429."
  type        = number
  default     = 100

  validation {
    condition     = var.order_rate_limit >= 10 && var.order_rate_limit <= 2000000000 && floor(var.order_rate_limit) == var.order_rate_limit
    error_message = "order_rate_limit must be a whole number of at least 10 (WAF's minimum)."
  }
}

variable "order_rate_window_seconds" {
  description = "Window over which WAF counts each IP's orders: 60, 120, 300 or 600 seconds."
  type        = number
  default     = 300

  validation {
    condition     = contains([60, 120, 300, 600], var.order_rate_window_seconds)
    error_message = "order_rate_window_seconds must be 60, 120, 300 or 600."
  }
}

variable "common_rule_set_count_only" {
  description = "Rules of AWSManagedRulesCommonRuleSet that only count instead of block (SizeRestrictions_BODY would refuse admin image uploads over 8 KB)."
  type        = list(string)
  default     = ["SizeRestrictions_BODY"]
}

variable "tags" {
  description = "Tags added to the web ACL."
  type        = map(string)
  default     = {}
}

# Edge: root inputs.

variable "domain_aliases" {
  description = "Custom domain names of the shop; needs acm_certificate_arn."
  type        = list(string)
  default     = []
}

variable "acm_certificate_arn" {
  description = "ACM certificate (us-east-1) covering domain_aliases."
  type        = string
  default     = null
}

variable "create_web_acl" {
  description = "Create this environment's WAF web ACL (modules/waf: AWS managed common, known bad inputs and IP reputation rules, a rate limit on POST /api/orders) and attach it; false attaches web_acl_arn, if any."
  type        = bool
  default     = false
}

variable "waf_order_rate_limit" {
  description = "Orders (POST /api/orders) one IP address may place per 5 minutes before the created web ACL answers 429."
  type        = number
  default     = 100
}

variable "web_acl_arn" {
  description = "WAFv2 web ACL (CLOUDFRONT scope) to attach to the distribution."
  type        = string
  default     = null

  validation {
    condition     = !(var.create_web_acl && var.web_acl_arn != null)
    error_message = "Set either create_web_acl or web_acl_arn: the distribution takes one web ACL."
  }
}

variable "origin_secret_version" {
  description = "Version of the secret header CloudFront sends to the API origin; increase it to rotate the value without downtime (modules/cdn)."
  type        = number
  default     = 1

  validation {
    condition     = var.origin_secret_version >= 1 && floor(var.origin_secret_version) == var.origin_secret_version
    error_message = "origin_secret_version must be a whole number from 1."
  }
}

variable "price_class" {
  description = "CloudFront price class."
  type        = string
  default     = "PriceClass_100"
}

variable "create_response_headers_policy" {
  description = "Create the security headers policy with a CSP; false uses the AWS managed SecurityHeadersPolicy."
  type        = bool
  default     = true
}

variable "cdn_wait_for_deployment" {
  description = "Wait for the distribution to reach every edge location before finishing the apply."
  type        = bool
  default     = true
}

variable "api_throttling_burst_limit" {
  description = "Burst limit of the HTTP API stage."
  type        = number
  default     = 200
}

variable "api_throttling_rate_limit" {
  description = "Requests per second of the HTTP API stage."
  type        = number
  default     = 100
}

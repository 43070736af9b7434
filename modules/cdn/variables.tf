variable "name" {
  description = "Prefix of the names of the function, policies and origin access control (e.g. lambda-shop-pr-42)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2-41 lowercase letters, digits or hyphens and start with a letter."
  }
}

variable "api_domain_name" {
  description = "Host name of the HTTP API's default endpoint (no scheme): the default behaviour's origin."
  type        = string

  validation {
    condition     = !can(regex("^https?://", var.api_domain_name)) && !strcontains(var.api_domain_name, "/")
    error_message = "api_domain_name must be a bare host name such as abc123.execute-api.eu-west-1.amazonaws.com."
  }
}

variable "origin_header_name" {
  description = "Header CloudFront adds to every request to the API origin, with the value of the origin secret; the app refuses requests without it."
  type        = string
  default     = "x-origin-verify"

  validation {
    condition     = can(regex("^x-[a-z0-9-]+$", var.origin_header_name)) && !can(regex("^x-(amz|amzn|edge|forwarded)-", var.origin_header_name))
    error_message = "origin_header_name must be a lowercase x- header that CloudFront lets a custom header set (not x-amz-*, x-amzn-*, x-edge-* or x-forwarded-*)."
  }
}

variable "origin_secret_version" {
  description = "Version of the origin secret. Increase it to rotate: the old value stays valid (AWSPREVIOUS) while the distribution deploys the new one."
  type        = number
  default     = 1

  validation {
    condition     = var.origin_secret_version >= 1 && floor(var.origin_secret_version) == var.origin_secret_version
    error_message = "origin_secret_version must be a whole number from 1."
  }
}

variable "origin_secret_recovery_window_days" {
  description = "Days a deleted origin secret stays recoverable; 0 deletes it at once so an environment can be recreated under the same name."
  type        = number
  default     = 7

  validation {
    condition     = var.origin_secret_recovery_window_days == 0 || (var.origin_secret_recovery_window_days >= 7 && var.origin_secret_recovery_window_days <= 30)
    error_message = "origin_secret_recovery_window_days must be 0 or between 7 and 30."
  }
}

variable "storefront_bucket_regional_domain_name" {
  description = "Regional domain name of the storefront bucket."
  type        = string
}

variable "assets_bucket_regional_domain_name" {
  description = "Regional domain name of the assets bucket (static and media)."
  type        = string
}

variable "assets_path_patterns" {
  description = "Path patterns served from the assets bucket; the key prefixes in the bucket match the paths."
  type        = list(string)
  default     = ["/static/*", "/media/*"]

  validation {
    condition     = length(var.assets_path_patterns) > 0 && alltrue([for p in var.assets_path_patterns : startswith(p, "/")])
    error_message = "assets_path_patterns must list at least one pattern, each starting with a slash."
  }
}

variable "storefront_path_patterns" {
  description = <<-EOT
    Path patterns served from the storefront bucket. CloudFront turns a request for / into the default root object
    before it picks a behaviour, so /index.html here is what makes / the storefront while everything else stays Django's.
  EOT
  type        = list(string)
  default     = ["/index.html", "/assets/*"]

  validation {
    condition     = alltrue([for p in var.storefront_path_patterns : startswith(p, "/")])
    error_message = "Each storefront path pattern must start with a slash."
  }
}

variable "cached_api_path_patterns" {
  description = "API paths CloudFront caches with the catalogue cache policy (GET and HEAD only; the origin's Cache-Control decides). Empty caches nothing from the API."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for p in var.cached_api_path_patterns : startswith(p, "/")]) && length(distinct(var.cached_api_path_patterns)) == length(var.cached_api_path_patterns)
    error_message = "Each cached API path pattern must start with a slash, and appear once."
  }
}

variable "catalogue_cache_ttl" {
  description = "TTLs of the catalogue cache policy, in seconds: default (for a response without Cache-Control) and max (caps the origin's s-maxage). The minimum is 0, so the origin's no-store is honoured."
  type = object({
    default = number
    max     = number
  })
  default = { default = 0, max = 300 }

  validation {
    condition     = var.catalogue_cache_ttl.default >= 0 && var.catalogue_cache_ttl.max >= var.catalogue_cache_ttl.default && var.catalogue_cache_ttl.max <= 31536000 && floor(var.catalogue_cache_ttl.default) == var.catalogue_cache_ttl.default && floor(var.catalogue_cache_ttl.max) == var.catalogue_cache_ttl.max
    error_message = "catalogue_cache_ttl needs whole seconds with 0 <= default <= max <= 31536000."
  }
}

variable "catalogue_cache_query_strings" {
  description = "Query strings in the catalogue's cache key (and sent to the origin); all others share one cached answer."
  type        = list(string)
  default     = ["page", "page_size"]

  validation {
    condition     = alltrue([for q in var.catalogue_cache_query_strings : can(regex("^[A-Za-z0-9_.-]{1,128}$", q))])
    error_message = "Each query string name must be 1-128 letters, digits, '_', '.' or '-'."
  }
}

variable "default_root_object" {
  description = "Object returned for the root URL (served by the storefront bucket)."
  type        = string
  default     = "index.html"

  validation {
    condition     = !startswith(var.default_root_object, "/") && length(var.default_root_object) > 0
    error_message = "default_root_object must be an object name without a leading slash, e.g. index.html."
  }
}

variable "price_class" {
  description = "CloudFront price class."
  type        = string
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.price_class)
    error_message = "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "aliases" {
  description = "Custom domain names of the distribution. Needs acm_certificate_arn."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.aliases : can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", a))])
    error_message = "aliases must be lowercase domain names such as shop.example.com."
  }
}

variable "acm_certificate_arn" {
  description = "ACM certificate in us-east-1 covering every alias. Null uses the default *.cloudfront.net certificate."
  type        = string
  default     = null

  validation {
    condition     = var.acm_certificate_arn == null || can(regex("^arn:[a-z-]+:acm:us-east-1:[0-9]{12}:certificate/.+$", var.acm_certificate_arn))
    error_message = "acm_certificate_arn must be an ACM certificate ARN in us-east-1 (CloudFront only reads certificates from there)."
  }
}

variable "web_acl_arn" {
  description = "ARN of a WAFv2 web ACL (CLOUDFRONT scope) to attach. Null attaches none."
  type        = string
  default     = null

  validation {
    condition     = var.web_acl_arn == null || can(regex("^arn:[a-z-]+:wafv2:us-east-1:[0-9]{12}:global/webacl/.+$", var.web_acl_arn))
    error_message = "web_acl_arn must be the ARN of a global (CLOUDFRONT scope) WAFv2 web ACL."
  }
}

variable "logging_bucket_domain_name" {
  description = "Domain name (bucket.s3.amazonaws.com) of a bucket for standard access logs. Null disables them."
  type        = string
  default     = null
}

variable "cache_policy_ids" {
  description = "Cache policies by use. The defaults are the IDs of the AWS managed CachingDisabled and CachingOptimized policies."
  type = object({
    disabled  = optional(string, "4135ea2d-6df8-44a3-9df3-4b5a84be39ad")
    optimized = optional(string, "658327ea-f89d-4fab-a63d-7e88639e58f6")
  })
  default = {}
}

variable "api_origin_request_policy_id" {
  description = "Origin request policy of the API behaviour. The default is the AWS managed AllViewerExceptHostHeader: API Gateway needs its own Host."
  type        = string
  default     = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
}

variable "create_response_headers_policy" {
  description = "Create this module's security headers policy (with a CSP). False uses response_headers_policy_id instead."
  type        = bool
  default     = true
}

variable "response_headers_policy_id" {
  description = "Response headers policy used when create_response_headers_policy is false. The default is the AWS managed SecurityHeadersPolicy."
  type        = string
  default     = "67f7725c-6f97-4210-82d7-5512b31e9d03"
}

variable "content_security_policy" {
  description = "Content-Security-Policy sent with every response."
  type        = string
  default     = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
}

variable "hsts_max_age_seconds" {
  description = "max-age of Strict-Transport-Security."
  type        = number
  default     = 63072000

  validation {
    condition     = var.hsts_max_age_seconds >= 0
    error_message = "hsts_max_age_seconds must not be negative."
  }
}

variable "hsts_preload" {
  description = "Add preload to Strict-Transport-Security (only for a custom apex domain you submit to the preload list)."
  type        = bool
  default     = false
}

variable "wait_for_deployment" {
  description = "Wait until the distribution is deployed to every edge location."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

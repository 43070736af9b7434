variable "name" {
  description = "Prefix of the bucket names (e.g. lambda-shop-pr-42); buckets are <name>-storefront and <name>-assets plus name_suffix."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2-41 lowercase letters, digits or hyphens and start with a letter."
  }
}

variable "name_suffix" {
  description = "Appended to every bucket name to make it globally unique, typically the account ID."
  type        = string
  default     = ""

  validation {
    condition     = can(regex("^[a-z0-9-]{0,12}$", var.name_suffix))
    error_message = "name_suffix must be at most 12 lowercase letters, digits or hyphens."
  }
}

variable "cloudfront_distribution_arn" {
  description = "The only principal admitted by the bucket policies: CloudFront, through OAC, on behalf of this distribution."
  type        = string
}

variable "static_prefix" {
  description = "Key prefix of Django's collected static files in the assets bucket (the /static/* behaviour)."
  type        = string
  default     = "static/"

  validation {
    condition     = can(regex("^[a-z0-9_-]+/$", var.static_prefix))
    error_message = "static_prefix must be a single path segment ending with a slash, e.g. static/."
  }
}

variable "media_prefix" {
  description = "Key prefix of uploaded media in the assets bucket (the /media/* behaviour)."
  type        = string
  default     = "media/"

  validation {
    condition     = can(regex("^[a-z0-9_-]+/$", var.media_prefix))
    error_message = "media_prefix must be a single path segment ending with a slash, e.g. media/."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy non-empty buckets (all object versions included). Previews set true."
  type        = bool
  default     = false
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which overwritten or deleted object versions are removed."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "deny_insecure_transport" {
  description = "Deny every request to the buckets made over plain HTTP (aws:SecureTransport). Only an S3 endpoint without TLS, such as a local emulator, needs false."
  type        = bool
  default     = true
}

variable "access_log_bucket" {
  description = "Existing bucket that receives S3 server access logs. Null disables access logging."
  type        = string
  default     = null
}

variable "static_source_dir" {
  description = "Directory of collected static files (hashed names) uploaded under static_prefix. Null or a missing directory uploads nothing."
  type        = string
  default     = null
}

variable "storefront_source_dir" {
  description = "Directory of the static storefront uploaded at the bucket root. Null or a missing directory uploads nothing."
  type        = string
  default     = null
}

variable "upload_exclude_patterns" {
  description = "Regular expressions; source files whose relative path matches one are not uploaded."
  type        = list(string)
  default     = ["(^|/)\\.", "(^|/)node_modules/", "(^|/)__pycache__/", "(^|/)tests?/", "\\.(md|py|pyc|tmp)$", "(^|/)package(-lock)?\\.json$"]
}

variable "immutable_cache_control" {
  description = "Cache-Control of files whose names carry a content hash (e.g. app.3f2a9c1b4d5e.css)."
  type        = string
  default     = "public, max-age=31536000, immutable"
}

variable "static_cache_control" {
  description = "Cache-Control of collected static files without a content hash in their name."
  type        = string
  default     = "public, max-age=3600"
}

variable "storefront_html_cache_control" {
  description = "Cache-Control of storefront HTML pages, kept short so a deploy shows at once."
  type        = string
  default     = "public, max-age=60, must-revalidate"
}

variable "storefront_asset_cache_control" {
  description = "Cache-Control of storefront files other than HTML whose names carry no content hash."
  type        = string
  default     = "public, max-age=300"
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

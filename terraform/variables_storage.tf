# Storage and deploy: root inputs.

variable "force_destroy_buckets" {
  description = "Let terraform destroy buckets that still hold objects (previews)."
  type        = bool
  default     = false
}

variable "s3_deny_insecure_transport" {
  description = "Bucket policies deny requests over plain HTTP. Only an S3 endpoint without TLS (the local emulator) needs false."
  type        = bool
  default     = true
}

variable "upload_site_files" {
  description = "Upload the collected static files and the storefront. A missing directory uploads nothing."
  type        = bool
  default     = true
}

variable "static_dir" {
  description = "Collected Django static files (hashed names), relative to this directory or absolute."
  type        = string
  default     = "../dist/static"
}

variable "storefront_dir" {
  description = "The storefront bundle built by make build (asset names carry content hashes), relative to this directory or absolute."
  type        = string
  default     = "../dist/storefront"
}

variable "run_migrations" {
  description = "Invoke the function's manage entry point with migrate whenever the code changes. Needs a Lambda service that executes code."
  type        = bool
  default     = true
}

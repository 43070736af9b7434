# Emulator only (copied into .local/envs/<env>/tf-workspace/terraform by the local cloud).
variable "localcloud_endpoint" {
  description = "URL of the AWS emulator (moto) every service is sent to."
  type        = string

  validation {
    condition     = can(regex("^http://(127\\.0\\.0\\.1|localhost):[0-9]+$", var.localcloud_endpoint))
    error_message = "localcloud_endpoint must be a loopback URL such as http://127.0.0.1:4566."
  }
}

# The credentials Terraform signs with: the deploy role's session on the emulator
# (localcloud.environment.bootstrap); the dummy administrator keys only without one.
variable "localcloud_access_key" {
  description = "Access key of the emulator session Terraform applies with."
  type        = string
  default     = "testing"
}

variable "localcloud_secret_key" {
  description = "Secret key of that session."
  type        = string
  default     = "testing"
  sensitive   = true
}

variable "localcloud_session_token" {
  description = "Session token of that session (null for the dummy keys)."
  type        = string
  default     = null
  sensitive   = true
}

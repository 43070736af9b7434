# Emulator only (copied into .local/envs/<env>/tf-workspace/terraform by the local cloud).
variable "localcloud_endpoint" {
  description = "URL of the AWS emulator (moto) every service is sent to."
  type        = string

  validation {
    condition     = can(regex("^http://(127\\.0\\.0\\.1|localhost):[0-9]+$", var.localcloud_endpoint))
    error_message = "localcloud_endpoint must be a loopback URL such as http://127.0.0.1:4566."
  }
}

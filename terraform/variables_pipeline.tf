# Order pipeline (outbox -> SQS -> worker -> SES and SNS): root inputs.

variable "email_from" {
  description = "Address the shop's confirmation emails come from (SHOP_EMAIL_FROM); it must be email_identity or an address of that domain."
  type        = string

  validation {
    condition     = can(regex("^[^@\\s]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$", var.email_from))
    error_message = "email_from must be an email address such as orders@shop.example.com."
  }
}

variable "email_identity" {
  description = "SES identity the shop sends from: an email address (verified by clicking SES's link) or a domain (verified by its DKIM DNS records). Null uses email_from itself."
  type        = string
  default     = null

  validation {
    condition     = var.email_identity == null || can(regex("^([^@\\s]+@)?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$", var.email_identity))
    error_message = "email_identity must be an email address or a domain name (or null)."
  }
}

variable "create_email_identity" {
  description = "Create the SES identity in this environment. An identity exists once per account: previews send from the one the account's long-lived environment created."
  type        = bool
  default     = true
}

variable "staff_notification_email" {
  description = "Address subscribed (SNS email protocol; it must confirm once) to the staff topic, which gets every confirmed order and the dead-letter alarm; null subscribes nobody."
  type        = string
  default     = null

  validation {
    condition     = var.staff_notification_email == null || can(regex("^[^@\\s]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$", var.staff_notification_email))
    error_message = "staff_notification_email must be an email address or null."
  }
}

variable "order_max_receive_count" {
  description = "Receives of an order message after which it moves to the dead-letter queue."
  type        = number
  default     = 5
}

variable "worker_timeout" {
  description = "Timeout of the worker function in seconds (one batch: confirm, email, notify); the queue's visibility timeout is six times it."
  type        = number
  default     = 60
}

variable "worker_batch_size" {
  description = "Most order messages per worker invocation."
  type        = number
  default     = 10
}

variable "worker_maximum_concurrency" {
  description = "Most concurrent worker invocations the order queue may cause (at least 2)."
  type        = number
  default     = 2
}

variable "name" {
  description = "Name of the queue; the dead-letter queue is <name>-dlq (e.g. lambda-shop-pr-42-orders)."
  type        = string

  validation {
    # SQS allows 80 characters; "-dlq" and the alarm's "-dlq-not-empty" must still fit.
    condition     = can(regex("^[a-z][a-z0-9-]{0,59}[a-z0-9]$", var.name))
    error_message = "name must be 2-61 lowercase letters, digits or hyphens, start with a letter and end with a letter or digit."
  }
}

variable "worker_alias_arn" {
  description = "ARN of the worker function's alias (e.g. ...:function:lambda-shop-pr-42-worker:live) that the event source mapping invokes, so a release moves the consumer with its alias."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+:[A-Za-z][A-Za-z0-9_-]*$", var.worker_alias_arn))
    error_message = "worker_alias_arn must be a function alias ARN, arn:aws:lambda:<region>:<account>:function:<name>:<alias>."
  }
}

variable "worker_timeout" {
  description = "Timeout of the worker function in seconds; the queue's visibility timeout is six times it plus the batching window."
  type        = number

  validation {
    # 6 x 900 + 300 stays under SQS's 12-hour visibility limit.
    condition     = var.worker_timeout >= 1 && var.worker_timeout <= 900 && floor(var.worker_timeout) == var.worker_timeout
    error_message = "worker_timeout must be whole seconds from 1 to 900 (Lambda's limit)."
  }
}

variable "max_receive_count" {
  description = "Receives after which a message moves to the dead-letter queue."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000 && floor(var.max_receive_count) == var.max_receive_count
    error_message = "max_receive_count must be a whole number from 1 to 1000 (SQS's range)."
  }
}

variable "batch_size" {
  description = "Most messages per worker invocation."
  type        = number
  default     = 10

  validation {
    condition     = var.batch_size >= 1 && var.batch_size <= 10000 && floor(var.batch_size) == var.batch_size
    error_message = "batch_size must be a whole number from 1 to 10000."
  }
}

variable "maximum_batching_window_seconds" {
  description = "How long Lambda may gather messages before it invokes the worker with fewer than batch_size; 0 invokes at once."
  type        = number
  default     = 0

  validation {
    condition     = var.maximum_batching_window_seconds >= 0 && var.maximum_batching_window_seconds <= 300 && floor(var.maximum_batching_window_seconds) == var.maximum_batching_window_seconds
    error_message = "maximum_batching_window_seconds must be whole seconds from 0 to 300."
  }
}

variable "maximum_concurrency" {
  description = "Most concurrent worker invocations the queue may cause (the event source mapping's ScalingConfig)."
  type        = number
  default     = 2

  validation {
    condition     = var.maximum_concurrency >= 2 && var.maximum_concurrency <= 1000 && floor(var.maximum_concurrency) == var.maximum_concurrency
    error_message = "maximum_concurrency must be a whole number from 2 to 1000 (Lambda's limits for SQS event sources)."
  }
}

variable "message_retention_seconds" {
  description = "How long the queue keeps a message that has not been processed."
  type        = number
  default     = 345600

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600
    error_message = "message_retention_seconds must be from 60 (1 minute) to 1209600 (14 days)."
  }
}

variable "dead_letter_retention_seconds" {
  description = "How long the dead-letter queue keeps a message, counted from its first enqueue; longer than message_retention_seconds."
  type        = number
  default     = 1209600

  validation {
    condition     = var.dead_letter_retention_seconds >= 60 && var.dead_letter_retention_seconds <= 1209600
    error_message = "dead_letter_retention_seconds must be from 60 (1 minute) to 1209600 (14 days)."
  }
}

variable "alarm_actions" {
  description = "ARNs notified when the dead-letter queue stops or starts being empty (e.g. an SNS topic); empty for none."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.alarm_actions : startswith(a, "arn:")])
    error_message = "alarm_actions must be ARNs."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

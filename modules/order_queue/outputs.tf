output "queue_url" {
  description = "URL of the queue (SHOP_ORDER_QUEUE_URL of the functions that send)."
  value       = aws_sqs_queue.this.url
}

output "queue_arn" {
  description = "ARN of the queue."
  value       = aws_sqs_queue.this.arn
}

output "queue_name" {
  description = "Name of the queue."
  value       = aws_sqs_queue.this.name
}

output "dead_letter_queue_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dead_letter.url
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dead_letter.arn
}

output "dead_letter_queue_name" {
  description = "Name of the dead-letter queue."
  value       = aws_sqs_queue.dead_letter.name
}

output "visibility_timeout_seconds" {
  description = "Visibility timeout of the queue: six times the worker's timeout plus the batching window."
  value       = aws_sqs_queue.this.visibility_timeout_seconds
}

output "event_source_mapping_uuid" {
  description = "UUID of the event source mapping from the queue to the worker's alias."
  value       = aws_lambda_event_source_mapping.this.uuid
}

output "dead_letter_alarm_name" {
  description = "Alarm that fires while the dead-letter queue is not empty."
  value       = aws_cloudwatch_metric_alarm.dead_letters.alarm_name
}

output "send_policy_statements" {
  description = "IAM statements for a function that sends to the queue (sqs:SendMessage on it, nothing else)."
  value       = local.send_policy_statements
}

output "consume_policy_statements" {
  description = "IAM statements for the worker: receive, delete, change visibility and get attributes on the queue only."
  value       = local.consume_policy_statements
}

output "event_source_function_name" {
  description = "What the event source mapping invokes (the worker's alias ARN)."
  value       = aws_lambda_event_source_mapping.this.function_name
}

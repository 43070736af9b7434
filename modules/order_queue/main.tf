locals {
  dead_letter_name = "${var.name}-dlq"

  # Lambda's guidance for SQS event sources: at least six times the function's timeout, so a batch retried after
  # throttling is not received again while it still runs; plus the batching window, during which the poller already
  # holds the messages (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
  visibility_timeout_seconds = 6 * var.worker_timeout + var.maximum_batching_window_seconds

  # What the functions may do with this queue, for their execution roles (modules/lambda_app policy_statements).
  send_policy_statements = [{
    sid       = "SendToOrderQueue"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.this.arn]
  }]
  # Exactly what the event source mapping calls on the function's behalf (Lambda's SQS execution permissions).
  consume_policy_statements = [{
    sid       = "ConsumeOrderQueue"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.this.arn]
  }]
}

# SSE-SQS (SQS-owned keys) rather than SSE-KMS: the messages hold an order id, nothing a key policy must guard, and
# with a KMS key every sender and the worker would also need kms:GenerateDataKey/kms:Decrypt and each request would
# cost a KMS call.
resource "aws_sqs_queue" "dead_letter" {
  name                      = local.dead_letter_name
  sqs_managed_sse_enabled   = true
  message_retention_seconds = var.dead_letter_retention_seconds

  tags = merge(var.tags, { Name = local.dead_letter_name })
}

resource "aws_sqs_queue" "this" {
  name                       = var.name
  sqs_managed_sse_enabled    = true
  visibility_timeout_seconds = local.visibility_timeout_seconds
  message_retention_seconds  = var.message_retention_seconds

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter.arn
    maxReceiveCount     = var.max_receive_count
  })

  tags = merge(var.tags, { Name = var.name })

  lifecycle {
    precondition {
      # A standard queue's dead letter keeps its original enqueue time, so a shorter retention there would
      # delete it early (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html).
      condition     = var.dead_letter_retention_seconds > var.message_retention_seconds
      error_message = "dead_letter_retention_seconds must be longer than message_retention_seconds."
    }
  }
}

# Only this queue may send its dead letters here (and redrive them back: StartMessageMoveTask).
resource "aws_sqs_queue_redrive_allow_policy" "dead_letter" {
  queue_url = aws_sqs_queue.dead_letter.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this.arn]
  })
}

resource "aws_lambda_event_source_mapping" "this" {
  event_source_arn                   = aws_sqs_queue.this.arn
  function_name                      = var.worker_alias_arn
  batch_size                         = var.batch_size
  maximum_batching_window_in_seconds = var.maximum_batching_window_seconds
  # Only the records the worker lists in batchItemFailures return to the queue.
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.maximum_concurrency
  }

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "dead_letters" {
  alarm_name          = "${local.dead_letter_name}-not-empty"
  alarm_description   = "Messages of ${var.name} that failed ${var.max_receive_count} times wait in ${local.dead_letter_name}; fix the cause, then make dlq-redrive."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  # SQS stops sending metrics for a queue that stays empty for a while: no data means nothing is waiting.
  treat_missing_data = "notBreaching"
  dimensions         = { QueueName = aws_sqs_queue.dead_letter.name }
  alarm_actions      = var.alarm_actions
  ok_actions         = var.alarm_actions

  tags = var.tags
}

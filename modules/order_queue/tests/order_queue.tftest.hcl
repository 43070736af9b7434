# Mocked values still pass the provider's own validation, so ARNs must look like ARNs.
mock_provider "aws" {
  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:lambda-shop-test-orders"
      url = "https://sqs.eu-west-1.amazonaws.com/123456789012/lambda-shop-test-orders"
    }
  }
}

variables {
  name             = "lambda-shop-test-orders"
  worker_alias_arn = "arn:aws:lambda:eu-west-1:123456789012:function:lambda-shop-test-worker:live"
  worker_timeout   = 60
}

run "a_queue_with_its_dead_letter_queue_both_encrypted" {
  command = apply

  assert {
    condition     = aws_sqs_queue.this.sqs_managed_sse_enabled && aws_sqs_queue.dead_letter.sqs_managed_sse_enabled
    error_message = "Both queues must be encrypted (SSE-SQS)."
  }

  assert {
    condition     = aws_sqs_queue.dead_letter.name == "lambda-shop-test-orders-dlq"
    error_message = "The dead-letter queue is named after the queue."
  }

  assert {
    condition = jsondecode(aws_sqs_queue.this.redrive_policy) == {
      deadLetterTargetArn = aws_sqs_queue.dead_letter.arn
      maxReceiveCount     = 5
    }
    error_message = "After 5 receives (the default) a message must move to the dead-letter queue."
  }

  assert {
    condition = jsondecode(aws_sqs_queue_redrive_allow_policy.dead_letter.redrive_allow_policy) == {
      redrivePermission = "byQueue"
      sourceQueueArns   = [aws_sqs_queue.this.arn]
    }
    error_message = "Only the order queue may use the dead-letter queue."
  }

  assert {
    condition     = aws_sqs_queue.dead_letter.message_retention_seconds > aws_sqs_queue.this.message_retention_seconds
    error_message = "Dead letters keep their first enqueue time, so they must be kept longer than the queue keeps messages."
  }
}

run "visibility_timeout_is_six_times_the_worker_timeout" {
  command = plan

  variables {
    worker_timeout                  = 45
    maximum_batching_window_seconds = 5
  }

  assert {
    condition     = aws_sqs_queue.this.visibility_timeout_seconds == 6 * 45 + 5 && output.visibility_timeout_seconds == 275
    error_message = "Visibility timeout must be 6 x the worker's timeout plus the batching window."
  }
}

run "the_event_source_mapping_reports_batch_item_failures" {
  command = apply

  variables {
    batch_size          = 25
    maximum_concurrency = 7
  }

  assert {
    condition     = aws_lambda_event_source_mapping.this.function_name == var.worker_alias_arn && aws_lambda_event_source_mapping.this.event_source_arn == aws_sqs_queue.this.arn
    error_message = "The mapping must feed the queue to the worker's alias."
  }

  assert {
    condition     = aws_lambda_event_source_mapping.this.function_response_types == toset(["ReportBatchItemFailures"])
    error_message = "Only failed records may return to the queue."
  }

  assert {
    condition     = aws_lambda_event_source_mapping.this.batch_size == 25 && aws_lambda_event_source_mapping.this.scaling_config[0].maximum_concurrency == 7
    error_message = "batch_size and maximum_concurrency must reach the mapping."
  }
}

run "an_alarm_while_the_dead_letter_queue_is_not_empty" {
  command = apply

  variables {
    alarm_actions = ["arn:aws:sns:eu-west-1:123456789012:lambda-shop-test-staff"]
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.dead_letters.namespace == "AWS/SQS" &&
      aws_cloudwatch_metric_alarm.dead_letters.metric_name == "ApproximateNumberOfMessagesVisible" &&
      aws_cloudwatch_metric_alarm.dead_letters.comparison_operator == "GreaterThanThreshold" &&
      aws_cloudwatch_metric_alarm.dead_letters.threshold == 0 &&
      aws_cloudwatch_metric_alarm.dead_letters.dimensions["QueueName"] == aws_sqs_queue.dead_letter.name && length(aws_cloudwatch_metric_alarm.dead_letters.dimensions) == 1
    )
    error_message = "The alarm must fire when the dead-letter queue holds any visible message."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.dead_letters.alarm_actions == toset(var.alarm_actions)
    error_message = "alarm_actions must be notified."
  }
}

run "senders_may_only_send_and_the_worker_may_only_consume" {
  command = apply

  assert {
    condition     = output.send_policy_statements == [{ sid = "SendToOrderQueue", actions = ["sqs:SendMessage"], resources = [aws_sqs_queue.this.arn] }]
    error_message = "A sender may only send, and only to this queue."
  }

  assert {
    condition = (
      toset(output.consume_policy_statements[0].actions) == toset(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]) &&
      output.consume_policy_statements[0].resources == [aws_sqs_queue.this.arn] && length(output.consume_policy_statements) == 1
    )
    error_message = "The worker may only receive, delete, change visibility and read attributes, on this queue only (not its dead-letter queue)."
  }
}

run "max_receive_count_is_validated" {
  command = plan

  variables {
    max_receive_count = 0
  }

  expect_failures = [var.max_receive_count]
}

run "maximum_concurrency_is_at_least_two" {
  command = plan

  variables {
    maximum_concurrency = 1
  }

  expect_failures = [var.maximum_concurrency]
}

run "the_mapping_invokes_an_alias_not_the_function" {
  command = plan

  variables {
    worker_alias_arn = "arn:aws:lambda:eu-west-1:123456789012:function:lambda-shop-test-worker"
  }

  expect_failures = [var.worker_alias_arn]
}

run "worker_timeout_within_lambda_limits" {
  command = plan

  variables {
    worker_timeout = 901
  }

  expect_failures = [var.worker_timeout]
}

run "batching_window_within_limits" {
  command = plan

  variables {
    maximum_batching_window_seconds = 301
  }

  expect_failures = [var.maximum_batching_window_seconds]
}

run "dead_letters_outlive_messages" {
  command = plan

  variables {
    message_retention_seconds     = 1209600
    dead_letter_retention_seconds = 1209600
  }

  expect_failures = [aws_sqs_queue.this]
}

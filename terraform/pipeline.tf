# After checkout (issue 10): the api function records order.placed in its outbox and sends it to the order queue;
# the worker function consumes the queue (confirm, email the shopper through SES, tell the staff over SNS); the
# api function's handler sweeps what was never sent, every minute.

locals {
  email_identity = coalesce(var.email_identity, var.email_from)
  # An identity belongs to the account: one environment creates it, the others send from it.
  email_identity_arn = (
    var.create_email_identity ? aws_sesv2_email_identity.shop[0].arn
    : "arn:${data.aws_partition.current.partition}:ses:${var.region}:${data.aws_caller_identity.current.account_id}:identity/${local.email_identity}"
  )

  pipeline_environment = {
    SHOP_ORDER_QUEUE_URL = module.order_queue.queue_url
    SHOP_STAFF_TOPIC_ARN = aws_sns_topic.staff.arn
    SHOP_EMAIL_FROM      = var.email_from
  }

  # Only the sender of the identity, only raw sends (django-ses sends with SES v1 SendRawEmail); only this topic.
  worker_notify_statements = [
    {
      sid       = "SendEmailAsTheShop"
      actions   = ["ses:SendRawEmail"]
      resources = [local.email_identity_arn]
    },
    {
      sid       = "PublishToStaff"
      actions   = ["sns:Publish"]
      resources = [aws_sns_topic.staff.arn]
    },
  ]

  # What each function may do with the pipeline's resources: api sends (checkout, and the sweep it runs), the worker
  # consumes and notifies; web and manage only carry the settings.
  function_policy_statements = {
    api    = module.order_queue.send_policy_statements
    worker = concat(module.order_queue.consume_policy_statements, local.worker_notify_statements)
  }
}

resource "aws_sesv2_email_identity" "shop" {
  count = var.create_email_identity ? 1 : 0

  email_identity = local.email_identity
}

resource "terraform_data" "email_from_check" {
  input = var.email_from

  lifecycle {
    precondition {
      condition     = local.email_identity == var.email_from || endswith(var.email_from, "@${local.email_identity}")
      error_message = "email_from (${var.email_from}) must be email_identity or an address of that domain."
    }
  }
}

# The staff's notices hold an order number and total, the same text the email subscription delivers unencrypted;
# an AWS managed key would need KMS grants for the worker and cannot take CloudWatch's alarm notices.
resource "aws_sns_topic" "staff" {
  #checkov:skip=CKV_AWS_26:See above: the topic's notices go out by plain email anyway, and the alarm must publish to it.
  name = "${local.name}-staff"
}

resource "aws_sns_topic_subscription" "staff_email" {
  count = var.staff_notification_email == null ? 0 : 1

  topic_arn = aws_sns_topic.staff.arn
  protocol  = "email"
  endpoint  = var.staff_notification_email
}

module "order_queue" {
  source = "../modules/order_queue"

  name              = "${local.name}-orders"
  worker_alias_arn  = module.function["worker"].alias_arn
  worker_timeout    = var.worker_timeout
  max_receive_count = var.order_max_receive_count
  batch_size        = var.worker_batch_size

  maximum_concurrency = var.worker_maximum_concurrency
  alarm_actions       = [aws_sns_topic.staff.arn]
}

# The outbox sweep: an EventBridge rule's "Scheduled Event" (source aws.events), which lambda_handler.handler routes
# to handle_schedule. Rules, not EventBridge Scheduler: Scheduler invokes with its own payload, not that event.
resource "aws_cloudwatch_event_rule" "outbox_sweep" {
  name                = "${local.name}-outbox-sweep"
  description         = "Resend order events of ${local.name} still in the outbox (see app/shop/pipeline)"
  schedule_expression = "rate(1 minute)"
}

resource "aws_cloudwatch_event_target" "outbox_sweep" {
  rule = aws_cloudwatch_event_rule.outbox_sweep.name
  arn  = module.function["api"].alias_arn
}

resource "aws_lambda_permission" "outbox_sweep" {
  statement_id  = "OutboxSweepSchedule"
  action        = "lambda:InvokeFunction"
  function_name = module.function["api"].function_name
  qualifier     = module.function["api"].alias_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.outbox_sweep.arn
}

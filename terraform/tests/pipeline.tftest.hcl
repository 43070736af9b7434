# The order pipeline's wiring in the root (pipeline.tf): the worker function, who may do what with the queue, the
# notifications and the sweep.
mock_provider "aws" {
  source = "./tests/mocks"
}

mock_provider "aws" {
  alias = "us_east_1"
}

variables {
  env             = "pr-42"
  region          = "eu-west-1"
  lambda_zip_path = "../modules/lambda_app/tests/fixtures/placeholder.zip"
  static_dir      = "../modules/storage/tests/fixtures/static"
  storefront_dir  = "../modules/storage/tests/fixtures/storefront"
  email_from      = "orders@shop.example.com"
}

override_module {
  target = module.django_secret_key
  outputs = {
    arn  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:lambda-shop-pr-42/django-secret-key-AbCdEf"
    name = "lambda-shop-pr-42/django-secret-key"
  }
}

override_module {
  target = module.cdn.module.origin_secret
  outputs = {
    arn  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:lambda-shop-pr-42/origin-verify-AbCdEf"
    name = "lambda-shop-pr-42/origin-verify"
  }
}

override_resource {
  target = module.order_queue.aws_sqs_queue.this
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:lambda-shop-pr-42-orders"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/lambda-shop-pr-42-orders"
  }
}

override_resource {
  target = aws_sns_topic.staff
  values = { arn = "arn:aws:sns:eu-west-1:123456789012:lambda-shop-pr-42-staff" }
}

override_resource {
  target = aws_sesv2_email_identity.shop[0]
  values = { arn = "arn:aws:ses:eu-west-1:123456789012:identity/orders@shop.example.com" }
}

run "the_worker_is_the_same_package_with_its_own_handler_and_role" {
  command = apply

  assert {
    condition = (
      module.function["worker"].function_name == "lambda-shop-pr-42-worker" &&
      module.function["worker"].handler == "lambda_handler.worker" &&
      module.function["worker"].source_code_hash == module.function["api"].source_code_hash &&
      module.function["worker"].alias_name == "live" && module.function["worker"].security_group_id != null
    )
    error_message = "The worker must run the same zip as lambda_handler.worker, behind live, in the VPC."
  }

  assert {
    condition     = alltrue([for role in ["web", "api", "manage", "worker"] : module.function[role].environment.SHOP_ORDER_QUEUE_URL == "https://sqs.eu-west-1.amazonaws.com/123456789012/lambda-shop-pr-42-orders" && module.function[role].environment.SHOP_STAFF_TOPIC_ARN == "arn:aws:sns:eu-west-1:123456789012:lambda-shop-pr-42-staff" && module.function[role].environment.SHOP_EMAIL_FROM == "orders@shop.example.com"])
    error_message = "Every function must know the queue, the staff topic and the sender."
  }

  assert {
    condition     = length(setintersection(keys(module.function["worker"].environment), ["SHOP_ORIGIN_SECRET_ARN", "DJANGO_MEDIA_BUCKET"])) == 0
    error_message = "The worker serves no request and uploads no media."
  }

  assert {
    condition     = module.order_queue.event_source_function_name == module.function["worker"].alias_arn
    error_message = "The queue feeds the worker's live alias."
  }
}

run "only_the_api_sends_and_only_the_worker_consumes_and_notifies" {
  command = apply

  assert {
    condition = (
      [for st in jsondecode(module.function["api"].policy_json).Statement : st.Action if startswith(st.Action[0], "sqs:")] == [["sqs:SendMessage"]] &&
      [for st in jsondecode(module.function["api"].policy_json).Statement : st.Resource if startswith(st.Action[0], "sqs:")] == [["arn:aws:sqs:eu-west-1:123456789012:lambda-shop-pr-42-orders"]]
    )
    error_message = "The api function may only send, to its own queue."
  }

  assert {
    condition = alltrue([
      for role in ["web", "manage"] : length([for st in jsondecode(module.function[role].policy_json).Statement : st if anytrue([for a in st.Action : startswith(a, "sqs:") || startswith(a, "ses:") || startswith(a, "sns:")])]) == 0
    ])
    error_message = "web and manage get no queue, email or topic permissions."
  }

  assert {
    condition = {
      for st in jsondecode(module.function["worker"].policy_json).Statement : st.Sid => st if contains(["ConsumeOrderQueue", "SendEmailAsTheShop", "PublishToStaff"], st.Sid)
      } == {
      ConsumeOrderQueue  = { Sid = "ConsumeOrderQueue", Effect = "Allow", Action = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"], Resource = ["arn:aws:sqs:eu-west-1:123456789012:lambda-shop-pr-42-orders"] }
      SendEmailAsTheShop = { Sid = "SendEmailAsTheShop", Effect = "Allow", Action = ["ses:SendRawEmail"], Resource = ["arn:aws:ses:eu-west-1:123456789012:identity/orders@shop.example.com"] }
      PublishToStaff     = { Sid = "PublishToStaff", Effect = "Allow", Action = ["sns:Publish"], Resource = ["arn:aws:sns:eu-west-1:123456789012:lambda-shop-pr-42-staff"] }
    }
    error_message = "The worker may consume its queue, email as the shop's identity and publish to the staff topic, nothing wider."
  }

  assert {
    condition     = length([for st in jsondecode(module.function["worker"].policy_json).Statement : st if contains(flatten([st.Action]), "sqs:SendMessage") || contains(flatten([st.Action]), "s3:PutObject")]) == 0
    error_message = "The worker may not send to the queue or write media."
  }
}

run "the_sweep_runs_every_minute_in_the_api_function" {
  command = apply

  assert {
    condition = (
      aws_cloudwatch_event_rule.outbox_sweep.schedule_expression == "rate(1 minute)" &&
      aws_cloudwatch_event_target.outbox_sweep.arn == module.function["api"].alias_arn &&
      aws_lambda_permission.outbox_sweep.principal == "events.amazonaws.com" &&
      aws_lambda_permission.outbox_sweep.qualifier == "live" &&
      aws_lambda_permission.outbox_sweep.source_arn == aws_cloudwatch_event_rule.outbox_sweep.arn
    )
    error_message = "EventBridge must invoke the api function's live alias every minute, and only this rule may."
  }

  assert {
    condition     = length(aws_sns_topic_subscription.staff_email) == 0
    error_message = "Without staff_notification_email nobody is subscribed."
  }
}

run "a_domain_identity_and_a_staff_subscription" {
  command = plan

  variables {
    email_identity           = "shop.example.com"
    staff_notification_email = "staff@shop.example.com"
  }

  assert {
    condition     = aws_sesv2_email_identity.shop[0].email_identity == "shop.example.com" && aws_sns_topic_subscription.staff_email[0].protocol == "email" && aws_sns_topic_subscription.staff_email[0].endpoint == "staff@shop.example.com"
    error_message = "A domain identity and an email subscription must be created from the inputs."
  }
}

run "previews_send_from_the_accounts_identity" {
  command = plan

  variables {
    create_email_identity = false
  }

  assert {
    condition     = length(aws_sesv2_email_identity.shop) == 0 && one([for st in jsondecode(module.function["worker"].policy_json).Statement : st.Resource if st.Sid == "SendEmailAsTheShop"]) == ["arn:aws:ses:eu-west-1:123456789012:identity/orders@shop.example.com"]
    error_message = "Without its own identity the worker still sends only as the shop's address."
  }
}

run "the_sender_must_belong_to_the_identity" {
  command = plan

  variables {
    email_identity = "other.example.com"
  }

  expect_failures = [terraform_data.email_from_check]
}

run "the_sender_is_an_address" {
  command = plan

  variables {
    email_from = "not-an-address"
  }

  expect_failures = [var.email_from]
}

locals {
  # The order pipeline (modules/order_queue, terraform/pipeline.tf): queues, the worker's event source mapping, the
  # staff topic, the outbox sweep's schedule and the SES identity.
  pipeline_statements = {
    for role, s in local.scope : role => [
      {
        Sid    = "Queues"
        Effect = "Allow"
        Action = [
          "sqs:CreateQueue", "sqs:DeleteQueue", "sqs:GetQueueAttributes", "sqs:SetQueueAttributes", "sqs:GetQueueUrl",
          "sqs:ListQueueTags", "sqs:TagQueue", "sqs:UntagQueue",
        ]
        Resource = s.queue
      },
      {
        # CreateEventSourceMapping names no resource (AWS allows only "*"): limited to the role's functions by
        # lambda:FunctionArn. The mappings themselves are scoped below.
        Sid       = "CreateEventSourceMappings"
        Effect    = "Allow"
        Action    = ["lambda:CreateEventSourceMapping"]
        Resource  = ["*"]
        Condition = { ArnLike = { "lambda:FunctionArn" = s.lambda } }
      },
      {
        Sid    = "EventSourceMappings"
        Effect = "Allow"
        Action = [
          "lambda:GetEventSourceMapping", "lambda:UpdateEventSourceMapping", "lambda:DeleteEventSourceMapping",
          "lambda:TagResource", "lambda:UntagResource", "lambda:ListTags",
        ]
        Resource = ["arn:${local.partition}:lambda:${local.region}:${local.account}:event-source-mapping:*"]
      },
      {
        Sid    = "Topics"
        Effect = "Allow"
        Action = [
          "sns:CreateTopic", "sns:DeleteTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes",
          "sns:ListTagsForResource", "sns:TagResource", "sns:UntagResource", "sns:Subscribe",
          "sns:ListSubscriptionsByTopic",
        ]
        Resource = [for n in local.names[role] : "arn:${local.partition}:sns:${local.region}:${local.account}:${n}"]
      },
      {
        # A subscription is no IAM resource: SNS authorises these three on "*" only (Service Authorization
        # Reference, Amazon SNS), so a statement naming the topic's ARN would refuse the destroy of the staff email
        # subscription. Nothing narrows them (they have no condition keys); they change delivery, never the topic.
        Sid      = "TopicSubscriptions"
        Effect   = "Allow"
        Action   = ["sns:GetSubscriptionAttributes", "sns:SetSubscriptionAttributes", "sns:Unsubscribe"]
        Resource = ["*"]
      },
      {
        Sid    = "Schedules"
        Effect = "Allow"
        Action = [
          "events:PutRule", "events:DeleteRule", "events:DescribeRule", "events:PutTargets", "events:RemoveTargets",
          "events:ListTargetsByRule", "events:ListTagsForResource", "events:TagResource", "events:UntagResource",
        ]
        Resource = [for n in local.names[role] : "arn:${local.partition}:events:${local.region}:${local.account}:rule/${n}"]
      },
      {
        # An identity is named by its address or domain, not by the environment: scoped to this account and region.
        Sid    = "EmailIdentities"
        Effect = "Allow"
        Action = [
          "ses:CreateEmailIdentity", "ses:GetEmailIdentity", "ses:DeleteEmailIdentity",
          "ses:TagResource", "ses:UntagResource", "ses:ListTagsForResource",
        ]
        Resource = ["arn:${local.partition}:ses:${local.region}:${local.account}:identity/*"]
      },
    ]
  }
}

locals {
  # The ceiling for every role the stack creates at a trust level: what a function may ever need, on that
  # level's resources only (a preview function never reaches a staging bucket or secret), and nothing else.
  boundary_statements = {
    for role, s in local.scope : role => [
      {
        Sid      = "Logs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = [for g in s.log_groups : "${g}:*"]
      },
      {
        Sid      = "ProjectObjects"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"]
        Resource = concat(s.bucket, s.object)
      },
      {
        # RDS-managed secrets (rds!cluster-<uuid>) do not name their environment: scoped to the account.
        Sid      = "ProjectSecrets"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue", "ssm:GetParameter", "ssm:GetParameters"]
        Resource = concat(s.secret, [local.arn.rds_secret], s.ssm)
      },
      {
        Sid    = "ProjectQueues"
        Effect = "Allow"
        Action = [
          "sqs:SendMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:DeleteMessage",
          "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes",
        ]
        Resource = s.queue
      },
      {
        # The order pipeline's worker: email as the shop, tell the staff.
        Sid    = "ProjectNotifications"
        Effect = "Allow"
        Action = ["ses:SendRawEmail", "sns:Publish"]
        Resource = concat(
          ["arn:${local.partition}:ses:${local.region}:${local.account}:identity/*"],
          [for n in local.names[role] : "arn:${local.partition}:sns:${local.region}:${local.account}:${n}"],
        )
      },
      {
        # What AWSLambdaVPCAccessExecutionRole and AWSXRayDaemonWriteAccess grant; AWS allows no resource scoping.
        Sid    = "FunctionNetworkAndTracing"
        Effect = "Allow"
        Action = [
          "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
          "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses",
          "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
          "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries",
        ]
        Resource = ["*"]
      },
    ]
  }
}

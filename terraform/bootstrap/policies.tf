locals {
  # The only managed policies the stack attaches to function roles (see modules/lambda_app).
  attachable_policy_arns = [
    "arn:${local.partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
    "arn:${local.partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "arn:${local.partition}:iam::aws:policy/AWSXRayDaemonWriteAccess",
  ]

  # One managed policy per area keeps each under IAM's 6144-character limit. Actions are listed one by one:
  # no wildcard actions anywhere. Resources are scoped to <project>-* names where the service names them;
  # ids chosen by AWS (distributions, APIs, VPC parts) are scoped to this account and region.
  deploy_policies = {
    state = [
      {
        Sid      = "StateBucket"
        Effect   = "Allow"
        Action   = ["s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketVersioning", "s3:GetBucketLocation"]
        Resource = [aws_s3_bucket.state.arn]
      },
      {
        Sid    = "StateObjects"
        Effect = "Allow"
        Action = [
          "s3:GetObject", "s3:GetObjectVersion", "s3:PutObject",
          "s3:DeleteObject", "s3:DeleteObjectVersion",
        ]
        Resource = ["${aws_s3_bucket.state.arn}/env/*"]
      },
    ]

    compute = [
      {
        Sid    = "Functions"
        Effect = "Allow"
        Action = [
          "lambda:CreateFunction", "lambda:DeleteFunction", "lambda:GetFunction", "lambda:GetFunctionConfiguration",
          "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:PublishVersion",
          "lambda:ListVersionsByFunction", "lambda:GetFunctionCodeSigningConfig", "lambda:GetRuntimeManagementConfig",
          "lambda:CreateAlias", "lambda:UpdateAlias", "lambda:DeleteAlias", "lambda:GetAlias", "lambda:ListAliases",
          "lambda:AddPermission", "lambda:RemovePermission", "lambda:GetPolicy",
          "lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency", "lambda:GetFunctionConcurrency",
          "lambda:PutProvisionedConcurrencyConfig", "lambda:GetProvisionedConcurrencyConfig",
          "lambda:DeleteProvisionedConcurrencyConfig", "lambda:InvokeFunction",
          "lambda:TagResource", "lambda:UntagResource", "lambda:ListTags",
        ]
        Resource = [local.arn.lambda, "${local.arn.lambda}:*"]
      },
      merge(
        {
          Sid      = "FunctionRoles"
          Effect   = "Allow"
          Action   = ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary"]
          Resource = [local.arn.role]
        },
        var.enforce_permissions_boundary ? { Condition = { StringEquals = local.boundary } } : {},
      ),
      {
        Sid      = "FunctionRoleManagedPolicies"
        Effect   = "Allow"
        Action   = ["iam:AttachRolePolicy", "iam:DetachRolePolicy"]
        Resource = [local.arn.role]
        Condition = {
          StringEquals = local.boundary
          ArnEquals    = { "iam:PolicyARN" = local.attachable_policy_arns }
        }
      },
      {
        Sid    = "FunctionRolesHousekeeping"
        Effect = "Allow"
        Action = [
          "iam:GetRole", "iam:DeleteRole", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy",
          "iam:TagRole", "iam:UntagRole", "iam:ListRoleTags", "iam:GetRolePolicy", "iam:ListRolePolicies",
          "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole",
        ]
        Resource = [local.arn.role]
      },
      {
        Sid       = "PassFunctionRolesToLambdaOnly"
        Effect    = "Allow"
        Action    = ["iam:PassRole"]
        Resource  = [local.arn.role]
        Condition = { StringEquals = { "iam:PassedToService" = "lambda.amazonaws.com" } }
      },
      {
        Sid       = "RdsServiceLinkedRole"
        Effect    = "Allow"
        Action    = ["iam:CreateServiceLinkedRole"]
        Resource  = ["arn:${local.partition}:iam::${local.account}:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS"]
        Condition = { StringEquals = { "iam:AWSServiceName" = "rds.amazonaws.com" } }
      },
      {
        # A fresh account may lack API Gateway's service-linked role (it writes the access logs).
        Sid       = "ApiGatewayServiceLinkedRole"
        Effect    = "Allow"
        Action    = ["iam:CreateServiceLinkedRole"]
        Resource  = ["arn:${local.partition}:iam::${local.account}:role/aws-service-role/ops.apigateway.amazonaws.com/AWSServiceRoleForAPIGateway"]
        Condition = { StringEquals = { "iam:AWSServiceName" = "ops.apigateway.amazonaws.com" } }
      },
      {
        # The deploy role manages <project>-* roles; it must never rewrite itself or drop a boundary.
        Sid    = "NeverEscalate"
        Effect = "Deny"
        Action = [
          "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy",
          "iam:UpdateAssumeRolePolicy", "iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary",
          "iam:DeleteRole", "iam:UpdateRole",
        ]
        Resource = [local.deploy_role_arn]
      },
      {
        Sid      = "KeepBoundaries"
        Effect   = "Deny"
        Action   = ["iam:DeleteRolePermissionsBoundary"]
        Resource = [local.arn.role]
      },
    ]

    edge = [
      {
        # The release alarms of each function (modules/lambda_app), watched by tools/release.
        Sid    = "ReleaseAlarms"
        Effect = "Allow"
        Action = [
          "cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms",
          "cloudwatch:TagResource", "cloudwatch:UntagResource", "cloudwatch:ListTagsForResource",
        ]
        Resource = ["arn:${local.partition}:cloudwatch:${local.region}:${local.account}:alarm:${local.p}-*"]
      },
      {
        Sid    = "HttpApis"
        Effect = "Allow"
        Action = [
          "apigateway:GET", "apigateway:POST", "apigateway:PUT", "apigateway:PATCH", "apigateway:DELETE",
          "apigateway:TagResource", "apigateway:UntagResource",
        ]
        Resource = ["${local.arn.apigateway}/apis", "${local.arn.apigateway}/apis/*", "${local.arn.apigateway}/tags/*"]
      },
      {
        Sid    = "Distributions"
        Effect = "Allow"
        Action = [
          "cloudfront:CreateDistribution", "cloudfront:CreateDistributionWithTags", "cloudfront:GetDistribution",
          "cloudfront:GetDistributionConfig", "cloudfront:UpdateDistribution", "cloudfront:DeleteDistribution",
          "cloudfront:CreateInvalidation", "cloudfront:GetInvalidation",
          "cloudfront:TagResource", "cloudfront:UntagResource", "cloudfront:ListTagsForResource",
        ]
        Resource = ["${local.arn.cloudfront}:distribution/*"]
      },
      {
        Sid    = "EdgeFunctions"
        Effect = "Allow"
        Action = [
          "cloudfront:CreateFunction", "cloudfront:DescribeFunction", "cloudfront:GetFunction",
          "cloudfront:UpdateFunction", "cloudfront:PublishFunction", "cloudfront:DeleteFunction",
        ]
        Resource = ["${local.arn.cloudfront}:function/${local.p}-*"]
      },
      {
        Sid    = "EdgePolicies"
        Effect = "Allow"
        Action = [
          "cloudfront:CreateOriginAccessControl", "cloudfront:GetOriginAccessControl",
          "cloudfront:UpdateOriginAccessControl", "cloudfront:DeleteOriginAccessControl",
          "cloudfront:CreateResponseHeadersPolicy", "cloudfront:GetResponseHeadersPolicy",
          "cloudfront:UpdateResponseHeadersPolicy", "cloudfront:DeleteResponseHeadersPolicy",
          "cloudfront:CreateCachePolicy", "cloudfront:GetCachePolicy", "cloudfront:UpdateCachePolicy",
          "cloudfront:DeleteCachePolicy", "cloudfront:GetOriginRequestPolicy",
        ]
        Resource = [
          "${local.arn.cloudfront}:origin-access-control/*",
          "${local.arn.cloudfront}:response-headers-policy/*",
          "${local.arn.cloudfront}:cache-policy/*",
          "${local.arn.cloudfront}:origin-request-policy/*",
        ]
      },
    ]

    storage = [
      {
        Sid    = "Buckets"
        Effect = "Allow"
        Action = [
          "s3:CreateBucket", "s3:DeleteBucket", "s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketLocation",
          "s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:GetBucketAcl", "s3:GetBucketCORS",
          "s3:GetBucketWebsite", "s3:GetBucketVersioning", "s3:PutBucketVersioning", "s3:GetAccelerateConfiguration",
          "s3:GetBucketRequestPayment", "s3:GetBucketLogging", "s3:PutBucketLogging", "s3:GetLifecycleConfiguration",
          "s3:PutLifecycleConfiguration", "s3:GetReplicationConfiguration", "s3:GetEncryptionConfiguration",
          "s3:PutEncryptionConfiguration", "s3:GetBucketObjectLockConfiguration", "s3:GetBucketTagging",
          "s3:PutBucketTagging", "s3:GetBucketOwnershipControls", "s3:PutBucketOwnershipControls",
          "s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock", "s3:GetBucketNotification",
        ]
        Resource = [local.arn.bucket]
      },
      {
        Sid    = "Objects"
        Effect = "Allow"
        Action = [
          "s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion",
          "s3:GetObjectTagging", "s3:PutObjectTagging", "s3:GetObjectAcl",
        ]
        Resource = ["${local.arn.bucket}/*"]
      },
      {
        Sid    = "Secrets"
        Effect = "Allow"
        Action = [
          "secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret",
          "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecret",
          "secretsmanager:GetResourcePolicy", "secretsmanager:TagResource", "secretsmanager:UntagResource",
        ]
        Resource = [local.arn.secret]
      },
      {
        # RDS creates the master password secret (manage_master_user_password) in the caller's name.
        Sid    = "RdsManagedSecrets"
        Effect = "Allow"
        Action = [
          "secretsmanager:CreateSecret", "secretsmanager:DescribeSecret", "secretsmanager:RotateSecret",
          "secretsmanager:UpdateSecret", "secretsmanager:TagResource", "secretsmanager:DeleteSecret",
        ]
        Resource = [local.arn.rds_secret]
      },
      {
        Sid      = "Parameters"
        Effect   = "Allow"
        Action   = ["ssm:GetParameter", "ssm:GetParameters"]
        Resource = [local.arn.ssm]
      },
      {
        Sid    = "LogGroups"
        Effect = "Allow"
        Action = [
          "logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy",
          "logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource", "logs:TagLogGroup",
          "logs:ListTagsLogGroup", "logs:AssociateKmsKey", "logs:DisassociateKmsKey",
        ]
        Resource = concat(local.log_groups, [for g in local.log_groups : "${g}:*"])
      },
    ]

    database = [
      {
        Sid    = "AuroraClusters"
        Effect = "Allow"
        Action = [
          "rds:CreateDBCluster", "rds:ModifyDBCluster", "rds:DeleteDBCluster", "rds:DescribeDBClusters",
          "rds:CreateDBInstance", "rds:ModifyDBInstance", "rds:DeleteDBInstance", "rds:DescribeDBInstances",
          "rds:CreateDBSubnetGroup", "rds:ModifyDBSubnetGroup", "rds:DeleteDBSubnetGroup", "rds:DescribeDBSubnetGroups",
          # The cluster's parameter group (SSL forced) and the final snapshot a staging/production destroy takes.
          "rds:CreateDBClusterParameterGroup", "rds:ModifyDBClusterParameterGroup", "rds:DeleteDBClusterParameterGroup",
          "rds:DescribeDBClusterParameterGroups", "rds:DescribeDBClusterParameters", "rds:CreateDBClusterSnapshot",
          "rds:AddTagsToResource", "rds:RemoveTagsFromResource", "rds:ListTagsForResource",
        ]
        Resource = [
          "${local.arn.rds}:cluster:${local.p}-*",
          "${local.arn.rds}:db:${local.p}-*",
          "${local.arn.rds}:subgrp:${local.p}-*",
          "${local.arn.rds}:cluster-pg:*",
          "${local.arn.rds}:pg:*",
          "${local.arn.rds}:og:*",
          "${local.arn.rds}:cluster-snapshot:${local.p}-*",
          "${local.arn.rds}:secgrp:*",
        ]
      },
      {
        Sid    = "Network"
        Effect = "Allow"
        Action = [
          "ec2:CreateVpc", "ec2:DeleteVpc", "ec2:ModifyVpcAttribute", "ec2:CreateSubnet", "ec2:DeleteSubnet",
          "ec2:ModifySubnetAttribute", "ec2:CreateRouteTable", "ec2:DeleteRouteTable", "ec2:AssociateRouteTable",
          "ec2:DisassociateRouteTable", "ec2:CreateSecurityGroup", "ec2:DeleteSecurityGroup",
          "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress",
          "ec2:RevokeSecurityGroupEgress", "ec2:ModifySecurityGroupRules", "ec2:UpdateSecurityGroupRuleDescriptionsIngress",
          "ec2:UpdateSecurityGroupRuleDescriptionsEgress", "ec2:CreateVpcEndpoint", "ec2:ModifyVpcEndpoint",
          "ec2:DeleteVpcEndpoints", "ec2:DeleteNetworkInterface", "ec2:CreateTags", "ec2:DeleteTags",
        ]
        Resource = [
          "${local.arn.ec2}:vpc/*", "${local.arn.ec2}:subnet/*", "${local.arn.ec2}:route-table/*",
          "${local.arn.ec2}:security-group/*", "${local.arn.ec2}:security-group-rule/*",
          "${local.arn.ec2}:vpc-endpoint/*", "${local.arn.ec2}:network-interface/*",
          "${local.arn.ec2}:prefix-list/*",
        ]
      },
      {
        # Private DNS of the Secrets Manager interface endpoint lives in an AWS managed hosted zone.
        Sid      = "EndpointPrivateDns"
        Effect   = "Allow"
        Action   = ["route53:AssociateVPCWithHostedZone"]
        Resource = ["arn:${local.partition}:route53:::hostedzone/*"]
      },
    ]

    # Customer accounts (modules/user_pool). AWS picks the pool ids, so pools are scoped to this account and region;
    # CreateUserPool names no resource (AWS allows only "*"); everything after it is scoped to the pools.
    accounts = [
      {
        Sid      = "CreateUserPools"
        Effect   = "Allow"
        Action   = ["cognito-idp:CreateUserPool"]
        Resource = ["*"]
      },
      {
        Sid    = "UserPools"
        Effect = "Allow"
        Action = [
          "cognito-idp:DescribeUserPool", "cognito-idp:UpdateUserPool", "cognito-idp:DeleteUserPool",
          "cognito-idp:GetUserPoolMfaConfig", "cognito-idp:SetUserPoolMfaConfig",
          "cognito-idp:CreateUserPoolClient", "cognito-idp:DescribeUserPoolClient",
          "cognito-idp:UpdateUserPoolClient", "cognito-idp:DeleteUserPoolClient",
          "cognito-idp:TagResource", "cognito-idp:UntagResource", "cognito-idp:ListTagsForResource",
        ]
        Resource = ["arn:${local.partition}:cognito-idp:${local.region}:${local.account}:userpool/*"]
      },
    ]

    # Read-only calls that AWS does not let a policy scope to resources, plus account-level log delivery
    # that HTTP API access logs need. Nothing here creates, changes or deletes a resource.
    read = [
      {
        Sid    = "DescribeOnly"
        Effect = "Allow"
        Action = [
          "ec2:DescribeVpcs", "ec2:DescribeVpcAttribute", "ec2:DescribeNetworkAcls", "ec2:DescribeSubnets", "ec2:DescribeRouteTables",
          "ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules", "ec2:DescribeVpcEndpoints",
          "ec2:DescribeVpcEndpointServices", "ec2:DescribePrefixLists", "ec2:DescribeManagedPrefixLists",
          "ec2:DescribeAvailabilityZones", "ec2:DescribeNetworkInterfaces", "ec2:DescribeAccountAttributes",
          "ec2:DescribeTags", "rds:DescribeDBEngineVersions", "rds:DescribeOrderableDBInstanceOptions",
          "rds:DescribeGlobalClusters", "logs:DescribeLogGroups", "secretsmanager:GetRandomPassword",
          "cloudfront:ListCachePolicies", "cloudfront:ListOriginRequestPolicies",
          "cloudfront:ListOriginAccessControls", "cloudfront:ListResponseHeadersPolicies",
        ]
        Resource = ["*"]
      },
      {
        Sid    = "ApiAccessLogDelivery"
        Effect = "Allow"
        Action = [
          "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
          "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies",
        ]
        Resource = ["*"]
      },
    ]
  }

  # The ceiling for every role the stack creates: what a function may ever need, and nothing else.
  boundary_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Logs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = [for g in local.log_groups : "${g}:*"]
      },
      {
        Sid      = "ProjectObjects"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"]
        Resource = [local.arn.bucket, "${local.arn.bucket}/*"]
      },
      {
        Sid      = "ProjectSecrets"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue", "ssm:GetParameter", "ssm:GetParameters"]
        Resource = [local.arn.secret, local.arn.rds_secret, local.arn.ssm]
      },
      {
        Sid    = "ProjectQueues"
        Effect = "Allow"
        Action = [
          "sqs:SendMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:DeleteMessage",
          "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes",
        ]
        Resource = ["arn:${local.partition}:sqs:${local.region}:${local.account}:${local.p}-*"]
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

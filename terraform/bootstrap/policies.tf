locals {
  # Every role gets the same policies, built from its own scope (main.tf): one managed policy per area
  # keeps each under IAM's 6144-character limit. Actions are listed one by one: no wildcard actions
  # anywhere. Resources are scoped to the role's <project>-<env> names where the service names them;
  # ids chosen by AWS (distributions, APIs, VPC parts, user pools) are scoped to this account and region.
  deploy_policies = {
    for role, _ in local.deploy_roles : role => {
      state    = local.state_statements[role]
      compute  = local.compute_statements[role]
      edge     = local.edge_statements[role]
      storage  = local.storage_statements[role]
      database = local.database_statements[role]
      accounts = local.account_statements
      pipeline = local.pipeline_statements[role]
      read     = local.read_statements
    }
  }

  # The only managed policies the stack attaches to function roles (see modules/lambda_app).
  attachable_policy_arns = [
    "arn:${local.partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
    "arn:${local.partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "arn:${local.partition}:iam::aws:policy/AWSXRayDaemonWriteAccess",
  ]

  state_statements = {
    for role, s in local.scope : role => [
      {
        Sid      = "StateBucket"
        Effect   = "Allow"
        Action   = ["s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketVersioning", "s3:GetBucketLocation"]
        Resource = [aws_s3_bucket.state.arn]
      },
      {
        # Only the state keys of the role's own environments (env/pr-*/ for previews).
        Sid    = "StateObjects"
        Effect = "Allow"
        Action = [
          "s3:GetObject", "s3:GetObjectVersion", "s3:PutObject",
          "s3:DeleteObject", "s3:DeleteObjectVersion",
        ]
        Resource = s.state
      },
    ]
  }

  # Customer accounts (modules/user_pool). AWS picks the pool ids, so pools are scoped to this account and region;
  # CreateUserPool names no resource (AWS allows only "*"); everything after it is scoped to the pools.
  account_statements = [
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
  read_statements = [
    {
      Sid    = "DescribeOnly"
      Effect = "Allow"
      Action = [
        "ec2:DescribeVpcs", "ec2:DescribeNetworkAcls", "ec2:DescribeSubnets", "ec2:DescribeRouteTables",
        "ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules", "ec2:DescribeVpcEndpoints",
        "ec2:DescribeVpcEndpointServices", "ec2:DescribePrefixLists", "ec2:DescribeManagedPrefixLists",
        "ec2:DescribeAvailabilityZones", "ec2:DescribeNetworkInterfaces", "ec2:DescribeAccountAttributes",
        "ec2:DescribeTags", "rds:DescribeDBEngineVersions", "rds:DescribeOrderableDBInstanceOptions",
        "rds:DescribeGlobalClusters", "logs:DescribeLogGroups", "secretsmanager:GetRandomPassword",
        "cloudfront:ListCachePolicies", "cloudfront:ListOriginRequestPolicies",
        "cloudfront:ListOriginAccessControls", "cloudfront:ListResponseHeadersPolicies",
        "lambda:ListEventSourceMappings",
      ]
      Resource = ["*"]
    },
    {
      # Always names its VPC, so it is scoped like the other VPC calls.
      Sid      = "VpcAttributes"
      Effect   = "Allow"
      Action   = ["ec2:DescribeVpcAttribute"]
      Resource = ["${local.arn.ec2}:vpc/*"]
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

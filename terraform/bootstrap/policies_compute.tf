locals {
  # Functions and their roles. A role may create only roles of its own environments, only with its own
  # level's boundary, so a preview function can never be given more than a preview boundary allows.
  compute_statements = {
    for role, s in local.scope : role => [
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
        Resource = s.lambda
      },
      merge(
        {
          Sid      = "FunctionRoles"
          Effect   = "Allow"
          Action   = ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary"]
          Resource = s.role
        },
        var.enforce_permissions_boundary ? { Condition = { ArnEquals = local.boundary[role] } } : {},
      ),
      {
        Sid      = "FunctionRoleManagedPolicies"
        Effect   = "Allow"
        Action   = ["iam:AttachRolePolicy", "iam:DetachRolePolicy"]
        Resource = s.role
        Condition = {
          ArnEquals = merge(local.boundary[role], { "iam:PolicyARN" = local.attachable_policy_arns })
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
        Resource = s.role
      },
      {
        Sid       = "PassFunctionRolesToLambdaOnly"
        Effect    = "Allow"
        Action    = ["iam:PassRole"]
        Resource  = s.role
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
        # No deploy role may rewrite itself or another deploy role, or drop a boundary.
        Sid    = "NeverEscalate"
        Effect = "Deny"
        Action = [
          "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy",
          "iam:UpdateAssumeRolePolicy", "iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary",
          "iam:DeleteRole", "iam:UpdateRole",
        ]
        Resource = local.deploy_role_arns
      },
      {
        Sid      = "KeepBoundaries"
        Effect   = "Deny"
        Action   = ["iam:DeleteRolePermissionsBoundary"]
        Resource = s.role
      },
    ]
  }

  # iam:PermissionsBoundary is an ARN-typed key (parliament: ArnEquals, not StringEquals).
  boundary = {
    for role, _ in local.deploy_roles : role => var.enforce_permissions_boundary ? { "iam:PermissionsBoundary" = aws_iam_policy.function_boundary[role].arn } : {}
  }
}

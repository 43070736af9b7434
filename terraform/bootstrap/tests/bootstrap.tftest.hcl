mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }

  mock_resource "aws_iam_openid_connect_provider" {
    defaults = {
      arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
    }
  }

  mock_resource "aws_iam_policy" {
    defaults = {
      arn = "arn:aws:iam::123456789012:policy/lambda-shop-function-boundary"
    }
  }

  mock_resource "aws_s3_bucket" {
    defaults = {
      arn = "arn:aws:s3:::lambda-shop-tfstate-123456789012"
    }
  }
}

variables {
  region            = "eu-west-1"
  github_repository = "acme/lambda-shop"
}

run "trust_policy_is_scoped_to_the_repository" {
  command = apply

  assert {
    condition     = jsondecode(aws_iam_role.deploy.assume_role_policy).Statement[0].Action == "sts:AssumeRoleWithWebIdentity"
    error_message = "The deploy role must only be assumable with a web identity token."
  }

  assert {
    condition     = jsondecode(aws_iam_role.deploy.assume_role_policy).Statement[0].Principal.Federated == aws_iam_openid_connect_provider.github[0].arn
    error_message = "The deploy role must trust the GitHub OIDC provider and nothing else."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role.deploy.assume_role_policy).Statement[0].Condition.StringLike["token.actions.githubusercontent.com:sub"] :
      startswith(s, "repo:acme/lambda-shop:")
    ])
    error_message = "Every trusted sub must belong to acme/lambda-shop."
  }

  assert {
    condition = toset(jsondecode(aws_iam_role.deploy.assume_role_policy).Statement[0].Condition.StringLike["token.actions.githubusercontent.com:sub"]) == toset([
      "repo:acme/lambda-shop:ref:refs/heads/main",
      "repo:acme/lambda-shop:pull_request",
      "repo:acme/lambda-shop:environment:pr-*",
      "repo:acme/lambda-shop:environment:staging",
      "repo:acme/lambda-shop:environment:production",
    ])
    error_message = "The trusted subjects are main, pull requests and the preview, staging and production environments."
  }

  assert {
    condition     = jsondecode(aws_iam_role.deploy.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
    error_message = "The token audience must be STS."
  }

  assert {
    condition     = aws_iam_openid_connect_provider.github[0].url == "https://token.actions.githubusercontent.com" && aws_iam_openid_connect_provider.github[0].client_id_list == toset(["sts.amazonaws.com"])
    error_message = "The OIDC provider must be GitHub's, for STS."
  }
}

run "subjects_can_be_narrowed" {
  command = plan

  variables {
    allow_pull_requests = false
    github_environments = []
  }

  assert {
    condition     = local.oidc_subjects == ["repo:acme/lambda-shop:ref:refs/heads/main"]
    error_message = "Without pull requests and environments only the default branch is trusted."
  }
}

run "state_bucket_is_private_versioned_and_encrypted" {
  command = apply

  assert {
    condition     = aws_s3_bucket.state.bucket == "lambda-shop-tfstate-123456789012"
    error_message = "The state bucket is named <project>-tfstate-<account id> by default."
  }

  assert {
    condition     = aws_s3_bucket_versioning.state.versioning_configuration[0].status == "Enabled"
    error_message = "The state bucket must be versioned."
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.state.rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms"
    error_message = "The state bucket must be encrypted with KMS."
  }

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.state.block_public_acls,
      aws_s3_bucket_public_access_block.state.block_public_policy,
      aws_s3_bucket_public_access_block.state.ignore_public_acls,
      aws_s3_bucket_public_access_block.state.restrict_public_buckets,
    ])
    error_message = "Every public access block setting must be on."
  }

  assert {
    condition     = one(aws_s3_bucket_ownership_controls.state.rule).object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs must be disabled on the state bucket."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_s3_bucket_policy.state.policy).Statement :
      s.Effect == "Deny" && s.Condition.Bool["aws:SecureTransport"] == "false"
    ])
    error_message = "The state bucket must refuse plain HTTP."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_s3_bucket_policy.state.policy).Statement : s.Effect == "Deny"
    ])
    error_message = "The bucket policy may only deny; access is granted through IAM."
  }
}

run "deploy_permissions_are_explicit_and_scoped" {
  command = apply

  assert {
    condition = alltrue(flatten([
      for p in aws_iam_policy.deploy : [
        for s in jsondecode(p.policy).Statement : [for a in s.Action : !strcontains(a, "*")]
      ]
    ]))
    error_message = "Deploy policies must list actions one by one: no wildcard actions."
  }

  assert {
    condition = alltrue(flatten([
      for p in aws_iam_policy.deploy : [
        for s in jsondecode(p.policy).Statement : [
          for r in s.Resource : r != "*" if s.Effect == "Allow" && anytrue([
            for a in s.Action : can(regex(":(Create|Delete|Put|Update|Modify|Attach|Detach|Tag|Untag|Invoke|Publish|Pass|Authorize|Revoke|Associate|Disassociate)", a))
          ]) && !contains(["ApiAccessLogDelivery", "CreateUserPools"], s.Sid)
        ]
      ]
    ]))
    error_message = "Every statement that changes something names its resources (only log delivery and CreateUserPool, which takes no resource, are account-wide)."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_policy.deploy["compute"].policy).Statement :
      alltrue([for r in s.Resource : strcontains(r, ":role/lambda-shop-")]) if startswith(s.Sid, "FunctionRoles") || s.Sid == "PassFunctionRolesToLambdaOnly"
    ])
    error_message = "IAM changes are limited to the stack's lambda-shop-* roles."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_iam_policy.deploy["compute"].policy).Statement :
      try(s.Condition.StringEquals["iam:PermissionsBoundary"], null) == aws_iam_policy.function_boundary.arn if s.Sid == "FunctionRoles"
    ])
    error_message = "Function roles can only be created or changed with the permissions boundary."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_iam_policy.deploy["compute"].policy).Statement :
      s.Effect == "Deny" && contains(s.Resource, "arn:aws:iam::123456789012:role/${aws_iam_role.deploy.name}") && contains(s.Action, "iam:PutRolePolicy")
    ])
    error_message = "The deploy role must not be able to change its own permissions."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_policy.deploy["state"].policy).Statement :
      alltrue([for r in s.Resource : startswith(r, aws_s3_bucket.state.arn)])
    ])
    error_message = "State access is limited to the state bucket."
  }

  assert {
    condition     = !startswith(aws_iam_role.deploy.name, "lambda-shop-")
    error_message = "The deploy role must not fall under the lambda-shop-* roles it manages."
  }
}

run "boundary_can_be_switched_off" {
  command = apply

  variables {
    enforce_permissions_boundary = false
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_policy.deploy["compute"].policy).Statement :
      !can(s.Condition) if s.Sid == "FunctionRoles"
    ])
    error_message = "Without enforcement the FunctionRoles statement carries no (null) condition."
  }
}

run "existing_oidc_provider" {
  command = plan

  variables {
    create_oidc_provider = false
    oidc_provider_arn    = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
  }

  assert {
    condition     = length(aws_iam_openid_connect_provider.github) == 0
    error_message = "No second OIDC provider is created when one exists."
  }
}

run "repository_must_be_owner_slash_name" {
  command = plan

  variables {
    github_repository = "acme/*"
  }

  expect_failures = [var.github_repository]
}

run "environment_wildcard_alone_is_rejected" {
  command = plan

  variables {
    github_environments = ["*"]
  }

  expect_failures = [var.github_environments]
}

run "deploy_role_covers_the_database_and_a_fresh_account" {
  command = apply

  assert {
    condition = length(setsubtract([
      "rds:CreateDBClusterParameterGroup", "rds:ModifyDBClusterParameterGroup", "rds:DeleteDBClusterParameterGroup",
      "rds:DescribeDBClusterParameterGroups", "rds:DescribeDBClusterParameters", "rds:CreateDBClusterSnapshot",
    ], flatten([for s in jsondecode(aws_iam_policy.deploy["database"].policy).Statement : s.Action]))) == 0
    error_message = "The deploy role must manage the cluster parameter group and take the final snapshot."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_iam_policy.deploy["compute"].policy).Statement :
      try(s.Condition.StringEquals["iam:AWSServiceName"], "") == "ops.apigateway.amazonaws.com" && s.Action == ["iam:CreateServiceLinkedRole"]
    ])
    error_message = "The deploy role may create API Gateway's service-linked role, and only with its service name."
  }
}

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

run "one_role_per_trust_level_trusted_by_its_own_subjects" {
  command = apply

  assert {
    condition     = toset(keys(aws_iam_role.deploy)) == toset(["preview", "staging", "production"])
    error_message = "There is one deploy role per trust level: preview, staging and production."
  }

  assert {
    condition = alltrue([
      for r in aws_iam_role.deploy : jsondecode(r.assume_role_policy).Statement[0].Action == "sts:AssumeRoleWithWebIdentity" &&
      jsondecode(r.assume_role_policy).Statement[0].Principal.Federated == aws_iam_openid_connect_provider.github[0].arn &&
      jsondecode(r.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
    ])
    error_message = "Every deploy role is assumable only with a GitHub OIDC token for STS."
  }

  assert {
    condition = toset(jsondecode(aws_iam_role.deploy["preview"].assume_role_policy).Statement[0].Condition.StringLike["token.actions.githubusercontent.com:sub"]) == toset([
      "repo:acme/lambda-shop:pull_request",
      "repo:acme/lambda-shop:environment:pr-*",
      "repo:acme/lambda-shop:environment:preview",
    ])
    error_message = "The preview role trusts only pull requests and the preview (pr-*, preview) GitHub environments."
  }

  assert {
    condition     = jsondecode(aws_iam_role.deploy["staging"].assume_role_policy).Statement[0].Condition.StringLike["token.actions.githubusercontent.com:sub"] == ["repo:acme/lambda-shop:environment:staging"]
    error_message = "The staging role trusts only the staging GitHub environment."
  }

  assert {
    condition     = jsondecode(aws_iam_role.deploy["production"].assume_role_policy).Statement[0].Condition.StringLike["token.actions.githubusercontent.com:sub"] == ["repo:acme/lambda-shop:environment:production"]
    error_message = "The production role trusts only the production GitHub environment."
  }

  assert {
    condition     = aws_iam_openid_connect_provider.github[0].url == "https://token.actions.githubusercontent.com" && aws_iam_openid_connect_provider.github[0].client_id_list == toset(["sts.amazonaws.com"])
    error_message = "The OIDC provider must be GitHub's, for STS."
  }
}

run "preview_role_manages_only_pr_names_and_state_keys" {
  command = apply

  assert {
    condition = alltrue(flatten([
      for k, p in aws_iam_policy.deploy : [
        for s in jsondecode(p.policy).Statement : [
          for r in s.Resource : !strcontains(r, "lambda-shop-staging") && !strcontains(r, "lambda-shop-production") && !strcontains(r, "lambda-shop-*")
        ] if s.Effect == "Allow"
      ] if startswith(k, "preview-")
    ]))
    error_message = "No preview policy grants anything on a staging, production or project-wide resource."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_policy.deploy["preview-compute"].policy).Statement :
      alltrue([for r in s.Resource : r == "arn:aws:lambda:eu-west-1:123456789012:function:lambda-shop-pr-*" || r == "arn:aws:lambda:eu-west-1:123456789012:function:lambda-shop-pr-*:*"])
      if s.Sid == "Functions"
    ])
    error_message = "The preview role's functions are lambda-shop-pr-*."
  }

  assert {
    condition = one([
      for s in jsondecode(aws_iam_policy.deploy["preview-state"].policy).Statement : s.Resource if s.Sid == "StateObjects"
    ]) == ["arn:aws:s3:::lambda-shop-tfstate-123456789012/env/pr-*/*"]
    error_message = "The preview role reads and writes only the env/pr-*/ state keys."
  }

  assert {
    condition = one([
      for s in jsondecode(aws_iam_policy.deploy["staging-state"].policy).Statement : s.Resource if s.Sid == "StateObjects"
    ]) == ["arn:aws:s3:::lambda-shop-tfstate-123456789012/env/staging/*"]
    error_message = "The staging role reads and writes only the env/staging/ state keys."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_policy.deploy["production-storage"].policy).Statement :
      toset(s.Resource) == toset(["arn:aws:s3:::lambda-shop-production", "arn:aws:s3:::lambda-shop-production-*", "arn:aws:s3:::lambda-shop-production/*"])
      if s.Sid == "Buckets"
    ])
    error_message = "An exact environment name covers <project>-<env>, <project>-<env>-* and <project>-<env>/*."
  }

  assert {
    condition     = toset([for k, a in aws_iam_role_policy_attachment.deploy : "${a.role}/${k}" if startswith(k, "preview-")]) == toset([for k, _ in aws_iam_policy.deploy : "github-deploy-lambda-shop-preview/${k}" if startswith(k, "preview-")])
    error_message = "Each role gets exactly its own level's policies."
  }

  assert {
    condition = alltrue(flatten([
      for s in jsondecode(aws_iam_policy.function_boundary["preview"].policy).Statement : [
        for r in s.Resource : r == "*" || strcontains(r, "lambda-shop-pr-") || strcontains(r, ":secret:rds!") || strcontains(r, ":ses:")
      ]
    ]))
    error_message = "A preview function's boundary reaches only lambda-shop-pr-* resources (and the account's RDS-managed secrets and SES identities, whose names say no environment)."
  }

  assert {
    condition     = alltrue([for p in aws_iam_policy.deploy : length(p.policy) <= 6144])
    error_message = "Every managed policy stays within IAM's 6144-character limit."
  }
}

run "local_preview_names_are_added_but_never_staging_or_production" {
  command = plan

  variables {
    preview_environments = ["pr-*", "local"]
  }

  assert {
    condition     = local.names["preview"] == ["lambda-shop-pr-*", "lambda-shop-local", "lambda-shop-local-*", "lambda-shop-local/*"]
    error_message = "An extra preview environment adds its own names only."
  }
}

run "preview_environments_never_cover_staging" {
  command = plan

  variables {
    preview_environments = ["st*"]
  }

  expect_failures = [var.preview_environments]
}

run "preview_environments_never_cover_production" {
  command = plan

  variables {
    preview_environments = ["production"]
  }

  expect_failures = [var.preview_environments]
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
          ]) && !contains(["ApiAccessLogDelivery", "CreateUserPools", "CreateOriginAccessControls", "CreateEventSourceMappings"], s.Sid)
        ]
      ]
    ]))
    error_message = "Every statement that changes something names its resources (only log delivery, CreateUserPool, CreateOriginAccessControl and CreateEventSourceMapping, which take no resource, are account-wide; the last only for the project's functions)."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_policy.deploy["preview-compute"].policy).Statement :
      alltrue([for r in s.Resource : strcontains(r, ":role/lambda-shop-pr-")]) if startswith(s.Sid, "FunctionRoles") || s.Sid == "PassFunctionRolesToLambdaOnly"
    ])
    error_message = "The preview role's IAM changes are limited to lambda-shop-pr-* roles."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_iam_policy.deploy["preview-compute"].policy).Statement :
      try(s.Condition.ArnEquals["iam:PermissionsBoundary"], null) == aws_iam_policy.function_boundary["preview"].arn if s.Sid == "FunctionRoles"
    ])
    error_message = "Function roles can only be created or changed with the permissions boundary."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_iam_policy.deploy["preview-compute"].policy).Statement :
      s.Effect == "Deny" && contains(s.Action, "iam:PutRolePolicy") && alltrue([for r in aws_iam_role.deploy : contains(s.Resource, "arn:aws:iam::123456789012:role/${r.name}")])
    ])
    error_message = "No deploy role may change its own or another deploy role's permissions."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_policy.deploy["staging-state"].policy).Statement :
      alltrue([for r in s.Resource : startswith(r, aws_s3_bucket.state.arn)])
    ])
    error_message = "State access is limited to the state bucket."
  }

  assert {
    condition     = alltrue([for r in aws_iam_role.deploy : !startswith(r.name, "lambda-shop-")])
    error_message = "No deploy role falls under the lambda-shop-* roles the deploy roles manage."
  }
}

run "boundary_can_be_switched_off" {
  command = apply

  variables {
    enforce_permissions_boundary = false
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_policy.deploy["preview-compute"].policy).Statement :
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

run "preview_wildcard_alone_is_rejected" {
  command = plan

  variables {
    preview_environments = ["*"]
  }

  expect_failures = [var.preview_environments]
}

run "deploy_role_covers_the_database_and_a_fresh_account" {
  command = apply

  assert {
    condition = length(setsubtract([
      "rds:CreateDBClusterParameterGroup", "rds:ModifyDBClusterParameterGroup", "rds:DeleteDBClusterParameterGroup",
      "rds:DescribeDBClusterParameterGroups", "rds:DescribeDBClusterParameters", "rds:CreateDBClusterSnapshot",
    ], flatten([for s in jsondecode(aws_iam_policy.deploy["production-database"].policy).Statement : s.Action]))) == 0
    error_message = "The deploy role must manage the cluster parameter group and take the final snapshot."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_iam_policy.deploy["preview-compute"].policy).Statement :
      try(s.Condition.StringEquals["iam:AWSServiceName"], "") == "ops.apigateway.amazonaws.com" && s.Action == ["iam:CreateServiceLinkedRole"]
    ])
    error_message = "The deploy role may create API Gateway's service-linked role, and only with its service name."
  }
}

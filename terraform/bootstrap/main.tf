data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  partition = data.aws_partition.current.partition
  account   = data.aws_caller_identity.current.account_id
  region    = var.region
  p         = var.project

  state_bucket_name = coalesce(var.state_bucket_name, "${var.project}-tfstate-${local.account}")
  deploy_role_name  = coalesce(var.deploy_role_name, "github-deploy-${var.project}")
  deploy_role_arn   = "arn:${local.partition}:iam::${local.account}:role/${local.deploy_role_name}"

  oidc_host         = "token.actions.githubusercontent.com"
  oidc_provider_arn = var.create_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : var.oidc_provider_arn

  # Every subject names this repository: a token from any other repository never matches.
  oidc_subjects = concat(
    ["repo:${var.github_repository}:ref:refs/heads/${var.github_default_branch}"],
    var.allow_pull_requests ? ["repo:${var.github_repository}:pull_request"] : [],
    [for e in var.github_environments : "repo:${var.github_repository}:environment:${e}"],
  )

  trust_policy = {
    Version = "2012-10-17"
    Statement = [{
      Sid       = "GitHubActionsOfOneRepository"
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = local.oidc_provider_arn }
      Condition = {
        StringEquals = { "${local.oidc_host}:aud" = "sts.amazonaws.com" }
        StringLike   = { "${local.oidc_host}:sub" = local.oidc_subjects }
      }
    }]
  }

  # ARN prefixes the stack's resources live under: every name starts with <project>-<env>.
  arn = {
    lambda     = "arn:${local.partition}:lambda:${local.region}:${local.account}:function:${local.p}-*"
    role       = "arn:${local.partition}:iam::${local.account}:role/${local.p}-*"
    bucket     = "arn:${local.partition}:s3:::${local.p}-*"
    secret     = "arn:${local.partition}:secretsmanager:${local.region}:${local.account}:secret:${local.p}-*"
    rds_secret = "arn:${local.partition}:secretsmanager:${local.region}:${local.account}:secret:rds!*"
    ssm        = "arn:${local.partition}:ssm:${local.region}:${local.account}:parameter/${local.p}-*"
    logs       = "arn:${local.partition}:logs:${local.region}:${local.account}:log-group"
    rds        = "arn:${local.partition}:rds:${local.region}:${local.account}"
    ec2        = "arn:${local.partition}:ec2:${local.region}:${local.account}"
    cloudfront = "arn:${local.partition}:cloudfront::${local.account}"
    apigateway = "arn:${local.partition}:apigateway:${local.region}::"
  }

  log_groups = [
    "${local.arn.logs}:/aws/lambda/${local.p}-*",
    "${local.arn.logs}:/aws/apigateway/${local.p}-*",
    "${local.arn.logs}:/aws/rds/cluster/${local.p}-*",
  ]

  boundary = var.enforce_permissions_boundary ? { "iam:PermissionsBoundary" = aws_iam_policy.function_boundary.arn } : {}
}

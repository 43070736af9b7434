# GitHub OIDC provider, one deploy role per trust level, and each level's permissions boundary.

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_oidc_provider ? 1 : 0

  url            = "https://${local.oidc_host}"
  client_id_list = ["sts.amazonaws.com"]
  # AWS validates GitHub's certificate through its own trust store; the thumbprint is only a required field.
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"]
}

resource "aws_iam_policy" "function_boundary" {
  #checkov:skip=CKV_AWS_290:A boundary grants nothing by itself; its only unscoped actions are the Lambda VPC ENI and X-Ray calls that AWS does not allow to scope (as in AWSLambdaVPCAccessExecutionRole).
  #checkov:skip=CKV_AWS_355:Same statement: ec2 network-interface and xray actions of a VPC function only accept "*".
  for_each = local.deploy_roles

  name        = "${var.project}-${each.key}-function-boundary"
  description = "Permissions boundary of every role the ${var.project} stack creates in ${each.key} environments"
  policy      = jsonencode({ Version = "2012-10-17", Statement = local.boundary_statements[each.key] })
}

resource "aws_iam_role" "deploy" {
  for_each = local.deploy_roles

  name        = local.deploy_role_names[each.key]
  description = "Assumed by GitHub Actions of ${var.github_repository} through OIDC to deploy ${var.project} ${each.key} environments"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "GitHubActionsOfOneRepository"
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = local.oidc_provider_arn }
      Condition = {
        StringEquals = { "${local.oidc_host}:aud" = "sts.amazonaws.com" }
        StringLike   = { "${local.oidc_host}:sub" = local.oidc_subjects[each.key] }
      }
    }]
  })
  max_session_duration = var.max_session_duration

  lifecycle {
    precondition {
      condition     = local.oidc_provider_arn != null
      error_message = "Set oidc_provider_arn when create_oidc_provider is false."
    }
  }
}

resource "aws_iam_policy" "deploy" {
  for_each = merge([
    for role, areas in local.deploy_policies : { for area, statements in areas : "${role}-${area}" => statements }
  ]...)

  name        = "github-deploy-${var.project}-${each.key}"
  description = "Deploy role of ${var.project}: ${each.key}"
  policy      = jsonencode({ Version = "2012-10-17", Statement = each.value })
}

resource "aws_iam_role_policy_attachment" "deploy" {
  for_each = merge([
    for role, areas in local.deploy_policies : { for area, _ in areas : "${role}-${area}" => role }
  ]...)

  role       = aws_iam_role.deploy[each.value].name
  policy_arn = aws_iam_policy.deploy[each.key].arn
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  partition = data.aws_partition.current.partition
  account   = data.aws_caller_identity.current.account_id
  region    = var.region
  p         = var.project

  state_bucket_name = coalesce(var.state_bucket_name, "${var.project}-tfstate-${local.account}")

  oidc_host         = "token.actions.githubusercontent.com"
  oidc_provider_arn = var.create_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : var.oidc_provider_arn

  # One deploy role per trust level: the GitHub OIDC subjects it trusts and the environments it
  # manages. A job that names a GitHub environment gets `repo:<repo>:environment:<name>` as its
  # subject, whatever triggered it; a pull_request job without one gets `repo:<repo>:pull_request`
  # (docs.github.com/en/actions/reference/security/oidc, "Example subject claims").
  deploy_roles = {
    preview = {
      subjects     = ["pull_request", "environment:pr-*", "environment:preview"]
      environments = var.preview_environments
    }
    staging    = { subjects = ["environment:staging"], environments = ["staging"] }
    production = { subjects = ["environment:production"], environments = ["production"] }
  }
  deploy_role_names = { for role, _ in local.deploy_roles : role => "github-deploy-${local.p}-${role}" }
  deploy_role_arns  = [for name in values(local.deploy_role_names) : "arn:${local.partition}:iam::${local.account}:role/${name}"]

  # Every subject names this repository: a token from any other repository never matches.
  oidc_subjects = {
    for role, r in local.deploy_roles : role => [for s in r.subjects : "repo:${var.github_repository}:${s}"]
  }

  # The names a role may manage: every resource of environment <env> is named <project>-<env>,
  # <project>-<env>-... or <project>-<env>/... (secrets); a pattern such as pr-* covers all three.
  names = {
    for role, r in local.deploy_roles : role => flatten([
      for e in r.environments : endswith(e, "*") ? ["${local.p}-${e}"] : ["${local.p}-${e}", "${local.p}-${e}-*", "${local.p}-${e}/*"]
    ])
  }

  # Account and region prefixes of ARNs the stack's resources live under.
  arn = {
    logs       = "arn:${local.partition}:logs:${local.region}:${local.account}:log-group"
    rds        = "arn:${local.partition}:rds:${local.region}:${local.account}"
    ec2        = "arn:${local.partition}:ec2:${local.region}:${local.account}"
    cloudfront = "arn:${local.partition}:cloudfront::${local.account}"
    apigateway = "arn:${local.partition}:apigateway:${local.region}::"
    rds_secret = "arn:${local.partition}:secretsmanager:${local.region}:${local.account}:secret:rds!*"
  }

  # The one builder every role's policies and boundary read: ARN patterns of that role's names.
  scope = {
    for role, names in local.names : role => {
      lambda = flatten([for n in names : [
        "arn:${local.partition}:lambda:${local.region}:${local.account}:function:${n}",
        "arn:${local.partition}:lambda:${local.region}:${local.account}:function:${n}:*",
      ]])
      role          = [for n in names : "arn:${local.partition}:iam::${local.account}:role/${n}"]
      bucket        = [for n in names : "arn:${local.partition}:s3:::${n}"]
      object        = [for n in names : "arn:${local.partition}:s3:::${n}/*"]
      secret        = [for n in names : "arn:${local.partition}:secretsmanager:${local.region}:${local.account}:secret:${n}"]
      ssm           = [for n in names : "arn:${local.partition}:ssm:${local.region}:${local.account}:parameter/${n}"]
      queue         = [for n in names : "arn:${local.partition}:sqs:${local.region}:${local.account}:${n}"]
      alarm         = [for n in names : "arn:${local.partition}:cloudwatch:${local.region}:${local.account}:alarm:${n}"]
      edge_function = [for n in names : "${local.arn.cloudfront}:function/${n}"]
      log_groups = flatten([for n in names : [
        "${local.arn.logs}:/aws/lambda/${n}",
        "${local.arn.logs}:/aws/apigateway/${n}",
        "${local.arn.logs}:/aws/rds/cluster/${n}",
      ]])
      rds = flatten([for n in names : [
        "${local.arn.rds}:cluster:${n}", "${local.arn.rds}:db:${n}", "${local.arn.rds}:subgrp:${n}",
        "${local.arn.rds}:cluster-snapshot:${n}",
      ]])
      state = [for e in local.deploy_roles[role].environments : "${aws_s3_bucket.state.arn}/env/${e}/*"]
    }
  }
}

output "state_bucket_name" {
  description = "Terraform state bucket; set it as the repository variable TF_STATE_BUCKET."
  value       = try(aws_s3_bucket.state.bucket, null)
}

output "state_bucket_arn" {
  description = "ARN of the Terraform state bucket."
  value       = try(aws_s3_bucket.state.arn, null)
}

output "deploy_roles" {
  description = "Per trust level (preview, staging, production): the role's ARN, the OIDC `sub` patterns it trusts (all within github_repository) and the environment names it manages."
  value = {
    for role, r in local.deploy_roles : role => {
      arn          = aws_iam_role.deploy[role].arn
      subjects     = local.oidc_subjects[role]
      environments = r.environments
    }
  }
}

output "oidc_provider_arn" {
  description = "ARN of the GitHub OIDC provider the deploy roles trust."
  value       = try(local.oidc_provider_arn, null)
}

output "permissions_boundary_arns" {
  description = "Per trust level, the boundary policy every role of the stack's environments at that level must carry."
  value       = { for role, p in aws_iam_policy.function_boundary : role => p.arn }
}

output "github_repository_variables" {
  description = "Repository variables (Settings > Secrets and variables > Actions > Variables) the workflows read."
  value = {
    AWS_PREVIEW_ROLE_ARN    = aws_iam_role.deploy["preview"].arn
    AWS_STAGING_ROLE_ARN    = aws_iam_role.deploy["staging"].arn
    AWS_PRODUCTION_ROLE_ARN = aws_iam_role.deploy["production"].arn
    AWS_REGION              = var.region
    TF_STATE_BUCKET         = try(aws_s3_bucket.state.bucket, null)
  }
}

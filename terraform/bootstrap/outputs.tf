output "state_bucket_name" {
  description = "Terraform state bucket; set it as the repository variable TF_STATE_BUCKET."
  value       = try(aws_s3_bucket.state.bucket, null)
}

output "state_bucket_arn" {
  description = "ARN of the Terraform state bucket."
  value       = try(aws_s3_bucket.state.arn, null)
}

output "deploy_role_arn" {
  description = "Role GitHub Actions assumes; set it as the repository variable AWS_DEPLOY_ROLE_ARN."
  value       = try(aws_iam_role.deploy.arn, null)
}

output "deploy_role_subjects" {
  description = "OIDC `sub` patterns the deploy role trusts (all within github_repository)."
  value       = local.oidc_subjects
}

output "oidc_provider_arn" {
  description = "ARN of the GitHub OIDC provider the deploy role trusts."
  value       = try(local.oidc_provider_arn, null)
}

output "permissions_boundary_arn" {
  description = "Boundary policy every role of the stack must carry (pass it to the stack's roles)."
  value       = try(aws_iam_policy.function_boundary.arn, null)
}

output "github_repository_variables" {
  description = "Repository variables (Settings > Secrets and variables > Actions > Variables) the workflows read."
  value = {
    AWS_DEPLOY_ROLE_ARN = try(aws_iam_role.deploy.arn, null)
    AWS_REGION          = var.region
    TF_STATE_BUCKET     = try(aws_s3_bucket.state.bucket, null)
  }
}

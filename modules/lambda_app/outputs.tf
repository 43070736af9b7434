output "function_name" {
  description = "Name of the function."
  value       = try(aws_lambda_function.this.function_name, null)
}

output "function_arn" {
  description = "Unqualified ARN of the function."
  value       = try(aws_lambda_function.this.arn, null)
}

output "version" {
  description = "Latest published version, once the function can reach what its egress rules name (so it can be invoked right away)."
  value       = try(aws_lambda_function.this.version, null)
  depends_on  = [aws_vpc_security_group_egress_rule.this]
}

output "alias_function_version" {
  description = "Version the alias points at."
  value       = try(aws_lambda_alias.this.function_version, null)
}

output "qualified_arn" {
  description = "ARN of the latest published version."
  value       = try(aws_lambda_function.this.qualified_arn, null)
}

output "alias_name" {
  description = "Name of the alias callers invoke."
  value       = try(aws_lambda_alias.this.name, null)
}

output "alias_arn" {
  description = "ARN of the alias."
  value       = try(aws_lambda_alias.this.arn, null)
}

output "alias_invoke_arn" {
  description = "Invoke ARN of the alias, for API Gateway integrations."
  value       = try(aws_lambda_alias.this.invoke_arn, null)
}

output "source_code_hash" {
  description = "Base64 SHA-256 of the deployment package (known at plan time; changes exactly when the code changes)."
  value       = local.source_code_hash
}

output "role_name" {
  description = "Name of the execution role."
  value       = try(aws_iam_role.this.name, null)
}

output "role_arn" {
  description = "ARN of the execution role."
  value       = try(aws_iam_role.this.arn, null)
}

output "policy_json" {
  description = "The inline least-privilege policy of the execution role."
  value       = jsonencode(local.policy)
}

output "log_group_name" {
  description = "Log group of the function."
  value       = try(aws_cloudwatch_log_group.this.name, null)
}

output "security_group_id" {
  description = "Security group of the function's network interfaces (null outside a VPC)."
  value       = try(aws_security_group.this[0].id, null)
}

output "role_permissions_boundary" {
  description = "Permissions boundary of the execution role, or null."
  value       = try(aws_iam_role.this.permissions_boundary, null)
}

output "timeout" {
  description = "Timeout of the function in seconds."
  value       = var.timeout
}

output "release_alarm_names" {
  description = "Alarms on the newest version (errors, p99-duration) that tools/release watches, keyed by kind."
  value       = { for kind, alarm in aws_cloudwatch_metric_alarm.release : kind => alarm.alarm_name }
}

output "release_alarm_dimensions" {
  description = "Dimensions of the release alarms' metrics (the newest version behind the alias), or null without alarms."
  value       = try(aws_cloudwatch_metric_alarm.release["errors"].dimensions, null)
}

output "environment" {
  description = "Plain environment variables of the function (secret_environment values are not included)."
  value       = var.environment
}

output "layer_arns" {
  description = "Layer version ARNs attached to the function."
  value       = aws_lambda_function.this.layers
}

output "handler" {
  description = "Handler of the function inside the package."
  value       = aws_lambda_function.this.handler
}

output "user_pool_id" {
  description = "ID of the user pool."
  value       = try(aws_cognito_user_pool.this.id, null)
}

output "user_pool_arn" {
  description = "ARN of the user pool (for IAM policies)."
  value       = try(aws_cognito_user_pool.this.arn, null)
}

output "issuer" {
  description = "Issuer of the pool's tokens (https://cognito-idp.<region>.amazonaws.com/<pool id>), for a JWT authorizer."
  value       = try("https://${aws_cognito_user_pool.this.endpoint}", null)
}

output "client_id" {
  description = "ID of the public app client: the audience of its ID tokens and the client_id claim of its access tokens."
  value       = try(aws_cognito_user_pool_client.this.id, null)
}

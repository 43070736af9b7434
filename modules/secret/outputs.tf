output "arn" {
  description = "ARN of the secret. Known only once its first value is written, so readers never start before it."
  value       = aws_secretsmanager_secret_version.this.arn
}

output "name" {
  description = "Name of the secret."
  value       = aws_secretsmanager_secret.this.name
}

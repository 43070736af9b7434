output "cluster_id" {
  description = "Cluster identifier."
  value       = try(aws_rds_cluster.this.id, null)
}

output "cluster_arn" {
  description = "Cluster ARN."
  value       = try(aws_rds_cluster.this.arn, null)
}

output "endpoint" {
  description = "Writer endpoint host name."
  value       = try(aws_rds_cluster.this.endpoint, null)
}

output "reader_endpoint" {
  description = "Reader endpoint host name."
  value       = try(aws_rds_cluster.this.reader_endpoint, null)
}

output "port" {
  description = "PostgreSQL port."
  value       = var.port
}

output "database_name" {
  description = "Name of the application database."
  value       = var.database_name
}

output "master_username" {
  description = "Master user name (the password is only in Secrets Manager)."
  value       = var.master_username
}

output "master_user_secret_arn" {
  description = "Secrets Manager secret, managed by RDS, holding the master username and password."
  value       = try(aws_rds_cluster.this.master_user_secret[0].secret_arn, null)
}

output "master_user_secret_kms_key_id" {
  description = "KMS key that encrypts the master user secret."
  value       = try(aws_rds_cluster.this.master_user_secret[0].kms_key_id, null)
}

output "database_url" {
  description = "postgres:// URL without a password; the application merges the credentials from master_user_secret_arn."
  value       = try("postgres://${var.master_username}@${aws_rds_cluster.this.endpoint}:${var.port}/${var.database_name}?sslmode=require", null)
}

output "security_group_id" {
  description = "Security group of the cluster."
  value       = try(aws_security_group.this.id, null)
}

output "allowed_security_group_ids" {
  description = "Security groups admitted on the PostgreSQL port, keyed like allowed_security_group_ids."
  value       = { for key, rule in aws_vpc_security_group_ingress_rule.this : key => rule.referenced_security_group_id }
}

output "instance_ids" {
  description = "Identifiers of the cluster instances."
  value       = aws_rds_cluster_instance.this[*].id
}

output "arn" {
  description = "ARN of the web ACL, for the distribution's web_acl_id."
  value       = aws_wafv2_web_acl.this.arn
}

output "name" {
  description = "Name of the web ACL."
  value       = aws_wafv2_web_acl.this.name
}

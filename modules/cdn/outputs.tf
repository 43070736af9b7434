output "distribution_id" {
  description = "ID of the distribution."
  value       = try(aws_cloudfront_distribution.this.id, null)
}

output "distribution_arn" {
  description = "ARN of the distribution (the SourceArn the bucket policies admit)."
  value       = try(aws_cloudfront_distribution.this.arn, null)
}

output "domain_name" {
  description = "The distribution's *.cloudfront.net domain name."
  value       = try(aws_cloudfront_distribution.this.domain_name, null)
}

output "hosted_zone_id" {
  description = "Route 53 zone ID for alias records pointing at the distribution."
  value       = try(aws_cloudfront_distribution.this.hosted_zone_id, null)
}

output "public_domain_name" {
  description = "The domain users reach: the first alias, else the cloudfront.net name."
  value       = try(length(var.aliases) > 0 ? var.aliases[0] : aws_cloudfront_distribution.this.domain_name, null)
}

output "url" {
  description = "https:// URL of the shop."
  value       = try("https://${length(var.aliases) > 0 ? var.aliases[0] : aws_cloudfront_distribution.this.domain_name}", null)
}

output "host_names" {
  description = "Every host name that serves the shop (the cloudfront.net name and the aliases)."
  value       = try(concat([aws_cloudfront_distribution.this.domain_name], var.aliases), null)
}

output "function_arn" {
  description = "ARN of the CloudFront Function that sets X-Forwarded-Host."
  value       = try(aws_cloudfront_function.forwarded_host.arn, null)
}

output "origin_access_control_id" {
  description = "ID of the origin access control used by both bucket origins."
  value       = try(aws_cloudfront_origin_access_control.this.id, null)
}

output "response_headers_policy_id" {
  description = "ID of the response headers policy on every behaviour."
  value       = local.response_headers_policy_id
}

output "path_patterns" {
  description = "Ordered behaviours as path pattern => origin id; everything else goes to the api origin."
  # CloudFront takes the first behaviour whose pattern matches; a repeated pattern fails the distribution's precondition.
  value = { for pattern, origins in { for b in local.ordered_behaviours : b.path_pattern => b.origin... } : pattern => origins[0] }
}

output "catalogue_cache_policy_id" {
  description = "ID of the catalogue cache policy (null when cached_api_path_patterns is empty)."
  value       = try(aws_cloudfront_cache_policy.catalogue[0].id, null)
}

output "origin_secret_arn" {
  description = "Secrets Manager secret holding the origin header's value (AWSCURRENT, and AWSPREVIOUS during a rotation)."
  value       = module.origin_secret.arn
}

output "origin_header_name" {
  description = "Name of the header CloudFront adds to requests to the API origin."
  value       = var.origin_header_name
}

output "web_acl_arn" {
  description = "WAFv2 web ACL attached to the distribution, or null."
  value       = try(aws_cloudfront_distribution.this.web_acl_id, null)
}

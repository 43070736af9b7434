output "bucket_names" {
  description = "Bucket names keyed by role (storefront, assets)."
  value       = { for k, b in aws_s3_bucket.this : k => b.bucket }
}

output "bucket_arns" {
  description = "Bucket ARNs keyed by role."
  value       = { for k, b in aws_s3_bucket.this : k => b.arn }
}

output "storefront_bucket_name" {
  description = "Bucket of the static storefront."
  value       = try(aws_s3_bucket.this["storefront"].bucket, null)
}

output "storefront_bucket_regional_domain_name" {
  description = "Regional domain name of the storefront bucket (CloudFront origin)."
  value       = try(aws_s3_bucket.this["storefront"].bucket_regional_domain_name, null)
}

output "assets_bucket_name" {
  description = "Bucket of static files and media."
  value       = try(aws_s3_bucket.this["assets"].bucket, null)
}

output "assets_bucket_arn" {
  description = "ARN of the assets bucket."
  value       = try(aws_s3_bucket.this["assets"].arn, null)
}

output "assets_bucket_regional_domain_name" {
  description = "Regional domain name of the assets bucket (CloudFront origin)."
  value       = try(aws_s3_bucket.this["assets"].bucket_regional_domain_name, null)
}

output "static_prefix" {
  description = "Key prefix of the static files."
  value       = var.static_prefix
}

output "media_prefix" {
  description = "Key prefix of the media files."
  value       = var.media_prefix
}

output "media_object_arn" {
  description = "ARN pattern of every media object, for the function's read/write permission."
  value       = try("${aws_s3_bucket.this["assets"].arn}/${var.media_prefix}*", null)
}

output "uploaded_objects" {
  description = "Uploaded keys with their bucket role, content type and cache control."
  value = {
    for k, o in aws_s3_object.this : k => {
      bucket        = local.uploads[k].bucket
      content_type  = o.content_type
      cache_control = o.cache_control
    }
  }
}

output "release_manifest_key" {
  description = "Key in the assets bucket of this build's release manifest (its hashed files by bucket role), null when nothing is uploaded."
  value       = try(aws_s3_object.release_manifest[0].key, null)
}

output "env" {
  description = "Environment name."
  value       = var.env
}

output "name_prefix" {
  description = "Prefix of every resource name (<project>-<env>)."
  value       = local.name
}

output "region" {
  description = "Region of the stack."
  value       = var.region
}

output "shop_url" {
  description = "Public URL of the shop."
  value       = module.cdn.url
}

output "cloudfront_distribution_id" {
  description = "ID of the CloudFront distribution (the local edge reads origins and behaviours from it)."
  value       = module.cdn.distribution_id
}

output "cloudfront_domain_name" {
  description = "The distribution's cloudfront.net domain name."
  value       = module.cdn.domain_name
}

output "api_endpoint" {
  description = "Default endpoint of the HTTP API (CloudFront's default origin)."
  value       = module.api.api_endpoint
}

output "api_id" {
  description = "ID of the HTTP API."
  value       = module.api.api_id
}

output "web_function_name" {
  description = "Name of the web function: the whole of Django (admin included); it runs the manage entry point."
  value       = module.function["web"].function_name
}

output "web_function_alias" {
  description = "Alias of the web function that the API invokes."
  value       = module.function["web"].alias_name
}

output "api_function_name" {
  description = "Name of the api function (DJANGO_SHOP_ROLE=api: the JSON API only, no admin)."
  value       = module.function["api"].function_name
}

output "api_function_alias" {
  description = "Alias of the api function that the API invokes."
  value       = module.function["api"].alias_name
}

output "manage_function_name" {
  description = "Name of the manage function: the web package with manage_timeout, for migrate and other commands."
  value       = module.function["manage"].function_name
}

output "function_names" {
  description = "Function names keyed by role (web, api, manage, worker)."
  value       = { for role, fn in module.function : role => fn.function_name }
}

output "routes" {
  description = "Function name behind each HTTP API route key (e.g. \"ANY /api/{proxy+}\", \"$default\")."
  value       = module.api.routes
}

output "storefront_bucket_name" {
  description = "Bucket of the static storefront."
  value       = module.storage.storefront_bucket_name
}

output "assets_bucket_name" {
  description = "Bucket of static files (static/) and media (media/)."
  value       = module.storage.assets_bucket_name
}

output "bucket_names" {
  description = "Bucket names keyed by role."
  value       = module.storage.bucket_names
}

output "database_endpoint" {
  description = "Writer endpoint of the database cluster (null without create_database)."
  value       = try(module.database[0].endpoint, null)
}

output "database_secret_arn" {
  description = "Secrets Manager secret with the database credentials (null without create_database)."
  value       = local.database_secret_arn
}

output "django_secret_arn" {
  description = "Secrets Manager secret holding Django's SECRET_KEY."
  value       = module.django_secret_key.arn
}

output "migration_result" {
  description = "Output of the last migrate run (null when run_migrations is false)."
  value       = try(jsondecode(aws_lambda_invocation.migrate[0].result), null)
}

output "web_environment" {
  description = "Plain environment of the web function (secret_environment values are not included)."
  value       = local.web_environment
}

output "api_environment" {
  description = "Plain environment of the api function: the web function's plus DJANGO_SHOP_ROLE=api."
  value       = local.api_environment
}

output "release_alarm_names" {
  description = "Alarms on the newest version of each function that tools/release watches, keyed by role and kind."
  value       = { for role, fn in module.function : role => fn.release_alarm_names if length(fn.release_alarm_names) > 0 }
}

output "user_pool_id" {
  description = "ID of the customer accounts' Cognito user pool."
  value       = module.user_pool.user_pool_id
}

output "user_pool_client_id" {
  description = "ID of the storefront's public app client (the JWT authorizer's audience)."
  value       = module.user_pool.client_id
}

output "worker_function_name" {
  description = "Name of the order pipeline's worker function (the order queue's consumer)."
  value       = module.function["worker"].function_name
}

output "order_queue_url" {
  description = "URL of the order queue (SHOP_ORDER_QUEUE_URL)."
  value       = module.order_queue.queue_url
}

output "order_dead_letter_queue_url" {
  description = "URL of the order queue's dead-letter queue (make dlq-redrive moves its messages back)."
  value       = module.order_queue.dead_letter_queue_url
}

output "order_dead_letter_alarm_name" {
  description = "Alarm that fires while the order dead-letter queue is not empty."
  value       = module.order_queue.dead_letter_alarm_name
}

output "staff_topic_arn" {
  description = "SNS topic of the shop's staff (SHOP_STAFF_TOPIC_ARN)."
  value       = aws_sns_topic.staff.arn
}

output "email_identity" {
  description = "SES identity the shop sends from."
  value       = local.email_identity
}

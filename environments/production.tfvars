# Always-on database (no resume delay), failover reader, longer backups and logs, protected from deletion.
database_min_capacity          = 0.5
database_max_capacity          = 16
database_instance_count        = 2
database_backup_retention_days = 14
database_deletion_protection   = true

lambda_reserved_concurrency = 200
log_retention_days          = 90
price_class                 = "PriceClass_200"

api_throttling_burst_limit = 500
api_throttling_rate_limit  = 250

# Made by terraform/bootstrap; this level's deploy role creates only function roles that carry it.
function_permissions_boundary = "lambda-shop-production-function-boundary"

# Order pipeline: the domain's identity; more workers for a promotion's spike.
email_identity             = "lambda-shop.example"
worker_maximum_concurrency = 10

# Deployed from main; production's shape at a smaller size, still pausing when idle.
database_min_capacity             = 0
database_max_capacity             = 4
database_seconds_until_auto_pause = 1800
database_backup_retention_days    = 7
database_deletion_protection      = true

log_retention_days = 30

# Made by terraform/bootstrap; this level's deploy role creates only function roles that carry it.
function_permissions_boundary = "lambda-shop-staging-function-boundary"

email_identity = "lambda-shop.example"

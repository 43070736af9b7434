# Every pull request (pr-<n>) and every branch without its own file. Previews are cheap, disposable and
# destroyed when the PR closes, so nothing may block their deletion.
database_min_capacity             = 0
database_max_capacity             = 2
database_seconds_until_auto_pause = 300
database_backup_retention_days    = 1
database_deletion_protection      = false
user_pool_deletion_protection     = false
database_skip_final_snapshot      = true
interface_endpoint_az_count       = 1

force_destroy_buckets       = true
secret_recovery_window_days = 0
log_retention_days          = 7

api_throttling_burst_limit = 50
api_throttling_rate_limit  = 20

# Made by terraform/bootstrap; this level's deploy role creates only function roles that carry it.
function_permissions_boundary = "lambda-shop-preview-function-boundary"

# An SES identity exists once per account: previews send from the one the account's long-lived environment (or its
# administrator) created.
create_email_identity = false

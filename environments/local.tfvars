# The local cloud (make up): an AWS emulator runs no database server and executes no Lambda code, so the
# environment brings its own database and runs migrations through the local edge's handler instead.
# database_url is machine-specific and passed on the command line, e.g.
#   -var 'database_url=sqlite:////abs/path/.local/envs/local/db.sqlite3'
create_database = false
run_migrations  = false

force_destroy_buckets       = true
secret_recovery_window_days = 0
log_retention_days          = 1
cdn_wait_for_deployment     = false
# The emulator holds no AWS-published layers: the functions read their secrets from it with boto3.
secrets_extension_layer_arn = null

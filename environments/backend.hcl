# Settings shared by every environment's S3 backend. make adds the rest at init time:
#   bucket = $(TF_STATE_BUCKET)   (the state bucket created by terraform/bootstrap)
#   region = $(TF_STATE_REGION)
#   key    = env/<ENV>/terraform.tfstate   (one state, and one lock file next to it, per environment)
use_lockfile = true
encrypt      = true

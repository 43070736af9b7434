terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 6.0"
    }
  }

  # Partial configuration: `make tf-init` (run by make plan, apply, destroy and outputs) supplies bucket, region,
  # use_lockfile and the key env/<ENV>/terraform.tfstate, so every environment has its own state and its own lock.
  # Init also installs the root's module calls (network, database, storage, cdn, function, api): adding or renaming
  # one needs an init before the next plan.
  backend "s3" {}
}

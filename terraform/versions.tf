terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 6.0"
    }
  }

  # Partial configuration: `make init` supplies bucket, region, use_lockfile and the key env/<ENV>/terraform.tfstate,
  # so every environment has its own state and its own lock.
  backend "s3" {}
}

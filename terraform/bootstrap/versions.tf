terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 6.0"
    }
  }

  # Local state on purpose: the state bucket does not exist before the first apply. Afterwards an admin may
  # move this state into the bucket under bootstrap/ (see README); the environments live under env/.
}

# Emulator only. Merged by Terraform into the provider and backend configuration of the root and of
# terraform/bootstrap (which keeps its state local, as this backend does).

terraform {
  # The environment's state stays next to this mirror (.local/envs/<env>/tf-workspace/terraform).
  backend "local" {}
}

provider "aws" {
  # The deploy role's session (see localcloud.tf); never the caller's real credentials.
  access_key                  = var.localcloud_access_key
  secret_key                  = var.localcloud_secret_key
  token                       = var.localcloud_session_token
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  # The account ID comes from the emulator's STS, or ARNs lose their account.
  skip_requesting_account_id = false
  s3_use_path_style          = true

  endpoints {
    acm            = var.localcloud_endpoint
    apigateway     = var.localcloud_endpoint
    apigatewayv2   = var.localcloud_endpoint
    cloudfront     = var.localcloud_endpoint
    cloudwatch     = var.localcloud_endpoint
    cognitoidp     = var.localcloud_endpoint
    dynamodb       = var.localcloud_endpoint
    ec2            = var.localcloud_endpoint
    events         = var.localcloud_endpoint
    iam            = var.localcloud_endpoint
    kms            = var.localcloud_endpoint
    lambda         = var.localcloud_endpoint
    logs           = var.localcloud_endpoint
    rds            = var.localcloud_endpoint
    route53        = var.localcloud_endpoint
    s3             = var.localcloud_endpoint
    secretsmanager = var.localcloud_endpoint
    ses            = var.localcloud_endpoint
    sesv2          = var.localcloud_endpoint
    sns            = var.localcloud_endpoint
    sqs            = var.localcloud_endpoint
    ssm            = var.localcloud_endpoint
    sts            = var.localcloud_endpoint
    wafv2          = var.localcloud_endpoint
  }
}

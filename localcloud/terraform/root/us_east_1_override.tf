# Emulator only; the environment root's alone (terraform/bootstrap has no us-east-1 provider).

provider "aws" {
  # The us-east-1 provider of CloudFront's WAF web ACLs goes to the same emulator.
  alias = "us_east_1"

  # The deploy role's session, as for the default provider (see localcloud.tf).
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
    sns            = var.localcloud_endpoint
    sqs            = var.localcloud_endpoint
    ssm            = var.localcloud_endpoint
    sts            = var.localcloud_endpoint
    wafv2          = var.localcloud_endpoint
  }
}

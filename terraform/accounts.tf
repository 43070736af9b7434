# Customer accounts: a Cognito user pool, checked by API Gateway on the account routes before any function runs.
# Staff keep Django's own login for the admin.
module "user_pool" {
  source = "../modules/user_pool"

  name                          = local.name
  access_token_validity_minutes = var.access_token_validity_minutes
  refresh_token_validity_days   = var.refresh_token_validity_days
  deletion_protection           = var.user_pool_deletion_protection
  tags                          = var.tags
}

locals {
  # Public identifiers (no client secret exists): the api function calls Cognito's unauthenticated user APIs
  # with them, and reads the claims API Gateway has already verified.
  accounts_environment = {
    SHOP_COGNITO_USER_POOL_ID = module.user_pool.user_pool_id
    SHOP_COGNITO_CLIENT_ID    = module.user_pool.client_id
    # The refresh cookie lasts as long as the refresh token in it.
    SHOP_REFRESH_TOKEN_DAYS = tostring(var.refresh_token_validity_days)
  }

  account_routes = {
    for route_key in var.account_routes : route_key => {
      function_name       = module.function["api"].function_name
      function_alias_name = module.function["api"].alias_name
      function_alias_arn  = module.function["api"].alias_arn
      authorization       = "JWT"
    }
  }

  # The throttled auth endpoints get routes of their own (open, as under ANY /api/{proxy+}): API Gateway throttles
  # by route.
  auth_routes = {
    for route_key in keys(var.auth_throttling) : route_key => {
      function_name       = module.function["api"].function_name
      function_alias_name = module.function["api"].alias_name
      function_alias_arn  = module.function["api"].alias_arn
    }
  }
}

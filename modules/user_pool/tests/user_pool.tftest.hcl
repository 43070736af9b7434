mock_provider "aws" {
  mock_resource "aws_cognito_user_pool" {
    defaults = {
      id       = "eu-west-1_AbCdEf123"
      arn      = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123"
      endpoint = "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123"
    }
  }
  mock_resource "aws_cognito_user_pool_client" {
    defaults = { id = "4tq2exampleclientid0000000" }
  }
}

variables {
  name = "lambda-shop-test"
}

run "email_accounts_with_a_public_client" {
  command = apply

  assert {
    condition     = aws_cognito_user_pool.this.username_attributes == toset(["email"]) && aws_cognito_user_pool.this.auto_verified_attributes == toset(["email"])
    error_message = "Shoppers sign in with their email address, verified by a code."
  }

  assert {
    condition     = aws_cognito_user_pool.this.deletion_protection == "ACTIVE"
    error_message = "The pool is protected from deletion unless asked otherwise."
  }

  assert {
    condition     = aws_cognito_user_pool.this.password_policy[0].minimum_length == 10 && aws_cognito_user_pool.this.password_policy[0].require_numbers
    error_message = "The password policy comes from the inputs."
  }

  assert {
    condition     = aws_cognito_user_pool_client.this.generate_secret == false && aws_cognito_user_pool_client.this.prevent_user_existence_errors == "ENABLED"
    error_message = "The client is public and never reveals whether an address is registered."
  }

  assert {
    condition     = toset(aws_cognito_user_pool_client.this.explicit_auth_flows) == toset(["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    error_message = "Only password, SRP and refresh-token sign-in."
  }

  assert {
    condition = (
      aws_cognito_user_pool_client.this.access_token_validity == 15 &&
      aws_cognito_user_pool_client.this.refresh_token_validity == 30 &&
      aws_cognito_user_pool_client.this.token_validity_units[0].access_token == "minutes" &&
      aws_cognito_user_pool_client.this.token_validity_units[0].refresh_token == "days"
    )
    error_message = "Token lifetimes come from the inputs, in minutes and days."
  }

  assert {
    condition     = output.issuer == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123" && output.client_id == "4tq2exampleclientid0000000"
    error_message = "The issuer and audience a JWT authorizer needs."
  }
}

run "deletion_protection_can_be_off_for_previews" {
  command = plan

  variables {
    deletion_protection = false
  }

  assert {
    condition     = aws_cognito_user_pool.this.deletion_protection == "INACTIVE"
    error_message = "deletion_protection = false must turn it off."
  }
}

run "rejects_a_short_password_policy" {
  command = plan

  variables {
    password_minimum_length = 6
  }

  expect_failures = [var.password_minimum_length]
}

run "rejects_an_access_token_lifetime_cognito_refuses" {
  command = plan

  variables {
    access_token_validity_minutes = 2
  }

  expect_failures = [var.access_token_validity_minutes]
}

run "rejects_a_refresh_lifetime_beyond_ten_years" {
  command = plan

  variables {
    refresh_token_validity_days = 4000
  }

  expect_failures = [var.refresh_token_validity_days]
}

run "rejects_a_verification_message_without_the_code" {
  command = plan

  variables {
    verification_email_message = "Welcome!"
  }

  expect_failures = [var.verification_email_message]
}

run "rejects_a_bad_name" {
  command = plan

  variables {
    name = "Lambda Shop"
  }

  expect_failures = [var.name]
}

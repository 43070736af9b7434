mock_provider "aws" {
  mock_resource "aws_apigatewayv2_api" {
    defaults = {
      api_endpoint  = "https://abc123.execute-api.eu-west-1.amazonaws.com"
      execution_arn = "arn:aws:execute-api:eu-west-1:123456789012:abc123"
    }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/lambda-shop-test" }
  }
}

variables {
  name                = "lambda-shop-test"
  function_name       = "lambda-shop-test-web"
  function_alias_name = "live"
  function_alias_arn  = "arn:aws:lambda:eu-west-1:123456789012:function:lambda-shop-test-web:live"
}

run "default_route_invokes_the_alias_with_a_scoped_permission" {
  command = apply

  assert {
    condition     = aws_apigatewayv2_route.this.route_key == "$default" && aws_apigatewayv2_stage.this.name == "$default" && aws_apigatewayv2_stage.this.auto_deploy
    error_message = "The $default route and auto-deployed $default stage must serve every path."
  }

  assert {
    condition     = aws_apigatewayv2_integration.this.integration_uri == var.function_alias_arn && aws_apigatewayv2_integration.this.payload_format_version == "2.0"
    error_message = "The integration must call the live alias with payload format 2.0."
  }

  assert {
    condition     = aws_lambda_permission.this.source_arn == "arn:aws:execute-api:eu-west-1:123456789012:abc123/*/$default"
    error_message = "The invoke permission must be scoped to this API's $default route."
  }

  assert {
    condition     = aws_lambda_permission.this.qualifier == "live" && aws_lambda_permission.this.principal == "apigateway.amazonaws.com" && aws_lambda_permission.this.action == "lambda:InvokeFunction"
    error_message = "API Gateway may only invoke the live alias."
  }

  assert {
    condition     = aws_apigatewayv2_stage.this.default_route_settings[0].throttling_burst_limit == 200 && aws_apigatewayv2_stage.this.default_route_settings[0].throttling_rate_limit == 100
    error_message = "The stage must be throttled."
  }

  assert {
    condition     = aws_apigatewayv2_stage.this.access_log_settings[0].destination_arn == aws_cloudwatch_log_group.this.arn && can(jsondecode(aws_apigatewayv2_stage.this.access_log_settings[0].format).requestId)
    error_message = "Access logs must go to the API's log group as JSON."
  }

  assert {
    condition     = output.api_domain_name == "abc123.execute-api.eu-west-1.amazonaws.com"
    error_message = "The CloudFront origin needs the bare host name."
  }
}

run "bad_limits_are_rejected" {
  command = plan

  variables {
    integration_timeout_ms = 60000
    throttling_rate_limit  = 0
    log_retention_days     = 42
  }

  expect_failures = [var.integration_timeout_ms, var.throttling_rate_limit, var.log_retention_days]
}

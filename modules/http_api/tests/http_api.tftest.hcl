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
  name = "lambda-shop-test"
  routes = {
    "$default" = {
      function_name       = "lambda-shop-test-web"
      function_alias_name = "live"
      function_alias_arn  = "arn:aws:lambda:eu-west-1:123456789012:function:lambda-shop-test-web:live"
    }
    "ANY /api/{proxy+}" = {
      function_name       = "lambda-shop-test-api"
      function_alias_name = "live"
      function_alias_arn  = "arn:aws:lambda:eu-west-1:123456789012:function:lambda-shop-test-api:live"
    }
    "GET /health" = {
      function_name      = "lambda-shop-test-api"
      function_alias_arn = "arn:aws:lambda:eu-west-1:123456789012:function:lambda-shop-test-api:live"
    }
  }
}

run "each_route_invokes_its_own_alias_with_a_scoped_permission" {
  command = apply

  assert {
    condition     = toset([for r in aws_apigatewayv2_route.this : r.route_key]) == toset(["$default", "ANY /api/{proxy+}", "GET /health"])
    error_message = "Every key of routes must become a route."
  }

  assert {
    condition = alltrue([
      for key, r in aws_apigatewayv2_route.this : r.target == "integrations/${aws_apigatewayv2_integration.this[key].id}"
    ])
    error_message = "Each route must target its own integration."
  }

  assert {
    condition = alltrue([
      for key, i in aws_apigatewayv2_integration.this :
      i.integration_uri == var.routes[key].function_alias_arn && i.payload_format_version == "2.0" && i.integration_type == "AWS_PROXY"
    ])
    error_message = "Each integration must call its route's alias with payload format 2.0."
  }

  assert {
    condition = (
      aws_lambda_permission.this["$default"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:abc123/*/$default" &&
      aws_lambda_permission.this["ANY /api/{proxy+}"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:abc123/*/*/api/*" &&
      aws_lambda_permission.this["GET /health"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:abc123/*/GET/health"
    )
    error_message = "Each invoke permission must be scoped to this API and its own route (method and path)."
  }

  assert {
    condition = alltrue([
      for p in aws_lambda_permission.this :
      can(regex("^arn:aws:execute-api:eu-west-1:123456789012:abc123/\\*/(\\$default|[A-Z*]+/[A-Za-z0-9._~-]+.*)$", p.source_arn))
    ])
    error_message = "Every permission must name its route: $default, or a method and a path with a literal first segment (never <api>/*/*)."
  }

  assert {
    condition = (
      aws_lambda_permission.this["$default"].function_name == "lambda-shop-test-web" &&
      aws_lambda_permission.this["ANY /api/{proxy+}"].function_name == "lambda-shop-test-api" &&
      alltrue([for p in aws_lambda_permission.this : p.qualifier == "live" && p.principal == "apigateway.amazonaws.com" && p.action == "lambda:InvokeFunction"])
    )
    error_message = "API Gateway may only invoke the live alias of each route's own function."
  }

  assert {
    condition = (
      aws_lambda_permission.this["$default"].statement_id == "AllowInvokeFromHttpApi" &&
      length(distinct([for p in aws_lambda_permission.this : p.statement_id])) == 3 &&
      alltrue([for p in aws_lambda_permission.this : can(regex("^[A-Za-z0-9_-]{1,100}$", p.statement_id))])
    )
    error_message = "Statement IDs must be valid and unique; $default keeps the ID of the single-route module."
  }

  assert {
    condition     = output.routes == { "$default" = "lambda-shop-test-web", "ANY /api/{proxy+}" = "lambda-shop-test-api", "GET /health" = "lambda-shop-test-api" }
    error_message = "The routes output must map each route key to its function."
  }

  assert {
    condition     = aws_apigatewayv2_stage.this.name == "$default" && aws_apigatewayv2_stage.this.auto_deploy
    error_message = "The auto-deployed $default stage must serve every route."
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

run "single_default_route" {
  command = apply

  variables {
    routes = {
      "$default" = {
        function_name      = "lambda-shop-test-web"
        function_alias_arn = "arn:aws:lambda:eu-west-1:123456789012:function:lambda-shop-test-web:live"
      }
    }
  }

  assert {
    condition     = keys(aws_apigatewayv2_route.this) == ["$default"] && output.lambda_permission_source_arns == { "$default" = "arn:aws:execute-api:eu-west-1:123456789012:abc123/*/$default" }
    error_message = "One $default route serves every path, with a permission scoped to it."
  }
}

run "a_route_key_without_a_method_is_rejected" {
  command = plan

  variables {
    routes = {
      "/admin" = {
        function_name      = "lambda-shop-test-web"
        function_alias_arn = "arn:aws:lambda:eu-west-1:123456789012:function:lambda-shop-test-web:live"
      }
    }
  }

  expect_failures = [var.routes]
}

run "a_greedy_variable_before_the_end_is_rejected" {
  command = plan

  variables {
    routes = {
      "ANY /{proxy+}/admin" = {
        function_name      = "lambda-shop-test-web"
        function_alias_arn = "arn:aws:lambda:eu-west-1:123456789012:function:lambda-shop-test-web:live"
      }
    }
  }

  expect_failures = [var.routes]
}

run "an_empty_route_map_is_rejected" {
  command = plan

  variables {
    routes = {}
  }

  expect_failures = [var.routes]
}

run "permissions_need_an_alias" {
  command = plan

  variables {
    routes = {
      "$default" = {
        function_name       = "lambda-shop-test-web"
        function_alias_name = ""
        function_alias_arn  = "arn:aws:lambda:eu-west-1:123456789012:function:lambda-shop-test-web"
      }
    }
  }

  expect_failures = [var.routes]
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

run "account_routes_need_a_token_from_the_jwt_authorizer" {
  command = apply

  variables {
    jwt_authorizer = {
      issuer   = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123"
      audience = ["4tq2exampleclientid0000000"]
    }
    routes = {
      "$default" = {
        function_name      = "lambda-shop-test-web"
        function_alias_arn = "arn:aws:lambda:eu-west-1:123456789012:function:lambda-shop-test-web:live"
      }
      "GET /api/me/orders" = {
        function_name      = "lambda-shop-test-api"
        function_alias_arn = "arn:aws:lambda:eu-west-1:123456789012:function:lambda-shop-test-api:live"
        authorization      = "JWT"
      }
    }
  }

  assert {
    condition = (
      aws_apigatewayv2_authorizer.this[0].authorizer_type == "JWT" &&
      aws_apigatewayv2_authorizer.this[0].jwt_configuration[0].issuer == var.jwt_authorizer.issuer &&
      toset(aws_apigatewayv2_authorizer.this[0].jwt_configuration[0].audience) == toset(var.jwt_authorizer.audience) &&
      aws_apigatewayv2_authorizer.this[0].identity_sources == toset(["$request.header.Authorization"])
    )
    error_message = "The JWT authorizer checks the issuer and audience given, reading the Authorization header."
  }

  assert {
    condition = (
      aws_apigatewayv2_route.this["GET /api/me/orders"].authorization_type == "JWT" &&
      aws_apigatewayv2_route.this["GET /api/me/orders"].authorizer_id == aws_apigatewayv2_authorizer.this[0].id &&
      aws_apigatewayv2_route.this["$default"].authorization_type == "NONE" &&
      aws_apigatewayv2_route.this["$default"].authorizer_id == null
    )
    error_message = "Only the routes with authorization = JWT use the authorizer; the others stay open."
  }

  assert {
    condition     = output.authorized_routes == tolist(["GET /api/me/orders"])
    error_message = "authorized_routes must list the JWT routes."
  }
}

run "no_authorizer_unless_asked" {
  command = plan

  assert {
    condition     = length(aws_apigatewayv2_authorizer.this) == 0 && alltrue([for r in aws_apigatewayv2_route.this : r.authorization_type == "NONE"])
    error_message = "Without jwt_authorizer there is no authorizer and every route is open."
  }
}

run "rejects_a_jwt_route_without_an_authorizer" {
  command = plan

  variables {
    routes = {
      "GET /api/me/orders" = {
        function_name      = "lambda-shop-test-api"
        function_alias_arn = "arn:aws:lambda:eu-west-1:123456789012:function:lambda-shop-test-api:live"
        authorization      = "JWT"
      }
    }
  }

  expect_failures = [var.routes]
}

run "rejects_an_unknown_authorization_type" {
  command = plan

  variables {
    jwt_authorizer = { issuer = "https://issuer.example/pool", audience = ["client"] }
    routes = {
      "GET /api/me/orders" = {
        function_name      = "lambda-shop-test-api"
        function_alias_arn = "arn:aws:lambda:eu-west-1:123456789012:function:lambda-shop-test-api:live"
        authorization      = "AWS_IAM"
      }
    }
  }

  expect_failures = [var.routes]
}

run "rejects_an_issuer_that_is_not_https" {
  command = plan

  variables {
    jwt_authorizer = { issuer = "http://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123", audience = ["client"] }
  }

  expect_failures = [var.jwt_authorizer]
}

run "rejects_an_empty_audience" {
  command = plan

  variables {
    jwt_authorizer = { issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123", audience = [] }
  }

  expect_failures = [var.jwt_authorizer]
}

run "a_route_can_have_its_own_throttling" {
  command = apply

  variables {
    routes = {
      "$default" = {
        function_name      = "lambda-shop-test-web"
        function_alias_arn = "arn:aws:lambda:eu-west-1:123456789012:function:lambda-shop-test-web:live"
      }
      "POST /api/auth/sign-in" = {
        function_name      = "lambda-shop-test-api"
        function_alias_arn = "arn:aws:lambda:eu-west-1:123456789012:function:lambda-shop-test-api:live"
      }
    }
    route_throttling = {
      "POST /api/auth/sign-in" = { burst_limit = 10, rate_limit = 5 }
    }
  }

  assert {
    condition = [
      for s in aws_apigatewayv2_stage.this.route_settings : [s.route_key, s.throttling_burst_limit, s.throttling_rate_limit]
    ] == [["POST /api/auth/sign-in", 10, 5]]
    error_message = "Each throttled route must become a route setting of the stage with its burst and rate limit."
  }

  assert {
    condition     = output.route_throttling == { "POST /api/auth/sign-in" = { burst_limit = 10, rate_limit = 5 } }
    error_message = "route_throttling must output each throttled route's limits."
  }

  assert {
    condition     = aws_apigatewayv2_stage.this.default_route_settings[0].throttling_burst_limit == 200 && aws_apigatewayv2_stage.this.default_route_settings[0].throttling_rate_limit == 100
    error_message = "The other routes keep the stage's default route limits."
  }
}

run "no_route_settings_unless_asked" {
  command = plan

  assert {
    condition     = length(aws_apigatewayv2_stage.this.route_settings) == 0
    error_message = "Without route_throttling every route has the stage's default limits."
  }
}

run "throttling_an_unknown_route_is_rejected" {
  command = plan

  variables {
    route_throttling = {
      "POST /api/auth/sign-in" = { burst_limit = 10, rate_limit = 5 }
    }
  }

  expect_failures = [var.route_throttling]
}

run "a_route_limit_of_zero_is_rejected" {
  command = plan

  variables {
    route_throttling = {
      "GET /health" = { burst_limit = 0, rate_limit = 5 }
    }
  }

  expect_failures = [var.route_throttling]
}

run "a_fractional_burst_and_a_rate_over_the_account_limit_are_rejected" {
  command = plan

  variables {
    route_throttling = {
      "GET /health" = { burst_limit = 2.5, rate_limit = 20000 }
    }
  }

  expect_failures = [var.route_throttling]
}

resource "aws_apigatewayv2_api" "this" {
  name          = var.name
  description   = "HTTP API of ${var.name}, reached through its CloudFront distribution"
  protocol_type = "HTTP"

  tags = var.tags
}

locals {
  # What API Gateway presents as the source ARN when a route invokes its integration:
  # <execution_arn>/<stage>/<method>/<path> for a route with a path, <execution_arn>/<stage>/$default for the
  # $default route. ANY becomes any method and every path variable any text ({proxy+} spans several segments).
  route_source_arns = {
    for key in keys(var.routes) : key => (
      key == "$default"
      ? "${aws_apigatewayv2_api.this.execution_arn}/*/$default"
      : format(
        "%s/*/%s%s",
        aws_apigatewayv2_api.this.execution_arn,
        split(" ", key)[0] == "ANY" ? "*" : split(" ", key)[0],
        replace(split(" ", key)[1], "/\\{[^}]+\\}/", "*"),
      )
    )
  }

  # Statement IDs are unique per function policy. $default keeps the ID of the single-route version of this
  # module, so that upgrading does not replace (and briefly drop) the permission of a live API.
  route_statement_ids = {
    for key in keys(var.routes) : key => (
      key == "$default"
      ? "AllowInvokeFromHttpApi"
      : "AllowInvokeFromHttpApi-${substr(trim(replace(key, "/[^A-Za-z0-9]+/", "-"), "-"), 0, 60)}-${substr(sha1(key), 0, 8)}"
    )
  }
}

# One integration per route, so that each route names its own function alias.
resource "aws_apigatewayv2_integration" "this" {
  for_each = var.routes

  api_id                 = aws_apigatewayv2_api.this.id
  description            = "${each.key} -> ${each.value.function_name}:${each.value.function_alias_name}"
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = each.value.function_alias_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = var.integration_timeout_ms
}

# Tokens are checked by API Gateway before any function runs: signature (the issuer's JWKS), iss, aud/client_id,
# exp and nbf.
resource "aws_apigatewayv2_authorizer" "this" {
  count = var.jwt_authorizer == null ? 0 : 1

  api_id           = aws_apigatewayv2_api.this.id
  name             = var.jwt_authorizer.name
  authorizer_type  = "JWT"
  identity_sources = [var.jwt_authorizer.identity_source]

  jwt_configuration {
    issuer   = var.jwt_authorizer.issuer
    audience = var.jwt_authorizer.audience
  }
}

resource "aws_apigatewayv2_route" "this" {
  #checkov:skip=CKV_AWS_309:A public shop: guests browse and check out; account routes set authorization = "JWT" and Django authenticates the admin itself.
  for_each = var.routes

  api_id             = aws_apigatewayv2_api.this.id
  route_key          = each.key
  target             = "integrations/${aws_apigatewayv2_integration.this[each.key].id}"
  authorization_type = each.value.authorization
  authorizer_id      = each.value.authorization == "JWT" ? aws_apigatewayv2_authorizer.this[0].id : null

  # A route that goes live before its function admits API Gateway answers 500 until the permission exists.
  depends_on = [aws_lambda_permission.this]
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs encrypts at rest by default; a customer managed key is optional through log_kms_key_arn.
  #checkov:skip=CKV_AWS_338:Retention is an input; short retention is deliberate for previews.
  name              = "/aws/apigateway/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn

  tags = var.tags
}

resource "aws_apigatewayv2_stage" "this" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit = var.throttling_burst_limit
    throttling_rate_limit  = var.throttling_rate_limit
  }

  # Both limits are always set: a route setting without them throttles that route to 0 (every request 429).
  dynamic "route_settings" {
    for_each = var.route_throttling

    content {
      route_key              = route_settings.key
      throttling_burst_limit = route_settings.value.burst_limit
      throttling_rate_limit  = route_settings.value.rate_limit
    }
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.this.arn
    format = jsonencode({
      requestId        = "$context.requestId"
      ip               = "$context.identity.sourceIp"
      requestTime      = "$context.requestTime"
      httpMethod       = "$context.httpMethod"
      path             = "$context.path"
      status           = "$context.status"
      protocol         = "$context.protocol"
      responseLength   = "$context.responseLength"
      latencyMs        = "$context.responseLatency"
      integrationMs    = "$context.integrationLatency"
      integrationError = "$context.integrationErrorMessage"
    })
  }

  tags = var.tags

  # API Gateway refuses route settings for a route key the API does not have yet.
  depends_on = [aws_apigatewayv2_route.this]
}

# Each route may invoke only its own function's alias (never the unqualified function, never through another
# route or another API).
resource "aws_lambda_permission" "this" {
  for_each = var.routes

  statement_id  = local.route_statement_ids[each.key]
  action        = "lambda:InvokeFunction"
  function_name = each.value.function_name
  qualifier     = each.value.function_alias_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = local.route_source_arns[each.key]
}

# Addresses of the single-route version of this module, which served everything through $default.
moved {
  from = aws_apigatewayv2_integration.this
  to   = aws_apigatewayv2_integration.this["$default"]
}

moved {
  from = aws_apigatewayv2_route.this
  to   = aws_apigatewayv2_route.this["$default"]
}

moved {
  from = aws_lambda_permission.this
  to   = aws_lambda_permission.this["$default"]
}

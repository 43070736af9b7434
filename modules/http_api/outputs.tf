output "api_id" {
  description = "ID of the HTTP API."
  value       = try(aws_apigatewayv2_api.this.id, null)
}

output "api_endpoint" {
  description = "Default endpoint URL (https://<id>.execute-api.<region>.amazonaws.com)."
  value       = try(aws_apigatewayv2_api.this.api_endpoint, null)
}

output "api_domain_name" {
  description = "Host name of the default endpoint, for use as a CloudFront origin."
  value       = try(trimprefix(aws_apigatewayv2_api.this.api_endpoint, "https://"), null)
}

output "execution_arn" {
  description = "Execution ARN prefix of the API."
  value       = try(aws_apigatewayv2_api.this.execution_arn, null)
}

output "stage_name" {
  description = "Name of the auto-deployed stage."
  value       = try(aws_apigatewayv2_stage.this.name, null)
}

output "stage_invoke_url" {
  description = "Invoke URL of the stage."
  value       = try(aws_apigatewayv2_stage.this.invoke_url, null)
}

output "access_log_group_name" {
  description = "Log group of the access logs."
  value       = try(aws_cloudwatch_log_group.this.name, null)
}

output "routes" {
  description = "Function name behind each route key."
  value       = { for key, route in var.routes : key => route.function_name }
}

output "route_ids" {
  description = "Route IDs keyed by route key."
  value       = { for key, route in aws_apigatewayv2_route.this : key => route.id }
}

output "lambda_permission_source_arns" {
  description = "Source ARN each route's invoke permission is scoped to, keyed by route key."
  value       = { for key, permission in aws_lambda_permission.this : key => permission.source_arn }
}

output "authorizer_id" {
  description = "ID of the JWT authorizer (null without jwt_authorizer)."
  value       = try(aws_apigatewayv2_authorizer.this[0].id, null)
}

output "authorized_routes" {
  description = "Route keys that need a token the JWT authorizer accepts."
  value       = sort([for key, route in var.routes : key if route.authorization == "JWT"])
}

output "route_throttling" {
  description = "Burst and rate limit of each route throttled on its own, keyed by route key (as the stage has them)."
  value = {
    for setting in aws_apigatewayv2_stage.this.route_settings : setting.route_key => {
      burst_limit = setting.throttling_burst_limit
      rate_limit  = setting.throttling_rate_limit
    }
  }
}

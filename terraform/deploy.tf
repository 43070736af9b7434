# Migrations run inside the new code through the handler's manage entry point. A resource (not the data source,
# which would invoke on every plan) that is replaced exactly when the package or the database changes.
resource "aws_lambda_invocation" "migrate" {
  count = var.run_migrations ? 1 : 0

  function_name = module.web.function_name
  qualifier     = module.web.alias_name
  input         = jsonencode({ manage = ["migrate", "--noinput"] })

  triggers = {
    code_sha256  = module.web.source_code_hash
    database_url = local.database_url
  }

  # The alias must point at the new version, and the database and its network must be reachable.
  depends_on = [module.web, module.database, module.network]

  lifecycle {
    postcondition {
      condition     = try(jsondecode(self.result).exit_status, null) == 0
      error_message = "The migrate command failed: ${self.result}"
    }
  }
}

# Migrations run inside the new code through the handler's manage entry point of the web function (the api function
# lacks the apps whose tables migrate creates). A resource (not the data source,
# which would invoke on every plan) that is replaced exactly when the package or the database changes.
resource "aws_lambda_invocation" "migrate" {
  count = var.run_migrations ? 1 : 0

  function_name = module.function["web"].function_name
  qualifier     = module.function["web"].alias_name
  input         = jsonencode({ manage = ["migrate", "--noinput"] })

  triggers = {
    code_sha256  = module.function["web"].source_code_hash
    database_url = local.database_url
  }

  # Both aliases must point at the new version, and the database and its network must be reachable.
  depends_on = [module.function, module.database, module.network]

  lifecycle {
    postcondition {
      condition     = try(jsondecode(self.result).exit_status, null) == 0
      error_message = "The migrate command failed: ${self.result}"
    }
  }
}

# Warnings, not errors: a clean checkout must still plan (and the emulator may point elsewhere), but an apply that
# silently uploads nothing from a mistyped or relative-to-the-wrong-directory path should be noticed.
check "site_files_found" {
  assert {
    condition     = !var.upload_site_files || length(fileset(var.storefront_dir, "**")) > 0
    error_message = "No storefront files under ${var.storefront_dir} (relative paths are relative to the directory terraform runs in): the storefront bucket stays empty."
  }

  assert {
    condition     = !var.upload_site_files || length(fileset(var.static_dir, "**")) > 0
    error_message = "No collected static files under ${var.static_dir}: run make build first, or /static/ will answer 403."
  }
}

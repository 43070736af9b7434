# A release in three steps (docs/releases.md): the functions publish a new version; migrate runs in that version of
# the manage function (never through an alias, which still serves the old version); only then do the aliases move.
# A resource (not the data source, which would invoke on every plan), replaced whenever a new version is published.
resource "aws_lambda_invocation" "migrate" {
  count = var.run_migrations ? 1 : 0

  function_name = module.function["manage"].function_name
  qualifier     = module.function["manage"].version
  input         = jsonencode({ manage = ["migrate", "--noinput"] })

  triggers = {
    version      = module.function["manage"].version
    code_sha256  = module.function["manage"].source_code_hash
    database_url = local.database_url
  }

  # The database and its network must be reachable. Not the whole of module.function: its aliases wait for this.
  depends_on = [module.database, module.network]

  lifecycle {
    postcondition {
      condition     = try(jsondecode(self.result).exit_status, null) == 0
      error_message = "The migrate command failed, so every alias stays on the version it served: ${try(jsondecode(self.result).output, self.result)}"
    }
  }
}

# The version each alias points at, passed through a resource that follows the migration: every alias waits for
# migrate, and a failed migrate (its postcondition) ends the apply before any alias moves. Each output is named
# with a static key, because a reference to all of module.function would include the aliases themselves (a cycle).
resource "terraform_data" "release" {
  input = {
    for role, version in {
      web    = module.function["web"].version
      api    = module.function["api"].version
      manage = module.function["manage"].version
      # The order pipeline's worker, in an environment that has one, waits for the migration too.
      worker = try(module.function["worker"].version, null)
    } : role => lookup(var.alias_versions, role, version) if version != null
  }

  depends_on = [aws_lambda_invocation.migrate]
}

locals {
  alias_versions = terraform_data.release.output
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

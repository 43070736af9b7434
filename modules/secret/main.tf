# The value reaches Secrets Manager through a write-only argument, so it is never written to Terraform state or a
# plan. uuid() draws from the operating system's CSPRNG (122 random bits each); the ephemeral
# aws_secretsmanager_random_password would do as well, but Terraform 1.11's mock providers cannot open ephemeral
# resources, and this module must stay testable with them. Evaluated on every plan, it is written only when
# value_version changes.
locals {
  value = substr(join("", [for i in range(ceil(var.length / 32)) : replace(uuid(), "-", "")]), 0, var.length)
}

resource "aws_secretsmanager_secret" "this" {
  #checkov:skip=CKV_AWS_149:Encrypted with the AWS managed aws/secretsmanager key unless kms_key_arn names a customer managed key.
  #checkov:skip=CKV2_AWS_57:Rotated by increasing value_version (the caller decides when); a rotation Lambda would need to know every reader.
  name                    = var.name
  description             = var.description
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.recovery_window_days

  tags = var.tags
}

# A new value_version puts a new value as AWSCURRENT; Secrets Manager moves AWSPREVIOUS to the one before, so
# readers that accept both see no gap.
resource "aws_secretsmanager_secret_version" "this" {
  secret_id                = aws_secretsmanager_secret.this.id
  secret_string_wo         = local.value
  secret_string_wo_version = var.value_version
}

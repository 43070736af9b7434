# The web function was a single module block before the api function joined it.
moved {
  from = module.web
  to   = module.function["web"]
}

# Django's SECRET_KEY moved into modules/secret (write-only value, nothing in state); the value itself is kept.
moved {
  from = aws_secretsmanager_secret.django
  to   = module.django_secret_key.aws_secretsmanager_secret.this
}

moved {
  from = aws_secretsmanager_secret_version.django
  to   = module.django_secret_key.aws_secretsmanager_secret_version.this
}

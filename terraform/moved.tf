# The web function was a single module block before the api function joined it.
moved {
  from = module.web
  to   = module.function["web"]
}

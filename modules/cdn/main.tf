locals {
  origin_ids = {
    api        = "api"
    storefront = "storefront"
    assets     = "assets"
  }

  response_headers_policy_id = var.create_response_headers_policy ? aws_cloudfront_response_headers_policy.this[0].id : var.response_headers_policy_id

  # Order matters: CloudFront uses the first matching pattern, and falls back to the uncached API.
  bucket_behaviours = concat(
    [for p in var.assets_path_patterns : { path_pattern = p, origin = local.origin_ids.assets }],
    [for p in var.storefront_path_patterns : { path_pattern = p, origin = local.origin_ids.storefront }],
  )
  ordered_behaviours = concat(
    [for p in var.cached_api_path_patterns : { path_pattern = p, origin = local.origin_ids.api }],
    local.bucket_behaviours,
  )
}

# The API origin (execute-api) is public. CloudFront proves a request came through it (and so through the WAF) with
# a secret header the app checks. The value is written write-only (modules/secret); it is read back only because the
# distribution's origin config must hold it (anyone who may call cloudfront:GetDistributionConfig, or read this
# state, can see it, which is why the state bucket is private). Rotation: bump origin_secret_version. The new value
# becomes AWSCURRENT and the old one AWSPREVIOUS, the app accepts both, and the distribution switches over.
module "origin_secret" {
  source = "../secret"

  name                 = "${var.name}/origin-verify"
  description          = "Value of the ${var.origin_header_name} header CloudFront sends to the API origin of ${var.name}"
  length               = 64
  value_version        = var.origin_secret_version
  recovery_window_days = var.origin_secret_recovery_window_days
  tags                 = var.tags
}

data "aws_secretsmanager_secret_version" "origin" {
  secret_id     = module.origin_secret.arn
  version_stage = "AWSCURRENT"
}

resource "aws_cloudfront_origin_access_control" "this" {
  name                              = "${var.name}-s3"
  description                       = "Signed requests from ${var.name} to its buckets"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_function" "forwarded_host" {
  name    = "${var.name}-forwarded-host"
  runtime = "cloudfront-js-2.0"
  comment = "Copy Host into X-Forwarded-Host for the API origin"
  publish = true
  code    = file("${path.module}/functions/forwarded_host.js")
}

resource "aws_cloudfront_response_headers_policy" "this" {
  #checkov:skip=CKV_AWS_259:HSTS is one year with includeSubDomains; preload commits the apex domain to browsers' lists, so it is opt-in (hsts_preload).
  count = var.create_response_headers_policy ? 1 : 0

  name    = "${var.name}-security-headers"
  comment = "Security headers for ${var.name}"

  security_headers_config {
    strict_transport_security {
      access_control_max_age_sec = var.hsts_max_age_seconds
      include_subdomains         = true
      preload                    = var.hsts_preload
      override                   = true
    }

    content_type_options {
      override = true
    }

    frame_options {
      frame_option = "DENY"
      override     = true
    }

    referrer_policy {
      referrer_policy = "strict-origin-when-cross-origin"
      override        = true
    }

    content_security_policy {
      content_security_policy = var.content_security_policy
      override                = false
    }
  }
}

resource "aws_cloudfront_distribution" "this" {
  #checkov:skip=CKV_AWS_68:A WAF web ACL is an input (web_acl_arn); it costs per environment, so previews run without one.
  #checkov:skip=CKV2_AWS_47:A WAF web ACL is an input (web_acl_arn).
  #checkov:skip=CKV_AWS_86:Access logging is an input (logging_bucket_domain_name).
  #checkov:skip=CKV_AWS_310:Single-region stack: there is no second origin to fail over to.
  #checkov:skip=CKV_AWS_174:TLS 1.2 is enforced when a custom certificate is set; the default certificate cannot set a minimum version.
  #checkov:skip=CKV_AWS_374:A web shop sells wherever it ships; geo restriction belongs to the WAF input if ever needed.
  #checkov:skip=CKV2_AWS_42:A custom certificate is an input (aliases, acm_certificate_arn); previews use the default domain.
  enabled             = true
  is_ipv6_enabled     = true
  http_version        = "http2and3"
  comment             = var.name
  price_class         = var.price_class
  aliases             = var.aliases
  default_root_object = var.default_root_object
  web_acl_id          = var.web_acl_arn
  wait_for_deployment = var.wait_for_deployment

  origin {
    origin_id   = local.origin_ids.api
    domain_name = var.api_domain_name

    custom_header {
      name  = var.origin_header_name
      value = data.aws_secretsmanager_secret_version.origin.secret_string
    }

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  origin {
    origin_id                = local.origin_ids.storefront
    domain_name              = var.storefront_bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.this.id
  }

  origin {
    origin_id                = local.origin_ids.assets
    domain_name              = var.assets_bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.this.id
  }

  # Django: nothing cached, every method, every viewer header but Host.
  default_cache_behavior {
    target_origin_id           = local.origin_ids.api
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = var.cache_policy_ids.disabled
    origin_request_policy_id   = var.api_origin_request_policy_id
    response_headers_policy_id = local.response_headers_policy_id

    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.forwarded_host.arn
    }
  }

  # Cached reads of the API: the default behaviour's origin, policies and function, with the catalogue's cache policy.
  dynamic "ordered_cache_behavior" {
    for_each = var.cached_api_path_patterns

    content {
      path_pattern               = ordered_cache_behavior.value
      target_origin_id           = local.origin_ids.api
      viewer_protocol_policy     = "redirect-to-https"
      allowed_methods            = ["GET", "HEAD", "OPTIONS"]
      cached_methods             = ["GET", "HEAD"]
      compress                   = true
      cache_policy_id            = aws_cloudfront_cache_policy.catalogue[0].id
      origin_request_policy_id   = var.api_origin_request_policy_id
      response_headers_policy_id = local.response_headers_policy_id

      function_association {
        event_type   = "viewer-request"
        function_arn = aws_cloudfront_function.forwarded_host.arn
      }
    }
  }

  dynamic "ordered_cache_behavior" {
    for_each = local.bucket_behaviours

    content {
      path_pattern               = ordered_cache_behavior.value.path_pattern
      target_origin_id           = ordered_cache_behavior.value.origin
      viewer_protocol_policy     = "redirect-to-https"
      allowed_methods            = ["GET", "HEAD", "OPTIONS"]
      cached_methods             = ["GET", "HEAD"]
      compress                   = true
      cache_policy_id            = var.cache_policy_ids.optimized
      response_headers_policy_id = local.response_headers_policy_id
    }
  }

  dynamic "logging_config" {
    for_each = var.logging_bucket_domain_name == null ? [] : [true]

    content {
      bucket          = var.logging_bucket_domain_name
      prefix          = "cloudfront/${var.name}/"
      include_cookies = false
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = var.acm_certificate_arn == null
    acm_certificate_arn            = var.acm_certificate_arn
    ssl_support_method             = var.acm_certificate_arn == null ? null : "sni-only"
    minimum_protocol_version       = var.acm_certificate_arn == null ? "TLSv1" : "TLSv1.2_2021"
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = length(var.aliases) == 0 || var.acm_certificate_arn != null
      error_message = "aliases need acm_certificate_arn: CloudFront serves a custom domain only with its certificate."
    }

    precondition {
      condition     = length(setintersection(var.assets_path_patterns, var.storefront_path_patterns)) == 0
      error_message = "A path pattern cannot be served by both buckets."
    }

    precondition {
      condition     = length(setintersection(var.cached_api_path_patterns, concat(var.assets_path_patterns, var.storefront_path_patterns))) == 0
      error_message = "A path pattern cannot be both a cached API path and a bucket's."
    }
  }
}

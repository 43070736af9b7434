mock_provider "aws" {
  mock_data "aws_secretsmanager_secret_version" {
    defaults = { secret_string = "origin-secret-from-secrets-manager" }
  }
  mock_resource "aws_cloudfront_function" {
    defaults = { arn = "arn:aws:cloudfront::123456789012:function/lambda-shop-test-forwarded-host" }
  }
  mock_resource "aws_cloudfront_distribution" {
    defaults = {
      arn         = "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE"
      domain_name = "d111111abcdef8.cloudfront.net"
    }
  }
}

variables {
  name                                   = "lambda-shop-test"
  api_domain_name                        = "abc123.execute-api.eu-west-1.amazonaws.com"
  storefront_bucket_regional_domain_name = "lambda-shop-test-storefront.s3.eu-west-1.amazonaws.com"
  assets_bucket_regional_domain_name     = "lambda-shop-test-assets.s3.eu-west-1.amazonaws.com"
}

run "three_origins_and_their_path_patterns" {
  command = apply

  assert {
    condition = {
      for o in aws_cloudfront_distribution.this.origin : o.origin_id => o.domain_name
      } == {
      api        = "abc123.execute-api.eu-west-1.amazonaws.com"
      storefront = "lambda-shop-test-storefront.s3.eu-west-1.amazonaws.com"
      assets     = "lambda-shop-test-assets.s3.eu-west-1.amazonaws.com"
    }
    error_message = "The distribution must have exactly the API and the two bucket origins."
  }

  assert {
    condition = alltrue([
      for o in aws_cloudfront_distribution.this.origin :
      o.origin_access_control_id == aws_cloudfront_origin_access_control.this.id if o.origin_id != "api"
    ])
    error_message = "Both bucket origins must sign their requests with the origin access control."
  }

  assert {
    condition     = one([for o in aws_cloudfront_distribution.this.origin : o.custom_origin_config[0].origin_protocol_policy if o.origin_id == "api"]) == "https-only"
    error_message = "The API origin must be reached over HTTPS only."
  }

  assert {
    condition = [
      for b in aws_cloudfront_distribution.this.ordered_cache_behavior : "${b.path_pattern}=${b.target_origin_id}"
    ] == ["/static/*=assets", "/media/*=assets", "/index.html=storefront", "/assets/*=storefront"]
    error_message = "/static/* and /media/* must go to the assets bucket and the storefront's own paths to the storefront bucket, in that order."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.default_root_object == "index.html"
    error_message = "/ must serve the storefront's index.html."
  }

  assert {
    condition = alltrue([
      for b in aws_cloudfront_distribution.this.ordered_cache_behavior :
      b.cache_policy_id == "658327ea-f89d-4fab-a63d-7e88639e58f6" && b.viewer_protocol_policy == "redirect-to-https"
    ])
    error_message = "Bucket behaviours must use the managed CachingOptimized policy and redirect to HTTPS."
  }
}

run "default_behaviour_is_the_uncached_api" {
  command = apply

  assert {
    condition     = aws_cloudfront_distribution.this.default_cache_behavior[0].target_origin_id == "api"
    error_message = "Everything no pattern matches must go to Django."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.default_cache_behavior[0].cache_policy_id == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    error_message = "The API must not be cached (managed CachingDisabled)."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.default_cache_behavior[0].origin_request_policy_id == "b689b0a8-53d0-40ab-baf2-68738e2966ac"
    error_message = "The API must get every viewer header except Host (managed AllViewerExceptHostHeader)."
  }

  assert {
    condition     = toset(aws_cloudfront_distribution.this.default_cache_behavior[0].allowed_methods) == toset(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"])
    error_message = "The API must accept every method."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.default_cache_behavior[0].viewer_protocol_policy == "redirect-to-https"
    error_message = "Plain HTTP must be redirected."
  }

  assert {
    condition = [
      for f in aws_cloudfront_distribution.this.default_cache_behavior[0].function_association : "${f.event_type}=${f.function_arn}"
    ] == ["viewer-request=${aws_cloudfront_function.forwarded_host.arn}"]
    error_message = "The Host-to-X-Forwarded-Host function must run on viewer requests to the API."
  }

  assert {
    condition     = aws_cloudfront_function.forwarded_host.runtime == "cloudfront-js-2.0" && strcontains(aws_cloudfront_function.forwarded_host.code, "x-forwarded-host")
    error_message = "The function must copy Host into X-Forwarded-Host."
  }

  assert {
    condition = alltrue([
      for b in concat(aws_cloudfront_distribution.this.default_cache_behavior, aws_cloudfront_distribution.this.ordered_cache_behavior) :
      b.response_headers_policy_id == aws_cloudfront_response_headers_policy.this[0].id
    ])
    error_message = "Every behaviour must send the security headers."
  }

  assert {
    condition = (
      aws_cloudfront_response_headers_policy.this[0].security_headers_config[0].strict_transport_security[0].access_control_max_age_sec >= 31536000 &&
      aws_cloudfront_response_headers_policy.this[0].security_headers_config[0].frame_options[0].frame_option == "DENY" &&
      length(aws_cloudfront_response_headers_policy.this[0].security_headers_config[0].content_type_options) == 1 &&
      strcontains(aws_cloudfront_response_headers_policy.this[0].security_headers_config[0].content_security_policy[0].content_security_policy, "default-src 'self'")
    )
    error_message = "HSTS, nosniff, frame options and a same-origin CSP are required."
  }

  assert {
    condition     = output.url == "https://d111111abcdef8.cloudfront.net" && output.host_names == ["d111111abcdef8.cloudfront.net"]
    error_message = "Without aliases the shop lives on the cloudfront.net domain."
  }
}

run "custom_domain_waf_and_managed_headers" {
  command = apply

  variables {
    aliases                        = ["shop.example.com"]
    acm_certificate_arn            = "arn:aws:acm:us-east-1:123456789012:certificate/0d2a1f8e-1111-2222-3333-444455556666"
    web_acl_arn                    = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/shop/abcd"
    create_response_headers_policy = false
  }

  assert {
    condition     = aws_cloudfront_distribution.this.viewer_certificate[0].acm_certificate_arn == var.acm_certificate_arn && aws_cloudfront_distribution.this.viewer_certificate[0].minimum_protocol_version == "TLSv1.2_2021"
    error_message = "A custom domain must use its certificate with TLS 1.2 or later."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.web_acl_id == var.web_acl_arn
    error_message = "The web ACL must be attached."
  }

  assert {
    condition     = output.url == "https://shop.example.com" && length(aws_cloudfront_response_headers_policy.this) == 0
    error_message = "The alias becomes the shop URL, and the managed headers policy replaces ours."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.default_cache_behavior[0].response_headers_policy_id == "67f7725c-6f97-4210-82d7-5512b31e9d03"
    error_message = "Without our policy the AWS managed SecurityHeadersPolicy applies."
  }
}

run "alias_without_certificate_is_rejected" {
  command = plan

  variables {
    aliases = ["shop.example.com"]
  }

  expect_failures = [aws_cloudfront_distribution.this]
}

run "bad_inputs_are_rejected" {
  command = plan

  variables {
    api_domain_name     = "https://abc123.execute-api.eu-west-1.amazonaws.com/"
    acm_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
    price_class         = "PriceClass_Cheap"
  }

  expect_failures = [var.api_domain_name, var.acm_certificate_arn, var.price_class]
}

run "catalogue_reads_are_cached_by_paging_only" {
  command = apply

  variables {
    cached_api_path_patterns = ["/api/products", "/api/products/*"]
    catalogue_cache_ttl      = { default = 0, max = 120 }
  }

  assert {
    condition = [
      for b in aws_cloudfront_distribution.this.ordered_cache_behavior : "${b.path_pattern}=${b.target_origin_id}"
    ] == ["/api/products=api", "/api/products/*=api", "/static/*=assets", "/media/*=assets", "/index.html=storefront", "/assets/*=storefront"]
    error_message = "The catalogue paths must come first and go to the API origin."
  }

  assert {
    condition = alltrue([
      for b in aws_cloudfront_distribution.this.ordered_cache_behavior :
      b.cache_policy_id == aws_cloudfront_cache_policy.catalogue[0].id &&
      b.origin_request_policy_id == "b689b0a8-53d0-40ab-baf2-68738e2966ac" &&
      toset(b.allowed_methods) == toset(["GET", "HEAD", "OPTIONS"]) &&
      [for f in b.function_association : f.function_arn] == [aws_cloudfront_function.forwarded_host.arn]
      if b.target_origin_id == "api"
    ])
    error_message = "Cached API paths take only reads, with the catalogue policy and the API's origin request policy and function."
  }

  assert {
    condition = (
      aws_cloudfront_cache_policy.catalogue[0].min_ttl == 0 &&
      aws_cloudfront_cache_policy.catalogue[0].default_ttl == 0 &&
      aws_cloudfront_cache_policy.catalogue[0].max_ttl == 120
    )
    error_message = "The minimum TTL must be 0 (so the origin's no-store wins) and the others the inputs."
  }

  assert {
    condition = (
      aws_cloudfront_cache_policy.catalogue[0].parameters_in_cache_key_and_forwarded_to_origin[0].cookies_config[0].cookie_behavior == "none" &&
      aws_cloudfront_cache_policy.catalogue[0].parameters_in_cache_key_and_forwarded_to_origin[0].headers_config[0].header_behavior == "none" &&
      aws_cloudfront_cache_policy.catalogue[0].parameters_in_cache_key_and_forwarded_to_origin[0].query_strings_config[0].query_string_behavior == "whitelist" &&
      toset(aws_cloudfront_cache_policy.catalogue[0].parameters_in_cache_key_and_forwarded_to_origin[0].query_strings_config[0].query_strings[0].items) == toset(["page", "page_size"])
    )
    error_message = "Only the paging query strings may be in the cache key: no cookies, no headers."
  }
}

run "catalogue_cache_inputs_are_validated" {
  command = plan

  variables {
    cached_api_path_patterns      = ["api/products", "api/products"]
    catalogue_cache_ttl           = { default = 60, max = 30 }
    catalogue_cache_query_strings = ["page size"]
  }

  expect_failures = [var.cached_api_path_patterns, var.catalogue_cache_ttl, var.catalogue_cache_query_strings]
}

run "a_pattern_is_either_cached_api_or_bucket" {
  command = plan

  variables {
    cached_api_path_patterns = ["/static/*"]
  }

  expect_failures = [aws_cloudfront_distribution.this]
}

run "the_api_origin_carries_the_secret_header_and_the_buckets_do_not" {
  command = apply

  assert {
    condition = one([
      for o in aws_cloudfront_distribution.this.origin : [for h in o.custom_header : "${h.name}=${h.value}"] if o.origin_id == "api"
    ]) == ["x-origin-verify=origin-secret-from-secrets-manager"]
    error_message = "The API origin must send x-origin-verify with the current value of the origin secret."
  }

  assert {
    condition     = alltrue([for o in aws_cloudfront_distribution.this.origin : length(o.custom_header) == 0 if o.origin_id != "api"])
    error_message = "The buckets authenticate CloudFront with OAC; the secret must not leave for S3."
  }

  assert {
    condition     = data.aws_secretsmanager_secret_version.origin.version_stage == "AWSCURRENT" && module.origin_secret.name == "lambda-shop-test/origin-verify"
    error_message = "The header takes AWSCURRENT of the environment's own origin secret."
  }

  assert {
    condition     = output.origin_header_name == "x-origin-verify" && output.origin_secret_arn == module.origin_secret.arn
    error_message = "The app is told the header's name and the secret's ARN."
  }
}

run "rotating_the_origin_secret_writes_a_new_version" {
  command = apply

  variables {
    origin_secret_version = 2
  }

  assert {
    condition     = module.origin_secret.arn != null && var.origin_secret_version == 2
    error_message = "A new origin_secret_version must reach the secret."
  }
}

run "origin_header_names_cloudfront_would_refuse_are_rejected" {
  command = plan

  variables {
    origin_header_name = "x-forwarded-for"
  }

  expect_failures = [var.origin_header_name]
}

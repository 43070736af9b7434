mock_provider "aws" {
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::lambda-shop-test-bucket" }
  }
}

variables {
  name                        = "lambda-shop-test"
  name_suffix                 = "123456789012"
  cloudfront_distribution_arn = "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE"
  static_source_dir           = "tests/fixtures/static"
  storefront_source_dir       = "tests/fixtures/storefront"
}

run "buckets_are_private_and_admit_only_this_distribution" {
  command = apply

  assert {
    condition     = aws_s3_bucket.this["storefront"].bucket == "lambda-shop-test-storefront-123456789012" && aws_s3_bucket.this["assets"].bucket == "lambda-shop-test-assets-123456789012"
    error_message = "Bucket names must be <name>-<role>-<suffix>."
  }

  assert {
    condition = alltrue([
      for b in values(aws_s3_bucket_public_access_block.this) :
      b.block_public_acls && b.block_public_policy && b.ignore_public_acls && b.restrict_public_buckets
    ])
    error_message = "Every bucket must block all public access."
  }

  assert {
    condition     = alltrue([for o in values(aws_s3_bucket_ownership_controls.this) : o.rule[0].object_ownership == "BucketOwnerEnforced"])
    error_message = "ACLs must be disabled."
  }

  assert {
    condition = alltrue([
      for e in values(aws_s3_bucket_server_side_encryption_configuration.this) :
      one(e.rule).apply_server_side_encryption_by_default[0].sse_algorithm == "AES256"
    ])
    error_message = "Every bucket must be encrypted."
  }

  assert {
    condition = alltrue(flatten([
      for p in values(aws_s3_bucket_policy.this) : [
        for s in jsondecode(p.policy).Statement : (
          s.Principal == { Service = "cloudfront.amazonaws.com" } &&
          s.Condition == { StringEquals = { "AWS:SourceArn" = "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE" } } &&
          s.Action == "s3:GetObject"
        ) if s.Effect == "Allow"
      ]
    ]))
    error_message = "The only Allow must be s3:GetObject for CloudFront on behalf of this distribution."
  }

  assert {
    condition = one([
      for s in jsondecode(aws_s3_bucket_policy.this["assets"].policy).Statement : s.Resource if s.Effect == "Allow"
    ]) == ["arn:aws:s3:::lambda-shop-test-bucket/static/*", "arn:aws:s3:::lambda-shop-test-bucket/media/*"]
    error_message = "CloudFront may read only the static and media prefixes of the assets bucket."
  }

  assert {
    condition = alltrue([
      for p in values(aws_s3_bucket_policy.this) : anytrue([
        for s in jsondecode(p.policy).Statement : s.Effect == "Deny" && try(s.Condition.Bool["aws:SecureTransport"], "") == "false"
      ])
    ])
    error_message = "Plain HTTP access must be denied."
  }
}

run "plain_http_denial_can_be_dropped_for_an_emulator" {
  command = plan

  variables {
    deny_insecure_transport = false
  }

  assert {
    condition     = alltrue([for p in values(aws_s3_bucket_policy.this) : length(jsondecode(p.policy).Statement) == 1])
    error_message = "Without TLS enforcement only the CloudFront statement remains."
  }
}

run "site_files_get_content_types_and_cache_headers" {
  command = apply

  assert {
    condition     = toset(keys(aws_s3_object.this)) == toset(["static/admin/css/base.4f2a9c1b7d3e.css", "static/admin/css/base.css", "index.html", "assets/app.js"])
    error_message = "Static files go under static/, the storefront at the root, and READMEs and dotfiles stay behind."
  }

  assert {
    condition     = aws_s3_object.this["index.html"].content_type == "text/html; charset=utf-8" && aws_s3_object.this["index.html"].cache_control == "public, max-age=60, must-revalidate"
    error_message = "Storefront HTML must be text/html with a short cache lifetime."
  }

  assert {
    condition     = aws_s3_object.this["assets/app.js"].content_type == "text/javascript; charset=utf-8" && aws_s3_object.this["assets/app.js"].bucket == aws_s3_bucket.this["storefront"].id
    error_message = "Storefront scripts must be served as JavaScript from the storefront bucket."
  }

  assert {
    condition     = aws_s3_object.this["static/admin/css/base.4f2a9c1b7d3e.css"].cache_control == "public, max-age=31536000, immutable" && aws_s3_object.this["static/admin/css/base.4f2a9c1b7d3e.css"].content_type == "text/css; charset=utf-8"
    error_message = "Hashed static files must be cached for a year as immutable."
  }

  assert {
    condition     = aws_s3_object.this["static/admin/css/base.css"].cache_control == "public, max-age=3600"
    error_message = "Unhashed static files must not be marked immutable."
  }

  assert {
    condition     = jsondecode(aws_s3_object.release_manifest[0].content) == { assets = ["static/admin/css/base.4f2a9c1b7d3e.css"], storefront = [] }
    error_message = "The release manifest must name this build's hashed files by bucket, and nothing else."
  }

  assert {
    condition     = aws_s3_object.release_manifest[0].bucket == aws_s3_bucket.this["assets"].id && startswith(aws_s3_object.release_manifest[0].key, "releases/") && !anytrue([for p in local.readable_prefixes.assets : startswith(aws_s3_object.release_manifest[0].key, p)])
    error_message = "The release manifest belongs in the assets bucket, outside what CloudFront may read."
  }
}

run "a_missing_build_uploads_nothing" {
  command = plan

  variables {
    static_source_dir     = "tests/fixtures/not-built"
    storefront_source_dir = null
  }

  assert {
    condition     = length(aws_s3_object.this) == 0 && length(aws_s3_object.release_manifest) == 0
    error_message = "A clean checkout without dist/ must still plan."
  }
}

run "bad_prefixes_are_rejected" {
  command = plan

  variables {
    static_prefix = "/static"
    name_suffix   = "Not_Valid!"
  }

  expect_failures = [var.static_prefix, var.name_suffix]
}

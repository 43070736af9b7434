locals {
  suffix = var.name_suffix == "" ? "" : "-${var.name_suffix}"
  buckets = {
    storefront = "${var.name}-storefront${local.suffix}"
    assets     = "${var.name}-assets${local.suffix}"
  }

  # What CloudFront may read: the whole storefront, but only the served prefixes of the assets bucket.
  readable_prefixes = {
    storefront = [""]
    assets     = [var.static_prefix, var.media_prefix]
  }

  content_types = {
    avif        = "image/avif"
    css         = "text/css; charset=utf-8"
    csv         = "text/csv; charset=utf-8"
    eot         = "application/vnd.ms-fontobject"
    gif         = "image/gif"
    gz          = "application/gzip"
    htm         = "text/html; charset=utf-8"
    html        = "text/html; charset=utf-8"
    ico         = "image/x-icon"
    jpeg        = "image/jpeg"
    jpg         = "image/jpeg"
    js          = "text/javascript; charset=utf-8"
    json        = "application/json"
    map         = "application/json"
    mjs         = "text/javascript; charset=utf-8"
    otf         = "font/otf"
    pdf         = "application/pdf"
    png         = "image/png"
    svg         = "image/svg+xml"
    ttf         = "font/ttf"
    txt         = "text/plain; charset=utf-8"
    webmanifest = "application/manifest+json"
    webp        = "image/webp"
    woff        = "font/woff"
    woff2       = "font/woff2"
    xml         = "application/xml"
  }
  default_content_type = "application/octet-stream"

  # ManifestStaticFilesStorage names copies like app.3f2a9c1b4d5e.css (12 hex digits); Vite-style bundles use 8+.
  hashed_name = "\\.[0-9a-f]{8,32}\\.[a-z0-9]+$"

  static_files = var.static_source_dir == null ? [] : [
    for f in fileset(var.static_source_dir, "**") : f
    if !anytrue([for p in var.upload_exclude_patterns : can(regex(p, f))])
  ]
  storefront_files = var.storefront_source_dir == null ? [] : [
    for f in fileset(var.storefront_source_dir, "**") : f
    if !anytrue([for p in var.upload_exclude_patterns : can(regex(p, f))])
  ]

  uploads = merge(
    {
      for f in local.static_files : "${var.static_prefix}${f}" => {
        bucket = "assets"
        source = "${var.static_source_dir}/${f}"
        ext    = lower(try(regex("\\.([A-Za-z0-9]+)$", f)[0], ""))
        hashed = can(regex(local.hashed_name, lower(f)))
        cache  = can(regex(local.hashed_name, lower(f))) ? var.immutable_cache_control : var.static_cache_control
      }
    },
    {
      for f in local.storefront_files : f => {
        bucket = "storefront"
        source = "${var.storefront_source_dir}/${f}"
        ext    = lower(try(regex("\\.([A-Za-z0-9]+)$", f)[0], ""))
        hashed = !can(regex("\\.html?$", lower(f))) && can(regex(local.hashed_name, lower(f)))
        cache = (
          can(regex("\\.html?$", lower(f))) ? var.storefront_html_cache_control :
          can(regex(local.hashed_name, lower(f))) ? var.immutable_cache_control : var.storefront_asset_cache_control
        )
      }
    },
  )
}

locals {
  # This build's hashed files by bucket: its release manifest. Pages of an older version still
  # name its own hashed files, so tools/release keeps them for a few releases (docs/releases.md):
  # it makes Terraform forget, not delete, those a new build drops, and prunes by these manifests.
  release_manifest = jsonencode({
    for role in keys(local.buckets) : role => sort([for k, u in local.uploads : k if u.bucket == role && u.hashed])
  })
  # Outside the prefixes CloudFront may read (tools/release/assets.py has the same prefix).
  release_manifest_prefix = "releases/"
}

resource "aws_s3_bucket" "this" {
  #checkov:skip=CKV_AWS_144:Cross-region replication doubles storage for files the deploy can recreate; media backups are a per-environment choice.
  #checkov:skip=CKV_AWS_145:SSE-S3 encryption: OAC reading SSE-KMS objects needs per-distribution key policies and adds KMS request costs.
  #checkov:skip=CKV_AWS_18:Access logging is an input (access_log_bucket).
  #checkov:skip=CKV2_AWS_62:No consumer of object events yet.
  for_each = local.buckets

  bucket        = each.value
  force_destroy = var.force_destroy

  tags = merge(var.tags, { Name = each.value, Role = each.key })
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = aws_s3_bucket.this

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  rule {
    id     = "expire-old-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_logging" "this" {
  for_each = var.access_log_bucket == null ? {} : aws_s3_bucket.this

  bucket        = each.value.id
  target_bucket = var.access_log_bucket
  target_prefix = "s3/${each.value.id}/"
}

resource "aws_s3_bucket_policy" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{
        Sid       = "AllowThisDistributionOnly"
        Effect    = "Allow"
        Principal = { Service = "cloudfront.amazonaws.com" }
        Action    = "s3:GetObject"
        Resource  = [for p in local.readable_prefixes[each.key] : "${each.value.arn}/${p}*"]
        Condition = { StringEquals = { "AWS:SourceArn" = var.cloudfront_distribution_arn } }
      }],
      var.deny_insecure_transport ? [{
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [each.value.arn, "${each.value.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }] : [],
    )
  })

  # A policy is rejected while the public access block is still being applied.
  depends_on = [aws_s3_bucket_public_access_block.this]
}

resource "aws_s3_object" "this" {
  #checkov:skip=CKV_AWS_186:Objects use the bucket's SSE-S3 default encryption (see the bucket).
  for_each = local.uploads

  bucket        = aws_s3_bucket.this[each.value.bucket].id
  key           = each.key
  source        = each.value.source
  source_hash   = filemd5(each.value.source)
  content_type  = lookup(local.content_types, each.value.ext, local.default_content_type)
  cache_control = each.value.cache

  tags = var.tags

  depends_on = [aws_s3_bucket_server_side_encryption_configuration.this]
}

resource "aws_s3_object" "release_manifest" {
  count = length(local.uploads) > 0 ? 1 : 0

  bucket       = aws_s3_bucket.this["assets"].id
  key          = "${local.release_manifest_prefix}${substr(sha256(local.release_manifest), 0, 16)}.json"
  content      = local.release_manifest
  content_type = "application/json"

  tags = var.tags

  # A manifest names files that are there.
  depends_on = [aws_s3_object.this]
}

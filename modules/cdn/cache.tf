# The catalogue (GET /api/products, /api/products/<sku>) is cached at the edge: it changes only when staff
# edit it or an order takes stock, and checkout re-checks stock in the database whatever the cache showed.
# The origin's s-maxage decides how long within [0, max_ttl]; default_ttl applies only to a response
# without Cache-Control. Only the query strings that change the answer are in the key: no cookies, no headers.
resource "aws_cloudfront_cache_policy" "catalogue" {
  count = length(var.cached_api_path_patterns) > 0 ? 1 : 0

  name        = "${var.name}-catalogue"
  comment     = "Catalogue reads of ${var.name}: short TTL, paging query strings only"
  min_ttl     = 0
  default_ttl = var.catalogue_cache_ttl.default
  max_ttl     = var.catalogue_cache_ttl.max

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = true
    enable_accept_encoding_brotli = true

    cookies_config {
      cookie_behavior = "none"
    }

    headers_config {
      header_behavior = "none"
    }

    query_strings_config {
      query_string_behavior = length(var.catalogue_cache_query_strings) > 0 ? "whitelist" : "none"

      dynamic "query_strings" {
        for_each = length(var.catalogue_cache_query_strings) > 0 ? [true] : []

        content {
          items = var.catalogue_cache_query_strings
        }
      }
    }
  }
}

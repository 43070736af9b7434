locals {
  # AWS managed rule groups, evaluated in this order before the rate limit.
  managed_rule_groups = {
    common               = { name = "AWSManagedRulesCommonRuleSet", priority = 10 }
    known_bad_inputs     = { name = "AWSManagedRulesKnownBadInputsRuleSet", priority = 20 }
    amazon_ip_reputation = { name = "AWSManagedRulesAmazonIpReputationList", priority = 30 }
  }
}

# CloudFront web ACLs exist only in us-east-1 with scope CLOUDFRONT: the caller passes a provider for that region.
resource "aws_wafv2_web_acl" "this" {
  #checkov:skip=CKV_AWS_192:AWSManagedRulesKnownBadInputsRuleSet (with its Log4JRCE rules) is in the managed rule groups; checkov does not expand the dynamic rule block.
  #checkov:skip=CKV2_AWS_31:Logging needs a Firehose, S3 bucket or log group named aws-waf-logs-*; sampled requests and metrics are on.
  name        = var.name
  description = "Web ACL of the ${var.name} distribution"
  scope       = "CLOUDFRONT"

  default_action {
    allow {}
  }

  dynamic "rule" {
    for_each = local.managed_rule_groups

    content {
      name     = rule.value.name
      priority = rule.value.priority

      override_action {
        none {}
      }

      statement {
        managed_rule_group_statement {
          vendor_name = "AWS"
          name        = rule.value.name

          # The common rule set blocks bodies over 8 KB; an order is far smaller, but a product image upload in the
          # admin is not.
          dynamic "rule_action_override" {
            for_each = rule.key == "common" ? var.common_rule_set_count_only : []

            content {
              name = rule_action_override.value

              action_to_use {
                count {}
              }
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${var.name}-${rule.key}"
        sampled_requests_enabled   = true
      }
    }
  }

  # Checkout is the expensive path (stock, idempotency): one client may place at most order_rate_limit orders in
  # order_rate_window_seconds.
  rule {
    name     = "orders-rate-limit"
    priority = 40

    action {
      block {
        custom_response {
          response_code            = 429
          custom_response_body_key = "rate-limited"
        }
      }
    }

    statement {
      rate_based_statement {
        limit                 = var.order_rate_limit
        evaluation_window_sec = var.order_rate_window_seconds
        aggregate_key_type    = "IP"

        scope_down_statement {
          and_statement {
            statement {
              byte_match_statement {
                search_string         = "POST"
                positional_constraint = "EXACTLY"

                field_to_match {
                  method {}
                }

                text_transformation {
                  priority = 0
                  type     = "NONE"
                }
              }
            }

            statement {
              byte_match_statement {
                search_string         = "/api/orders"
                positional_constraint = "STARTS_WITH"

                field_to_match {
                  uri_path {}
                }

                text_transformation {
                  priority = 0
                  type     = "NONE"
                }
              }
            }
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-orders-rate-limit"
      sampled_requests_enabled   = true
    }
  }

  # The API's JSON error envelope, so the storefront shows a message as for any other refusal.
  custom_response_body {
    key          = "rate-limited"
    content_type = "APPLICATION_JSON"
    content      = jsonencode({ error = { code = "rate_limited", message = "Too many orders from this address; try again in a few minutes." } })
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = var.name
    sampled_requests_enabled   = true
  }

  tags = var.tags
}

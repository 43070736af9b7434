mock_provider "aws" {
  mock_resource "aws_wafv2_web_acl" {
    defaults = { arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/lambda-shop-production/abc" }
  }
}

variables {
  name = "lambda-shop-production"
}

run "cloudfront_scope_with_the_managed_rule_groups_and_an_order_rate_limit" {
  command = apply

  assert {
    condition     = aws_wafv2_web_acl.this.scope == "CLOUDFRONT" && length(aws_wafv2_web_acl.this.default_action[0].allow) == 1
    error_message = "A distribution's web ACL must have CLOUDFRONT scope and allow what no rule blocks."
  }

  assert {
    condition = {
      for r in aws_wafv2_web_acl.this.rule : r.statement[0].managed_rule_group_statement[0].name => r.priority if length(r.statement[0].managed_rule_group_statement) > 0
      } == {
      AWSManagedRulesCommonRuleSet = 10, AWSManagedRulesKnownBadInputsRuleSet = 20, AWSManagedRulesAmazonIpReputationList = 30
    }
    error_message = "The common, known bad inputs and IP reputation rule groups must all be there, in that order."
  }

  assert {
    condition = one([
      for r in aws_wafv2_web_acl.this.rule : r.statement[0].rate_based_statement[0] if r.name == "orders-rate-limit"
    ]).limit == 100
    error_message = "Orders must be rate limited per IP."
  }

  assert {
    condition = toset(flatten([
      for r in aws_wafv2_web_acl.this.rule : [
        for s in r.statement[0].rate_based_statement[0].scope_down_statement[0].and_statement[0].statement :
        s.byte_match_statement[0].search_string
      ] if r.name == "orders-rate-limit"
    ])) == toset(["POST", "/api/orders"])
    error_message = "The rate limit must count only POST /api/orders."
  }

  assert {
    condition     = jsondecode(one(aws_wafv2_web_acl.this.custom_response_body).content).error.code == "rate_limited"
    error_message = "A rate-limited order gets the API's JSON error envelope."
  }

  assert {
    condition     = output.arn == "arn:aws:wafv2:us-east-1:123456789012:global/webacl/lambda-shop-production/abc"
    error_message = "The ARN is the output the distribution takes."
  }
}

run "bad_inputs_are_rejected" {
  command = plan

  variables {
    order_rate_limit          = 5
    order_rate_window_seconds = 30
  }

  expect_failures = [var.order_rate_limit, var.order_rate_window_seconds]
}

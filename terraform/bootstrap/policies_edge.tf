locals {
  # Release alarms, the HTTP API and CloudFront. APIs, distributions and edge policies get ids from AWS,
  # so they are scoped to this account (region); alarms and CloudFront Functions carry the role's names.
  edge_statements = {
    for role, s in local.scope : role => [
      {
        # The release alarms of each function (modules/lambda_app), watched by tools/release.
        Sid    = "ReleaseAlarms"
        Effect = "Allow"
        Action = [
          "cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms",
          "cloudwatch:TagResource", "cloudwatch:UntagResource", "cloudwatch:ListTagsForResource",
        ]
        Resource = s.alarm
      },
      {
        Sid    = "HttpApis"
        Effect = "Allow"
        Action = [
          # Tagging is POST/DELETE on /tags/<arn>: API Gateway has no TagResource IAM action.
          "apigateway:GET", "apigateway:POST", "apigateway:PUT", "apigateway:PATCH", "apigateway:DELETE",
        ]
        Resource = ["${local.arn.apigateway}/apis", "${local.arn.apigateway}/apis/*", "${local.arn.apigateway}/tags/*"]
      },
      {
        # CreateDistributionWithTags is authorized as CreateDistribution plus TagResource (no IAM action of its own).
        Sid    = "Distributions"
        Effect = "Allow"
        Action = [
          "cloudfront:CreateDistribution", "cloudfront:GetDistribution",
          "cloudfront:GetDistributionConfig", "cloudfront:UpdateDistribution", "cloudfront:DeleteDistribution",
          "cloudfront:CreateInvalidation", "cloudfront:GetInvalidation",
          "cloudfront:TagResource", "cloudfront:UntagResource", "cloudfront:ListTagsForResource",
        ]
        Resource = ["${local.arn.cloudfront}:distribution/*"]
      },
      {
        Sid    = "EdgeFunctions"
        Effect = "Allow"
        Action = [
          "cloudfront:CreateFunction", "cloudfront:DescribeFunction", "cloudfront:GetFunction",
          "cloudfront:UpdateFunction", "cloudfront:PublishFunction", "cloudfront:DeleteFunction",
        ]
        Resource = s.edge_function
      },
      {
        # The service authorization reference lists no resource type for it: only "*" grants it.
        Sid      = "CreateOriginAccessControls"
        Effect   = "Allow"
        Action   = ["cloudfront:CreateOriginAccessControl"]
        Resource = ["*"]
      },
      {
        Sid    = "EdgePolicies"
        Effect = "Allow"
        Action = [
          "cloudfront:GetOriginAccessControl",
          "cloudfront:UpdateOriginAccessControl", "cloudfront:DeleteOriginAccessControl",
          "cloudfront:CreateResponseHeadersPolicy", "cloudfront:GetResponseHeadersPolicy",
          "cloudfront:UpdateResponseHeadersPolicy", "cloudfront:DeleteResponseHeadersPolicy",
          "cloudfront:CreateCachePolicy", "cloudfront:GetCachePolicy", "cloudfront:UpdateCachePolicy",
          "cloudfront:DeleteCachePolicy", "cloudfront:GetOriginRequestPolicy",
        ]
        Resource = [
          "${local.arn.cloudfront}:origin-access-control/*",
          "${local.arn.cloudfront}:response-headers-policy/*",
          "${local.arn.cloudfront}:cache-policy/*",
          "${local.arn.cloudfront}:origin-request-policy/*",
        ]
      },
    ]
  }
}

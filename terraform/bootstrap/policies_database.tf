locals {
  # The Aurora cluster and its network. RDS resources carry the role's names; parameter and option groups,
  # and every VPC part (ids chosen by AWS), are scoped to this account and region.
  database_statements = {
    for role, s in local.scope : role => [
      {
        Sid    = "AuroraClusters"
        Effect = "Allow"
        Action = [
          "rds:CreateDBCluster", "rds:ModifyDBCluster", "rds:DeleteDBCluster", "rds:DescribeDBClusters",
          "rds:CreateDBInstance", "rds:ModifyDBInstance", "rds:DeleteDBInstance", "rds:DescribeDBInstances",
          "rds:CreateDBSubnetGroup", "rds:ModifyDBSubnetGroup", "rds:DeleteDBSubnetGroup", "rds:DescribeDBSubnetGroups",
          # The cluster's parameter group (SSL forced) and the final snapshot a staging/production destroy takes.
          "rds:CreateDBClusterParameterGroup", "rds:ModifyDBClusterParameterGroup", "rds:DeleteDBClusterParameterGroup",
          "rds:DescribeDBClusterParameterGroups", "rds:DescribeDBClusterParameters", "rds:CreateDBClusterSnapshot",
          "rds:AddTagsToResource", "rds:RemoveTagsFromResource", "rds:ListTagsForResource",
        ]
        Resource = concat(s.rds, [
          "${local.arn.rds}:cluster-pg:*",
          "${local.arn.rds}:pg:*",
          "${local.arn.rds}:og:*",
          "${local.arn.rds}:secgrp:*",
        ])
      },
      {
        Sid    = "Network"
        Effect = "Allow"
        Action = [
          "ec2:CreateVpc", "ec2:DeleteVpc", "ec2:ModifyVpcAttribute", "ec2:CreateSubnet", "ec2:DeleteSubnet",
          "ec2:ModifySubnetAttribute", "ec2:CreateRouteTable", "ec2:DeleteRouteTable", "ec2:AssociateRouteTable",
          "ec2:DisassociateRouteTable", "ec2:CreateSecurityGroup", "ec2:DeleteSecurityGroup",
          "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress",
          "ec2:RevokeSecurityGroupEgress", "ec2:ModifySecurityGroupRules", "ec2:UpdateSecurityGroupRuleDescriptionsIngress",
          "ec2:UpdateSecurityGroupRuleDescriptionsEgress", "ec2:CreateVpcEndpoint", "ec2:ModifyVpcEndpoint",
          "ec2:DeleteVpcEndpoints", "ec2:DeleteNetworkInterface", "ec2:CreateTags", "ec2:DeleteTags",
        ]
        Resource = [
          "${local.arn.ec2}:vpc/*", "${local.arn.ec2}:subnet/*", "${local.arn.ec2}:route-table/*",
          "${local.arn.ec2}:security-group/*", "${local.arn.ec2}:security-group-rule/*",
          "${local.arn.ec2}:vpc-endpoint/*", "${local.arn.ec2}:network-interface/*",
          "${local.arn.ec2}:prefix-list/*",
        ]
      },
      {
        # Private DNS of the Secrets Manager interface endpoint lives in an AWS managed hosted zone.
        Sid      = "EndpointPrivateDns"
        Effect   = "Allow"
        Action   = ["route53:AssociateVPCWithHostedZone"]
        Resource = ["arn:${local.partition}:route53:::hostedzone/*"]
      },
    ]
  }
}

locals {
  # Buckets and their objects, secrets, parameters and log groups: all named after the role's environments.
  storage_statements = {
    for role, s in local.scope : role => [
      {
        Sid    = "Buckets"
        Effect = "Allow"
        Action = [
          "s3:CreateBucket", "s3:DeleteBucket", "s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketLocation",
          "s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:GetBucketAcl", "s3:GetBucketCORS",
          "s3:GetBucketWebsite", "s3:GetBucketVersioning", "s3:PutBucketVersioning", "s3:GetAccelerateConfiguration",
          "s3:GetBucketRequestPayment", "s3:GetBucketLogging", "s3:PutBucketLogging", "s3:GetLifecycleConfiguration",
          "s3:PutLifecycleConfiguration", "s3:GetReplicationConfiguration", "s3:GetEncryptionConfiguration",
          "s3:PutEncryptionConfiguration", "s3:GetBucketObjectLockConfiguration", "s3:GetBucketTagging",
          "s3:PutBucketTagging", "s3:GetBucketOwnershipControls", "s3:PutBucketOwnershipControls",
          "s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock", "s3:GetBucketNotification",
        ]
        Resource = s.bucket
      },
      {
        Sid    = "Objects"
        Effect = "Allow"
        Action = [
          "s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion",
          "s3:GetObjectTagging", "s3:PutObjectTagging", "s3:GetObjectAcl",
        ]
        Resource = s.object
      },
      {
        Sid    = "Secrets"
        Effect = "Allow"
        Action = [
          "secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret",
          "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecret",
          "secretsmanager:GetResourcePolicy", "secretsmanager:TagResource", "secretsmanager:UntagResource",
        ]
        Resource = s.secret
      },
      {
        # RDS creates the master password secret (manage_master_user_password) in the caller's name. Its name
        # (rds!cluster-<uuid>) does not say the environment, so it is scoped to the account.
        Sid    = "RdsManagedSecrets"
        Effect = "Allow"
        Action = [
          "secretsmanager:CreateSecret", "secretsmanager:DescribeSecret", "secretsmanager:RotateSecret",
          "secretsmanager:UpdateSecret", "secretsmanager:TagResource", "secretsmanager:DeleteSecret",
        ]
        Resource = [local.arn.rds_secret]
      },
      {
        Sid      = "Parameters"
        Effect   = "Allow"
        Action   = ["ssm:GetParameter", "ssm:GetParameters"]
        Resource = s.ssm
      },
      {
        Sid    = "LogGroups"
        Effect = "Allow"
        Action = [
          "logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy",
          "logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource", "logs:TagLogGroup",
          "logs:ListTagsLogGroup", "logs:AssociateKmsKey", "logs:DisassociateKmsKey",
        ]
        Resource = concat(s.log_groups, [for g in s.log_groups : "${g}:*"])
      },
    ]
  }
}

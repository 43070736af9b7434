provider "aws" {
  region = var.region

  default_tags {
    tags = merge(var.tags, {
      Project     = var.project
      Environment = var.env
      ManagedBy   = "terraform"
    })
  }
}

# CloudFront's WAF web ACLs (scope CLOUDFRONT) live only in us-east-1.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = merge(var.tags, {
      Project     = var.project
      Environment = var.env
      ManagedBy   = "terraform"
    })
  }
}

mock_provider "aws" {
  mock_data "aws_availability_zones" {
    defaults = { names = ["eu-west-1a", "eu-west-1b", "eu-west-1c"] }
  }
  mock_data "aws_region" {
    defaults = { name = "eu-west-1" }
  }
  mock_resource "aws_vpc" {
    defaults = { cidr_block = "10.20.0.0/16" }
  }
}

variables {
  name = "lambda-shop-test"
}

run "private_subnets_and_endpoints_instead_of_nat" {
  command = apply

  assert {
    condition     = [for az in output.availability_zones : aws_subnet.private[az].cidr_block] == ["10.20.0.0/20", "10.20.16.0/20"]
    error_message = "Two private subnets, one per zone, must be carved from the VPC."
  }

  assert {
    condition     = alltrue([for s in values(aws_subnet.private) : !s.map_public_ip_on_launch])
    error_message = "Subnets must stay private."
  }

  assert {
    condition     = length(aws_route_table.private.route) == 0
    error_message = "No route to the internet or a NAT gateway."
  }

  assert {
    condition     = aws_vpc_endpoint.s3.vpc_endpoint_type == "Gateway" && aws_vpc_endpoint.s3.service_name == "com.amazonaws.eu-west-1.s3"
    error_message = "S3 must be reached through the free gateway endpoint."
  }

  assert {
    condition     = aws_vpc_endpoint.interface["secretsmanager"].private_dns_enabled && length(aws_vpc_endpoint.interface["secretsmanager"].subnet_ids) == 2
    error_message = "Secrets Manager must be reached through an interface endpoint with private DNS."
  }

  assert {
    condition     = length(aws_default_security_group.this.ingress) == 0 && length(aws_default_security_group.this.egress) == 0
    error_message = "The default security group must allow nothing."
  }
}

run "previews_pay_for_one_endpoint_interface" {
  command = plan

  variables {
    interface_endpoint_az_count = 1
  }

  assert {
    condition     = length(aws_vpc_endpoint.interface["secretsmanager"].subnet_ids) == 1
    error_message = "interface_endpoint_az_count must limit the billed endpoint interfaces."
  }
}

run "bad_inputs_are_rejected" {
  command = plan

  variables {
    az_count   = 1
    cidr_block = "10.20.0.0/28"
  }

  expect_failures = [var.az_count, var.cidr_block]
}

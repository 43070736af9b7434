output "vpc_id" {
  description = "ID of the VPC."
  value       = try(aws_vpc.this.id, null)
}

output "vpc_cidr_block" {
  description = "CIDR block of the VPC."
  value       = try(aws_vpc.this.cidr_block, null)
}

output "availability_zones" {
  description = "Zones that have a private subnet."
  value       = local.azs
}

output "private_subnet_ids" {
  description = "IDs of the private subnets, in zone order."
  value       = [for az in local.azs : aws_subnet.private[az].id]
}

output "private_route_table_id" {
  description = "ID of the route table shared by the private subnets."
  value       = try(aws_route_table.private.id, null)
}

output "s3_prefix_list_id" {
  description = "Prefix list of the S3 gateway endpoint, for security group egress rules."
  value       = try(aws_vpc_endpoint.s3.prefix_list_id, null)
}

output "endpoint_security_group_id" {
  description = "Security group of the interface endpoints."
  value       = try(aws_security_group.endpoints.id, null)
}

output "interface_endpoint_ids" {
  description = "Interface endpoint IDs keyed by service short name."
  value       = { for service, endpoint in aws_vpc_endpoint.interface : service => endpoint.id }
}

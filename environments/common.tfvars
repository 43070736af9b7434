# Values every environment shares. Each <env>.tfvars (or preview.tfvars) is applied after this file and holds
# only what differs. Nothing secret belongs in tfvars: secrets come from Secrets Manager or SSM.
region = "eu-west-1"

# AWS's Parameters and Secrets Lambda Extension for eu-west-1, x86_64 (AWS publishes one ARN per region and
# architecture; pick the -Arm64 layer with lambda_architecture = "arm64"). The functions read their secrets from it
# on localhost at cold start instead of importing boto3.
secrets_extension_layer_arn = "arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension:12"

# The order pipeline's sender (SES). Previews and the local cloud verify this one address; staging and production
# send from their domain's identity (its DKIM records).
email_from = "orders@lambda-shop.example"

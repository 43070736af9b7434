# Values every environment shares. Each <env>.tfvars (or preview.tfvars) is applied after this file and holds
# only what differs. Nothing secret belongs in tfvars: secrets come from Secrets Manager or SSM.
region = "eu-west-1"

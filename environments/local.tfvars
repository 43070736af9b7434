# The local cloud (make up): preview's shape on the AWS emulator. make up applies common.tfvars, then
# preview.tfvars, then this file, which changes only what the emulator cannot do; localcloud/README.md
# gives the reason for each line.
cdn_wait_for_deployment     = false
secrets_extension_layer_arn = null
# The emulator's account holds no identity made outside Terraform: the environment creates its own sender.
create_email_identity = true

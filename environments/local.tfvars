# The local cloud (make up): preview's shape on the AWS emulator. make up applies common.tfvars, then
# preview.tfvars, then this file, which changes only what the emulator cannot do; localcloud/README.md
# gives the reason for each line.
cdn_wait_for_deployment     = false
secrets_extension_layer_arn = null

"""The AWS emulator: moto's server, with the gaps it has filled in `ext`."""

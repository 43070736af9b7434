"""The embedded local cloud: the real Terraform applied to moto, served by a local CloudFront edge.

Everything in this package exists only for the emulator; nothing here is on the real-AWS path.
"""

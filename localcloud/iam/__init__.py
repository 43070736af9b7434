"""IAM policy evaluation the emulator needs for resource policies."""

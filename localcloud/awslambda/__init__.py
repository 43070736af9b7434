"""The Lambda runtime on this machine: execution environments that run the built package."""

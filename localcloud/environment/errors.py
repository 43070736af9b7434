"""What `make up` and the commands beside it raise when they cannot go on."""


class UpError(RuntimeError):
    """`make up` cannot continue; the message says why and what to do."""

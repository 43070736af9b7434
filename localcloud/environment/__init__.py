"""One environment on the emulator: apply (`make up`), destroy (`make down`), what is left."""

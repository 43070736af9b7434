"""The emulated Aurora cluster's database: a real PostgreSQL server with TLS, as RDS runs it."""

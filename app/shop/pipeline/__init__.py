"""The order pipeline: outbox -> SQS -> worker -> email and staff notification."""

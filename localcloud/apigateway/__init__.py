"""API Gateway HTTP API: routes, invoke permissions and payload 2.0 events."""

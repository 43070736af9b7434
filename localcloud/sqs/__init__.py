"""SQS: the metrics SQS sends CloudWatch (metrics.py)."""

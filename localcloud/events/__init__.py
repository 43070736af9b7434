"""EventBridge: scheduled rules run on their schedule (schedule.py)."""

"""SES: the mail the emulator "sent" (mailbox.py)."""

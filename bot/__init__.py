"""Mutual mentorship for Slack: the app, its domain and its command line."""

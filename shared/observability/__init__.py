"""Logs and metrics common to every process."""

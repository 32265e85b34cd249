"""A real PostgreSQL and a real nats-server as local child processes, from PyPI wheels.

Used by `zeren run` and by the test session when the environment names no servers.
"""

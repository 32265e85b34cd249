"""Queries over assessment's projections, used by the GET routes."""

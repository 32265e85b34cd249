"""Queries over cases' projections."""

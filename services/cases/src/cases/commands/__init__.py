"""Command mixins of the `Cases` application, one module per area."""

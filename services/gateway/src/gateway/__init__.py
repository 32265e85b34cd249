"""Gateway: the one public entry point: authentication, roles, routing, public endpoints, OpenAPI."""

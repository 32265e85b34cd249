"""HTTP building blocks shared by the services' APIs: problems, identity, middleware, health."""

"""asyncpg queries over personnel's directory, behind the list routes and the public endpoints."""

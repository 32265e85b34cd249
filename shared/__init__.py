"""Code common to every Zeren service: contracts, messaging, web helpers, settings, local stack."""

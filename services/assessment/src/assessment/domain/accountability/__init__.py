"""Fault accountability (执法过错责任追究, DOMAIN §3): matters, their investigation, shares of
responsibility, exemption, aggravation, sanctions by tier, appeal and closure."""

"""Cases: leads, penalty cases and their statutory procedure, reviews and errors, normative documents,
satellite patches, expropriation gates, grievances."""

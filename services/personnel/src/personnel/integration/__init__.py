"""The only place where personnel's stored events meet the public contract.

`to_integration_event` maps a stored domain event to its public event, or to None for a private one
(idempotency records, rule versions, the officer's own bookkeeping). One module per area registers
its mappings.
"""

from personnel.integration import certificates, officers, organisation  # noqa: F401 - registers mappings
from personnel.integration.base import to_integration_event

__all__ = ["to_integration_event"]

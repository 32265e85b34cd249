"""The only place where cases' stored events meet the public contract (`shared.contracts.cases`).

`base.to_integration_event` is a single-dispatch function; each area registers its events in its
own module, imported here so that the registrations exist whenever the function is used.
"""

import cases.integration.expropriation
import cases.integration.normative_documents
import cases.integration.satellite  # noqa: F401  (the imports register each area's events)
from cases.integration.base import to_integration_event

__all__ = ["to_integration_event"]

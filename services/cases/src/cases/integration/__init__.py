"""The only place where cases' stored events meet the public contract (`shared.contracts.cases`).

`base.to_integration_event` is a single-dispatch function; each area registers its events in its
own module, imported here (one line per area) so that the registrations exist whenever the function
is used.
"""

from cases.integration import expropriation as expropriation
from cases.integration import file_reviews as file_reviews
from cases.integration import leads as leads
from cases.integration import normative_documents as normative_documents
from cases.integration import patrols as patrols
from cases.integration import penalty_cases as penalty_cases
from cases.integration import satellite as satellite
from cases.integration.base import to_integration_event

__all__ = ["to_integration_event"]

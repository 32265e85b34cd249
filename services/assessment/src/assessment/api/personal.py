"""Personal details in assessment's copy of an officer's history: exam results and the reasons for a
removal from the enforcement post (and for its end).

Personnel shows an officer's record only to the officer's unit and to the bureau-wide roles, auditors
included (`personnel.api.officers`: "exam scores and removals are personal"). Assessment's copy stays
readable bureau-wide, entry by entry, because rankings and KPIs are explained by it; for any other
caller these fields are withheld: null in `data`, and named in the entry's `withheld`.
"""

from __future__ import annotations

from assessment.api.schemas import ProjectedHistoryEntry
from shared.contracts.personnel import EnforcementPostRemovedV1, EnforcementPostRestoredV1, ExamTakenV1
from shared.web.authz import sees_unit
from shared.web.identity import Identity

PERSONAL_FIELDS: dict[str, tuple[str, ...]] = {
    ExamTakenV1.subject: ("score", "passed"),
    EnforcementPostRemovedV1.subject: ("reason", "note"),
    EnforcementPostRestoredV1.subject: ("reason",),
}


def sees_personal_details(identity: Identity, officer_unit: str) -> bool:
    """Personnel's rule for an officer's record: the officer's own unit, or a bureau-wide role."""
    return sees_unit(identity.role, identity.unit_id, officer_unit)


def withheld(entry: ProjectedHistoryEntry) -> ProjectedHistoryEntry:
    """The entry with its personal fields nulled and named; any other entry as it is."""
    fields = [name for name in PERSONAL_FIELDS.get(entry.event_type, ()) if name in entry.data]
    if not fields:
        return entry
    return entry.model_copy(update={"data": {**entry.data, **dict.fromkeys(fields)}, "withheld": fields})

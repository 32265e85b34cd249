"""A patch linked to its lead states whether the unit had found the violation before satellite
monitoring did: a lead of its own (patrol, a report), registered before the batch arrived."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from cases.application import Cases
from cases.domain.satellite_terms import PatchClass
from cases.integration import to_integration_event
from shared.contracts.cases import SatellitePatchLinkedToLeadV1
from tests.unit.cases.land.conftest import at
from tests.unit.cases.land.satellite_helpers import batch, classified, patches, verified
from tests.unit.cases.procedure.support import acting


def lead(cases: Cases, number: str, *, source: str, received: str) -> UUID:
    with acting():
        return cases.register_lead(
            register_no=number,
            source=source,
            unit_id="STN03",
            received_at=at(received),
            location={"township_code": "410322101"},
            description="厂房 on cultivated land",
            reporter=None,
            satellite_patch_id="W-1" if source == "satellite_patch" else None,
            proposed_disposal="verify on site",
        ).id


def illegal_patch(cases: Cases) -> UUID:
    (patch_id,) = patches(cases, batch(cases, received="2018-01-10"), "W-1")
    verified(cases, patch_id)
    classified(cases, patch_id, PatchClass.ILLEGAL, measured=5, cultivated=4)
    return patch_id


def link_event(cases: Cases, patch_id: UUID) -> SatellitePatchLinkedToLeadV1:
    public = to_integration_event(cases.stored_events(patch_id)[-1])
    assert isinstance(public, SatellitePatchLinkedToLeadV1)
    return public


@pytest.mark.parametrize(
    ("source", "received", "found_first"),
    [
        ("patrol", "2018-01-09", True),  # the unit's patrol found it the day before the batch came
        ("hotline_12336", "2017-11-20", True),
        ("patrol", "2018-01-11", False),  # registered after the batch arrived
        ("satellite_patch", "2018-01-09", False),  # monitoring found it, whatever the dates say
    ],
)
def test_the_link_states_whether_the_lead_was_found_before_monitoring(
    cases: Cases, source: str, received: str, found_first: bool
) -> None:
    patch_id = illegal_patch(cases)
    lead_id = lead(cases, f"L-{source}-{received}", source=source, received=received)
    cases.link_satellite_patch_to_lead(patch_id, lead_id=lead_id)
    public = link_event(cases, patch_id)
    assert (public.lead_source, public.lead_received_at) == (source, at(received))
    assert public.discovered_before_monitoring is found_first
    # A case filed later is added to the link: the origin is stated again, unchanged.
    cases.link_satellite_patch_to_lead(patch_id, lead_id=lead_id, case_id=uuid4())
    assert link_event(cases, patch_id).discovered_before_monitoring is found_first


def test_a_lead_cases_does_not_hold_counts_as_found_by_monitoring(cases: Cases) -> None:
    patch_id = illegal_patch(cases)
    cases.link_satellite_patch_to_lead(patch_id, lead_id=uuid4())
    public = link_event(cases, patch_id)
    assert (public.lead_source, public.lead_received_at, public.discovered_before_monitoring) == (None, None, False)


def test_a_link_stored_before_the_origin_was_recorded_reads_as_found_by_monitoring(cases: Cases) -> None:
    patch_id = illegal_patch(cases)
    cases.link_satellite_patch_to_lead(patch_id, lead_id=uuid4())
    mapper = cases.mapper
    stored = mapper.to_stored_event(cases.stored_events(patch_id)[-1])
    state = mapper.transcoder.decode(stored.state)
    for added in ("class_version", "lead_source", "lead_received_at", "discovered_before_monitoring"):
        del state[added]
    older = type(stored)(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=mapper.transcoder.encode(state),
    )
    event = mapper.to_domain_event(older)
    assert (event.lead_source, event.discovered_before_monitoring) == (None, False)  # type: ignore[attr-defined]

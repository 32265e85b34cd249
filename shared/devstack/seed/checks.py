"""After the run: what the present-day jobs recorded about the 2018 demo while it was being loaded.

The services' schedulers act in the present, where every 2018 limit is long past. A deadline watch
that runs while a lead or case is halfway through its steps records a breach of that step's limit,
and the satellite clearance job that runs while the campaign's patches are being reported records
the batch as breached. Those records stand (they are history); the seed only reports them, so the
demo's presenter knows. Starting `zeren run` just before seeding makes them unlikely: each job runs
once at start-up, then only every minute (deadlines) or five minutes (satellite clearance).
"""

from __future__ import annotations

from shared.devstack.seed.world import CASES, World


def report_present_day_breaches(world: World) -> None:
    auditor = world.actors.director
    late = world.facts.get("late_lead", {}).get("lead_id")
    for lead_id in world.lead_ids:
        lead = world.client.get(auditor, f"{CASES}/leads/{lead_id}")
        unexpected = sorted(kind for kind in lead["breaches"] if not (lead_id == late and kind == "verification"))
        if unexpected:
            world.warnings.append(f"lead {lead['register_no']}: breach of {', '.join(unexpected)} recorded mid-run")
    for case in world.facts.get("cases", {}).values():
        found = world.client.get(auditor, f"{CASES}/cases/{case['case_id']}")
        breached = [line["kind"] for line in found["deadlines"] if line["breached"]]
        if breached:
            world.warnings.append(f"case {found['case_no']}: breach of {', '.join(breached)} recorded mid-run")
    batch = world.facts.get("satellite_batch")
    if batch and world.client.get(auditor, f"{CASES}/satellite/batches/{batch}")["settlement"] == "breached":
        world.warnings.append("the 2017 satellite batch was settled as breached while its patches were being reported")

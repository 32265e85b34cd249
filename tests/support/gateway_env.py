"""Gateway settings for the end-to-end tests that check what the system does, not how it sheds load.

On a shared 2-core machine a busy moment (another stack starting, a checkpoint, the test process
itself) can hold the gateway's event loop or a service for longer than the production limits allow;
a functional test must not see that as a refused call. tests/unit/gateway/test_overload.py checks the
limits themselves, and `zeren bench spike` checks them under a real spike.
"""

from __future__ import annotations

PATIENT_GATEWAY = {
    "GATEWAY_MAX_LOOP_LAG_SECONDS": "30",
    "GATEWAY_DOWNSTREAM_QUEUE_SECONDS": "30",
    "GATEWAY_DOWNSTREAM_PATIENT_QUEUE_SECONDS": "30",
    "GATEWAY_DOWNSTREAM_MAX_QUEUED": "10000",
}

"""One process's clock moved, the rest of the machine's left alone: libfaketime preloaded into that
process only (the PyPI wheel carries the built library, so no compiler or system package is needed).
Monotonic clocks are not moved: timeouts and intervals stay true, as they do when NTP is off."""

from __future__ import annotations

from pathlib import Path

import libfaketime

LIBRARY = Path(libfaketime.__file__).parent / "vendor" / "libfaketime" / "src" / "libfaketime.so.1"


def clock_off_by(offset: str) -> dict[str, str]:
    """The environment of a process whose wall clock is `offset` from the machine's ("+10m", "-20")."""
    assert LIBRARY.exists(), f"libfaketime is not where the wheel puts it: {LIBRARY}"
    return {
        "LD_PRELOAD": str(LIBRARY),
        "FAKETIME": offset,
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
        "DONT_FAKE_MONOTONIC": "1",  # the name older builds read
    }

"""`Cases` is composed of one command mixin per area: no area may silently replace another's method."""

from __future__ import annotations

from collections import defaultdict

from cases.application import Cases
from shared.application import ServiceApplication


def test_no_two_mixins_of_cases_define_the_same_method() -> None:
    owners: dict[str, list[str]] = defaultdict(list)
    shared_names = set(dir(ServiceApplication))
    for base in Cases.__mro__:
        if base is Cases or base in ServiceApplication.__mro__:
            continue
        for name in vars(base):
            if not name.startswith("__") and name not in shared_names:
                owners[name].append(base.__qualname__)
    assert {name: bases for name, bases in owners.items() if len(bases) > 1} == {}

"""Which unit a list is filtered to: bureau-wide roles ask for any unit or all; the others read their
own unit's list only, and a unit-bound caller without a unit reads none."""

from __future__ import annotations

import pytest

from shared.domain.access import ForbiddenError, Role, listed_unit


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.AUDITOR, Role.LEGAL_AFFAIRS])
def test_a_bureau_wide_role_lists_any_unit_or_all(role: Role) -> None:
    assert listed_unit(role, None, None) is None
    assert listed_unit(role, "LEGAL", "STN05") == "STN05"


@pytest.mark.parametrize("role", [Role.OFFICER, Role.UNIT_HEAD])
def test_a_unit_bound_role_lists_its_own_unit_only(role: Role) -> None:
    assert listed_unit(role, "STN03", None) == "STN03"
    assert listed_unit(role, "STN03", "STN03") == "STN03"
    with pytest.raises(ForbiddenError) as refused:
        listed_unit(role, "STN03", "STN05")
    assert refused.value.details == {"your_unit": "STN03", "object_unit": "STN05"}
    with pytest.raises(ForbiddenError):
        listed_unit(role, None, None)  # never "all units" for want of a unit

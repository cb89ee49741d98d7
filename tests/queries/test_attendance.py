"""attendance: the hand-built county's month with both engines on both stores, prorating and the leave rule."""

from __future__ import annotations

import pytest

from pairnet.graph.core.errors import PairnetError
from pairnet.graph.core.policy import Policy
from pairnet.queries.attendance import attendance, check_month

from .supervision_county import EXPECTED_ATTENDANCE, EXPECTED_SHORT_IF_LEAVE_EXCUSES, MONTH, supervision_network, write_county


def as_dict(df):
    return {(r.id, r.village_id): (r.role, r.present, r.leave, r.away, r.required, bool(r.short))
            for r in df.itertuples()}


@pytest.mark.parametrize("engine", ["cypher", "networkx"])
def test_attendance_on_both_stores_equals_the_hand_oracle(store, engine: str) -> None:
    write_county(store)
    found = attendance(store, month=MONTH, engine=engine)
    assert as_dict(found) == EXPECTED_ATTENDANCE
    assert list(zip(found["id"], found["village_id"])) == sorted(EXPECTED_ATTENDANCE)
    excused = attendance(store, month=MONTH, policy=Policy(leave_excuses=True), engine=engine)
    assert {k for k, v in as_dict(excused).items() if v[-1]} == EXPECTED_SHORT_IF_LEAVE_EXCUSES
    fewer = attendance(store, month=MONTH, policy=Policy(stationed_days_per_month=15), engine=engine)
    assert as_dict(fewer)[("C03", "V4")][4] == 8 and as_dict(fewer)[("C05", "V3")][4] == 15  # 7.5 -> 8; 14.5 -> 15


def test_the_network_and_the_store_give_the_same_frame(embedded_store) -> None:
    write_county(embedded_store)
    ref = attendance(supervision_network(), month="2026/6", engine="networkx")
    assert as_dict(ref) == EXPECTED_ATTENDANCE
    assert ref.equals(attendance(embedded_store, month="2026年6月"))
    assert attendance(embedded_store, month="2026-05").empty is False  # May: the postings of then, no days


def test_a_bad_month_is_the_users_fault() -> None:
    for bad in ("2026-13", "June", "2026-06-01", ""):
        with pytest.raises(PairnetError, match="month"):
            check_month(bad)

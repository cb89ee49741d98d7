"""Masking a text column at once (Arrow) gives exactly what masking each value gives."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pairnet.graph.core.pii import mask_frame, mask_strings, mask_value


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet="0123456789Xx张 -", max_size=22)), max_size=40))
def test_column_mask_equals_value_mask(values: list[str | None]) -> None:
    s = pd.Series(values, dtype="string")
    for kind in ("id_number", "phone"):
        got = mask_strings(s, kind).tolist()
        expected = [pd.NA if v is None else mask_value(kind, v) for v in values]
        assert [None if g is pd.NA else g for g in got] == [None if e is pd.NA else e for e in expected]


def test_mask_frame_masks_text_columns_at_once() -> None:
    df = pd.DataFrame({"id_number": pd.Series(["610924198001011234", None], dtype="string"),
                       "phone": pd.Series(["13900000001", ""], dtype="string"), "name": ["a", "b"]})
    out = mask_frame(df)
    assert out["id_number"].tolist()[0] == "610924********1234" and out["id_number"].isna().tolist() == [False, True]
    assert out["phone"].tolist() == ["139****0001", ""] and out["name"].tolist() == ["a", "b"]
    assert df["phone"].tolist()[0] == "13900000001"  # the input is left as it was

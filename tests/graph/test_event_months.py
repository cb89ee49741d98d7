"""Event rows by month: the embedded store keeps a table per month, yet queries and reads see one event table."""

from __future__ import annotations

from pathlib import Path

import ladybug as lb
import pandas as pd

from pairnet.graph.embedded import EmbeddedStore
from pairnet.graph.store import Store


def rows(dates: list[str], kinds: list[str]) -> pd.DataFrame:
    n = len(dates)
    return pd.DataFrame({
        "helper_id": pd.Series([f"C{i % 2}" for i in range(n)], dtype="string"),
        "household_id": pd.Series([f"H{i}" for i in range(n)], dtype="string"),
        "date": pd.Series(pd.to_datetime(dates)).astype("datetime64[s]"),
        "kind": pd.Series(kinds, dtype="string"),
        "note": pd.Series([None] * n, dtype="string")})


# Three months, written in two appends (the second adds to May and opens July): 7 visits, 4 of them home visits.
MAY_JUNE = rows(["2026-05-02", "2026-05-30", "2026-06-01", "2026-06-15"], ["home", "phone", "home", "home"])
MAY_JULY = rows(["2026-05-31", "2026-07-01", "2026-07-09"], ["other", "home", "phone"])


def test_queries_over_an_event_label_read_every_month(store: Store) -> None:
    store.append_events("visits", MAY_JUNE)
    store.append_events("visits", MAY_JULY)
    store.close()
    q = store.query("MATCH (v:Visit) RETURN count(v) AS n")
    assert q["n"].tolist() == [7]
    home = store.query("MATCH (v:Visit) WHERE v.kind IN $kinds AND v.date <= $d "
                       "RETURN v.household_id AS h, max(v.date) AS last ORDER BY h",
                       {"kinds": ["home"], "d": pd.Timestamp("2026-06-30").date()})
    assert home["h"].tolist() == ["H0", "H2", "H3"]  # H1 (2026-07-01) is after the day; phone/other do not count
    assert home["last"].tolist() == [pd.Timestamp("2026-05-02"), pd.Timestamp("2026-06-01"),
                                     pd.Timestamp("2026-06-15")]
    assert store.query("MATCH (:Visit {kind: 'phone'}) RETURN count(*) AS n")["n"].tolist() == [2]
    assert len(store.events("visits", "2026-05-31", "2026-06-01")) == 2  # across a month boundary
    assert store.query("MATCH (a:Attendance) RETURN count(a) AS n")["n"].tolist() == [0]


def test_embedded_keeps_a_table_per_month_and_reads_rows_written_before_the_split(tmp_path: Path) -> None:
    path = tmp_path / "pairnet.db"
    with EmbeddedStore(path) as store:
        store.create_schema()
    db = lb.Database(str(path))  # a store written before the split: its rows in the label's own table
    conn = lb.Connection(db)
    conn.execute("CREATE (:Visit {helper_id: 'C9', household_id: 'H9', date: date('2026-05-02'), kind: 'home'})")
    conn.execute("CHECKPOINT")
    conn.close()
    db.close()
    with EmbeddedStore(path) as store:
        old = rows(["2026-05-02"], ["home"]).assign(helper_id="C9", household_id="H9")
        assert store.append_events("visits", pd.concat([old, MAY_JUNE])).events == {"visits": 4}  # old row: stored
        assert store.append_events("visits", MAY_JULY).events == {"visits": 3}
        assert store.append_events("visits", MAY_JULY.iloc[1:]).load_id is None
    with EmbeddedStore(path) as store:
        tables = store.query("CALL show_tables() RETURN name")["name"].tolist()
        assert sorted(t for t in tables if t.startswith("Visit")) == [
            "Visit", "Visit_2026_05", "Visit_2026_06", "Visit_2026_07"]
        per = {t: store.query(f"MATCH (v:{t}) RETURN count(v) AS n")["n"].iloc[0] for t in tables
               if t.startswith("Visit_")}
        assert per == {"Visit_2026_05": 3, "Visit_2026_06": 2, "Visit_2026_07": 2}
        got = store.events("visits")
        assert sorted(got["household_id"]) == ["H0", "H0", "H1", "H1", "H2", "H2", "H3", "H9"]
        assert store.events("visits", "2026-05-01", "2026-05-31")["date"].dt.month.tolist() == [5] * 4
        assert store.query("MATCH (v:Visit) RETURN count(v) AS n")["n"].tolist() == [8]

"""Policy defaults and TOML policy files, including every way a file can be wrong."""

from __future__ import annotations

import pytest

from pairnet.graph.core.errors import PairnetError
from pairnet.graph.core.policy import Policy, load_policy


def test_defaults_are_543_plus_village_3() -> None:
    p = load_policy(None)
    assert dict(p.quota) == {"county": 5, "section": 4, "staff": 3, "village": 3}
    assert (p.continuity_years, p.min_team) == (2, 3)
    assert p.params()["quota_section"] == 4


def test_file_overrides_part_of_the_quota(tmp_path) -> None:
    f = tmp_path / "p.toml"
    f.write_text("continuity_years = 1\nmin_team = 5\n[quota]\nsection = 6\n")
    p = load_policy(f)
    assert dict(p.quota) == {"county": 5, "section": 6, "staff": 3, "village": 3}
    assert (p.continuity_years, p.min_team) == (1, 5)


@pytest.mark.parametrize("text, fragment", [
    ("colour = 3\n", "unknown key"),
    ("[quota]\ngeneral = 3\n", "unknown rank"),
    ("[quota]\nstaff = -1\n", "quota.staff"),
    ("[quota]\nstaff = 2.5\n", "quota.staff"),
    ("min_team = true\n", "min_team"),
    ("continuity_years = 'two'\n", "continuity_years"),
    ("quota = 3\n", "must be a table"),
    ("min_team = \n", "not valid TOML"),
])
def test_bad_files_are_refused(tmp_path, text: str, fragment: str) -> None:
    f = tmp_path / "p.toml"
    f.write_text(text)
    with pytest.raises(PairnetError, match=fragment):
        load_policy(f)


def test_missing_file_is_a_user_error(tmp_path) -> None:
    with pytest.raises(PairnetError, match="policy file"):
        load_policy(tmp_path / "none.toml")


def test_policy_in_code_is_checked_too() -> None:
    with pytest.raises(PairnetError):
        Policy(min_team=-1)

"""Property-based tests (hypothesis) of the readers, a transform helper and the validators:
arbitrary malformed rows never end in a traceback, always in an InputError (or a list of
problems) that names the row.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atlas import validate
from atlas.errors import InputError, Problem
from atlas.extract.read import read_csv_text, to_numbers
from atlas.metadata import load_metadata
from atlas.transform.tables import split_causes

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
HEADER = ["Country Code", "Year", "Value"]
# cells without the CSV syntax characters, so a generated row has exactly the fields it was given
PLAIN = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters=',"\r\n\x00'), max_size=12
)
NUMBER = st.integers(-(10**9), 10**9).map(str) | st.floats(
    allow_nan=False, allow_infinity=False
).map(repr)


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join(",".join(r) for r in [HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def good_rows(n: int) -> list[list[str]]:
    return [["MEX", str(2000 + i), str(i * 1.5)] for i in range(n)]


def read(path: Path) -> pd.DataFrame:
    return read_csv_text(path, "test.csv", HEADER, numeric=["Year", "Value"])


def rows_named(exc: InputError) -> set[int | None]:
    return {p.row for p in exc.problems}


@SETTINGS
@given(
    before=st.integers(0, 5),
    after=st.integers(0, 5),
    bad=st.lists(PLAIN, min_size=1, max_size=8).filter(
        lambda r: len(r) != 3 and any(c.strip() for c in r)
    ),
)
def test_a_row_of_the_wrong_length_is_named(tmp_path, before, after, bad):
    rows = good_rows(before) + [bad] + good_rows(after)
    with pytest.raises(InputError) as err:
        read(write_rows(tmp_path / "t.csv", rows))
    assert before + 1 in rows_named(err.value)  # data rows count from 1, the header excluded


@SETTINGS
@given(
    before=st.integers(0, 5),
    text=PLAIN.filter(lambda s: s.strip() not in ("", "..") and not _is_number(s)),
    column=st.sampled_from(["Year", "Value"]),
)
def test_text_in_a_number_is_named_with_its_row_and_field(tmp_path, before, text, column):
    bad = ["MEX", "2001", "1"]
    bad[HEADER.index(column)] = text
    rows = good_rows(before) + [bad] + good_rows(2)
    with pytest.raises(InputError) as err:
        read(write_rows(tmp_path / "t.csv", rows))
    assert any(p.row == before + 1 and p.field == column for p in err.value.problems)


def _is_number(text: str) -> bool:
    return pd.notna(pd.to_numeric(pd.Series([text]), errors="coerce").iloc[0])


@SETTINGS
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_are_read_or_refused_with_an_input_error(tmp_path, data):
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    try:
        read(path)
    except InputError as exc:
        assert exc.problems and all(isinstance(p, Problem) for p in exc.problems)
        assert all(p.row is None or p.row >= 0 for p in exc.problems)


@SETTINGS
@given(values=st.lists(PLAIN | NUMBER, min_size=1, max_size=30))
def test_to_numbers_names_every_bad_row(values):
    frame = pd.DataFrame({"v": values}, dtype=object)
    bad = [i + 1 for i, v in enumerate(values) if v not in ("", "..") and not _is_number(v)]
    try:
        out = to_numbers(frame, "test.csv", ["v"])
    except InputError as exc:
        assert {p.row for p in exc.problems} == set(bad[:20]) and bad
    else:
        assert bad == [] and out["v"].dtype == "float64"


CAUSES = [
    "Drowning",
    "Violence",
    "Harsh environmental conditions / lack of adequate shelter, food, water",
    "Mixed or unknown",
]


@SETTINGS
@given(
    text=st.text(max_size=120)
    | st.lists(st.sampled_from(CAUSES + ["x,y"]), max_size=4).map(",".join)
)
def test_splitting_causes_never_fails(text):
    out = split_causes(text, CAUSES)
    assert out is None or all(c in CAUSES for c in out)


# --- validators: the committed schema, real rows of the built package, one row broken ----------
@functools.cache
def package() -> tuple[dict, dict, dict[str, pd.DataFrame]]:
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    meta = load_metadata()
    tables = {}
    for name in ("countries", "indicators", "observations"):
        path = ROOT / "data" / f"{name}.csv"
        if not path.exists():
            pytest.skip("needs the built package (`make site`)")
        tables[name] = pd.read_csv(path, dtype=str, keep_default_na=False)
    tables["observations"] = tables["observations"].head(200).reset_index(drop=True)
    return descriptor, meta, tables


INVALID = {
    "year": PLAIN.filter(lambda s: s != "" and not re.fullmatch(r"-?[0-9]+", s)),
    "value": PLAIN.filter(lambda s: s != "" and not _is_number(s)),
    "sex": PLAIN.filter(lambda s: s not in ("", "total", "female", "male")),
    "iso3": PLAIN.filter(lambda s: s != "" and not re.fullmatch(r"[A-Z][A-Z0-9-]{2,7}", s)),
    "indicator_id": PLAIN.filter(lambda s: s != ""),
}


@SETTINGS
@given(row=st.integers(0, 199), field=st.sampled_from(sorted(INVALID)), data=st.data())
def test_a_broken_observation_is_named_by_row_and_field(row, field, data):
    descriptor, meta, tables = package()
    broken = tables["observations"].copy()
    value = data.draw(INVALID[field])
    if field == "indicator_id":
        value = "x" + value  # never a real indicator id
    broken.loc[row, field] = value
    problems = validate.validate_tables(
        {**tables, "observations": broken}, descriptor, meta["measures"], ["observations"]
    )
    assert problems, (field, value)
    named = [p for p in problems if p.file.endswith("observations.csv") and p.row == row + 1]
    assert named, (field, value, problems[:5])


@SETTINGS
@given(columns=st.lists(PLAIN, max_size=7), cells=st.lists(PLAIN, max_size=7))
def test_an_observations_table_of_any_shape_gets_problems_not_a_traceback(columns, cells):
    descriptor, meta, tables = package()
    names = list(dict.fromkeys(columns))
    frame = pd.DataFrame([(cells + [""] * len(names))[: len(names)]], columns=names, dtype=str)
    problems = validate.validate_tables(
        {**tables, "observations": frame}, descriptor, meta["measures"], ["observations"]
    )
    assert all(isinstance(p, Problem) for p in problems)
    if names != [f["name"] for f in descriptor["resources"][3]["schema"]["fields"]]:
        assert any(p.rule == "header differs from the schema" and p.row == 0 for p in problems)

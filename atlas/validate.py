"""Validate stage: every row of every resource against the committed Table Schemas, plus the
domain rules the standard cannot express.

The schema checks (types, required, enums, ranges, patterns, primary and foreign keys) are
derived from `datapackage.json` and vectorised with pandas, so every build checks every row in
about a second; the official `frictionless validate` runs over the same package in `make test`,
and the bad-input tests prove that both reject the same files. Domain rules: each indicator's
valid range (metadata, not a blanket 0–100), bilateral measure ranges, totals equal to the sum
of female and male, migrant stocks not above the population, names and sources present.
All problems of a run are collected; then the build stops.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from atlas.errors import Problem

MAX_PER_RULE = 20  # problems reported per file, field and rule (the count says how many more)
INTEGER = re.compile(r"^-?[0-9]+$")


def _report(
    label: str,
    field: str | None,
    rule: str,
    frame: pd.DataFrame,
    mask: pd.Series,
    column: str | None,
    expected: str | pd.Series = "",
) -> list[Problem]:
    """Problems for the rows of `mask` (the first MAX_PER_RULE, then a count).

    `expected` is one text, or a Series giving each row's expectation."""
    hits = np.flatnonzero(mask.to_numpy())
    problems = [
        Problem(
            label,
            int(i) + 1,
            field,
            rule,
            str(frame[column].iloc[i]) if column else "",
            str(expected.iloc[i]) if isinstance(expected, pd.Series) else expected,
        )
        for i in hits[:MAX_PER_RULE]
    ]
    if len(hits) > MAX_PER_RULE:
        problems.append(
            Problem(label, None, field, f"{rule}: {len(hits) - MAX_PER_RULE} more rows")
        )
    return problems


def check_schema(label: str, frame: pd.DataFrame, schema: dict) -> list[Problem]:
    """Type, required, enum, minimum/maximum, pattern and primary-key checks for one table."""
    problems: list[Problem] = []
    names = [f["name"] for f in schema["fields"]]
    if list(frame.columns) != names:
        return [
            Problem(
                label,
                0,
                None,
                "header differs from the schema",
                ",".join(frame.columns),
                ",".join(names),
            )
        ]
    for field in schema["fields"]:
        name, kind = field["name"], field["type"]
        col = frame[name]
        cons = field.get("constraints", {})
        empty = col == ""
        if cons.get("required"):
            problems += _report(label, name, "required value missing", frame, empty, name)
        present = ~empty
        numbers = None
        if kind == "integer":
            bad = present & ~col.str.match(INTEGER)
            problems += _report(label, name, "not an integer", frame, bad, name)
            numbers = pd.to_numeric(col.where(present & ~bad), errors="coerce")
        elif kind == "number":
            numbers = pd.to_numeric(col.where(present), errors="coerce")
            bad = present & numbers.isna()
            problems += _report(label, name, "not a number", frame, bad, name)
        elif kind == "boolean":
            bad = present & ~col.isin(["true", "false"])
            problems += _report(label, name, "not a boolean", frame, bad, name, "true|false")
        if "enum" in cons:
            bad = present & ~col.isin([str(v) for v in cons["enum"]])
            problems += _report(
                label, name, "value not allowed", frame, bad, name, "|".join(map(str, cons["enum"]))
            )
        if "pattern" in cons:
            bad = present & ~col.str.fullmatch(cons["pattern"])
            problems += _report(
                label, name, "does not match pattern", frame, bad, name, cons["pattern"]
            )
        if numbers is not None and "minimum" in cons:
            problems += _report(
                label,
                name,
                "below minimum",
                frame,
                numbers < cons["minimum"],
                name,
                f">= {cons['minimum']}",
            )
        if numbers is not None and "maximum" in cons:
            problems += _report(
                label,
                name,
                "above maximum",
                frame,
                numbers > cons["maximum"],
                name,
                f"<= {cons['maximum']}",
            )
    keys = schema["primaryKey"]
    dup = frame.duplicated(subset=keys, keep="first")
    if dup.any():
        key_text = pd.Series("", index=frame.index)
        key_text[dup] = frame.loc[dup, keys].astype(str).agg("|".join, axis=1)
        problems += _report(
            label, "+".join(keys), "duplicate primary key", pd.DataFrame({"k": key_text}), dup, "k"
        )
    return problems


def check_foreign_keys(
    label: str, frame: pd.DataFrame, schema: dict, tables: dict[str, pd.DataFrame]
) -> list[Problem]:
    problems = []
    for fk in schema.get("foreignKeys", []):
        ref = fk["reference"]
        target = tables.get(ref["resource"])
        if target is None:
            problems.append(
                Problem(
                    label, None, fk["fields"], f"referenced resource '{ref['resource']}' missing"
                )
            )
            continue
        allowed = set(target[ref["fields"]])
        col = frame[fk["fields"]]
        bad = (col != "") & ~col.isin(allowed)
        problems += _report(
            label,
            fk["fields"],
            f"not found in {ref['resource']}.{ref['fields']}",
            frame,
            bad,
            fk["fields"],
        )
    return problems


def check_domain(tables: dict[str, pd.DataFrame], measures: dict) -> list[Problem]:
    """Rules the Table Schema standard cannot express."""
    problems: list[Problem] = []
    obs, ind = tables.get("observations"), tables.get("indicators")
    if obs is not None and ind is not None:
        label = "data/observations.csv"
        value = pd.to_numeric(obs["value"], errors="coerce")
        lo = obs["indicator_id"].map(
            dict(zip(ind["id"], pd.to_numeric(ind["valid_min"], errors="coerce"), strict=True))
        )
        hi = obs["indicator_id"].map(
            dict(zip(ind["id"], pd.to_numeric(ind["valid_max"], errors="coerce"), strict=True))
        )
        outside = (lo.notna() & (value < lo)) | (hi.notna() & (value > hi))
        if outside.any():
            shown = obs.assign(v="")
            shown.loc[outside, "v"] = (
                obs["indicator_id"] + " " + obs["iso3"] + " " + obs["year"] + ": " + obs["value"]
            )
            problems += _report(
                label,
                "value",
                "outside the indicator's valid range (metadata/indicators.yaml)",
                shown,
                outside,
                "v",
                _range_text(lo.where(outside), hi.where(outside)),
            )
        sexes = dict(zip(ind["id"], ind["sexes"], strict=True))
        problems += _report(
            label,
            "sex",
            "sex not declared for the indicator",
            obs,
            ~_sex_allowed(obs, sexes),
            "sex",
        )
        problems += _totals_equal_parts(label, obs, ind)
        problems += _stock_within_population(label, obs)
    if ind is not None:
        label = "data/indicators.csv"
        for col in ("source_id", "license", "publisher"):
            problems += _report(label, col, "indicator without " + col, ind, ind[col] == "", "id")
    bil = tables.get("bilateral")
    if bil is not None:
        label = "data/bilateral.csv"
        value = pd.to_numeric(bil["value"], errors="coerce")
        for name, spec in measures.items():
            lo, hi = spec.get("range", [None, None])
            sel = bil["measure"] == name
            bad = sel & (
                ((value < lo) if lo is not None else False)
                | ((value > hi) if hi is not None else False)
            )
            problems += _report(
                label,
                "value",
                f"outside the valid range of measure '{name}'",
                bil,
                bad,
                "value",
                _bound(lo) + " to " + _bound(hi),
            )
    countries = tables.get("countries")
    if countries is not None:
        for lang in ("en", "es", "fr"):
            problems += _report(
                "data/countries.csv",
                f"name_{lang}",
                "country without a name",
                countries,
                countries[f"name_{lang}"] == "",
                "iso3",
            )
    return problems


def _bound(value) -> str:
    return "unbounded" if value is None or pd.isna(value) else f"{value:g}"


def _range_text(lo: pd.Series, hi: pd.Series) -> pd.Series:
    return lo.map(_bound) + " to " + hi.map(_bound)


def _sex_allowed(obs: pd.DataFrame, sexes: dict[str, str]) -> pd.Series:
    pairs = {f"{i}|{s}" for i, v in sexes.items() for s in v.split()}
    return (obs["indicator_id"] + "|" + obs["sex"]).isin(pairs)


def _totals_equal_parts(label: str, obs: pd.DataFrame, ind: pd.DataFrame) -> list[Problem]:
    """For counts of persons by sex, total = female + male (within rounding)."""
    ids = ind.loc[(ind["unit_en"] == "persons") & ind["sexes"].str.contains("female"), "id"]
    sub = obs[obs["indicator_id"].isin(ids)]
    if sub.empty:
        return []
    wide = sub.assign(v=pd.to_numeric(sub["value"], errors="coerce")).pivot_table(
        index=["indicator_id", "iso3", "year"], columns="sex", values="v", aggfunc="first"
    )
    if not {"total", "female", "male"} <= set(wide.columns):
        return []
    wide = wide.dropna(subset=["total", "female", "male"])
    bad = (wide["total"] - wide["female"] - wide["male"]).abs() > 0.5 + 1e-9 * wide["total"].abs()
    rows = wide[bad].reset_index()
    return [
        Problem(
            label,
            None,
            "value",
            "total differs from female + male",
            f"{r.indicator_id} {r.iso3} {r.year}: {r.total} vs {r.female}+{r.male}",
        )
        for r in rows.head(MAX_PER_RULE).itertuples()
    ]


def _stock_within_population(label: str, obs: pd.DataFrame) -> list[Problem]:
    stock = obs[(obs["indicator_id"] == "migrant_stock") & (obs["sex"] == "total")]
    pop = obs[(obs["indicator_id"] == "population") & (obs["sex"] == "total")]
    # A derived population (flag population_derived: interpolated by the Atlas) can fall a few
    # persons below a stock UN DESA estimated against another population (BES 2024); the build
    # then publishes no share (share_of_population, `within_population`). Official values only.
    pop = pop[pop["flag"] != "population_derived"]
    both = stock.merge(pop, on=["iso3", "year"], suffixes=("", "_pop"))
    if both.empty:
        return []
    bad = pd.to_numeric(both["value"]) > pd.to_numeric(both["value_pop"])
    return [
        Problem(
            label,
            None,
            "value",
            "migrant stock above the population",
            f"{r.iso3} {r.year}: {r.value} > {r.value_pop}",
        )
        for r in both[bad].head(MAX_PER_RULE).itertuples()
    ]


def validate_tables(
    tables: dict[str, pd.DataFrame],
    descriptor: dict,
    measures: dict,
    expected: list[str] | None = None,
) -> list[Problem]:
    """All checks over tables of text (exactly what is, or will be, written to the CSVs).

    `expected`: the resources that must be present (default: all of the descriptor)."""
    problems: list[Problem] = []
    by_name = {r["name"]: r for r in descriptor["resources"]}
    for name, frame in tables.items():
        if name not in by_name:
            problems.append(
                Problem(f"data/{name}.csv", None, None, "resource not in datapackage.json")
            )
            continue
        problems += check_schema(by_name[name]["path"], frame, by_name[name]["schema"])
    for name, frame in tables.items():
        if name in by_name and list(frame.columns) == [
            f["name"] for f in by_name[name]["schema"]["fields"]
        ]:
            problems += check_foreign_keys(
                by_name[name]["path"], frame, by_name[name]["schema"], tables
            )
    for resource in descriptor["resources"]:
        if (expected is None or resource["name"] in expected) and resource["name"] not in tables:
            problems.append(Problem(resource["path"], None, None, "resource file missing"))
    if not any(p.rule == "header differs from the schema" for p in problems):
        problems += check_domain(tables, measures)
        problems += check_sdg_series(tables.get("sdg_series"), descriptor.get("sdg_series", {}))
    return problems


def check_sdg_series(sdg: pd.DataFrame | None, meta: dict) -> list[Problem]:
    """Each SDG series within its valid range (metadata/sdg_series.yaml), and each row holding
    either a number or a text answer, never both nor neither (missing stays out, not blank)."""
    if sdg is None:
        return []
    label = "data/sdg_series.csv"
    value = pd.to_numeric(sdg["value"], errors="coerce")
    ranges = {code: s["range"] for code, s in meta.get("series", {}).items()}
    lo = pd.to_numeric(sdg["series"].map(lambda c: ranges.get(c, [None, None])[0]))
    hi = pd.to_numeric(sdg["series"].map(lambda c: ranges.get(c, [None, None])[1]))
    outside = (lo.notna() & (value < lo)) | (hi.notna() & (value > hi))
    shown = sdg.assign(
        v=sdg["series"] + " " + sdg["iso3"] + " " + sdg["year"] + ": " + sdg["value"]
    )
    problems = _report(
        label,
        "value",
        "outside the series' valid range (metadata/sdg_series.yaml)",
        shown,
        outside,
        "v",
        _range_text(lo.where(outside), hi.where(outside)),
    )
    one = (sdg["value"] != "") != (sdg["value_text"] != "")
    rule = "a row needs either a value or a value_text, not both"
    return problems + _report(label, "value", rule, shown, ~one, "v")


def read_package_tables(root: Path, descriptor: dict) -> dict[str, pd.DataFrame]:
    """Read a package's CSVs as text, for validating a package on disk."""
    tables = {}
    for resource in descriptor["resources"]:
        path = root / resource["path"]
        if path.exists():
            tables[resource["name"]] = pd.read_csv(
                path, dtype=str, keep_default_na=False, encoding="utf-8"
            )
    return tables

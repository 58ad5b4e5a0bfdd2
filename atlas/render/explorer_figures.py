"""What the corridor explorer (/corridors/) shows, one compact JSON file per country: every
corridor it is an end of, with the series the page draws, and its largest partners ranked by
the build. The browser only picks and draws from these files (it never sums, ranks or divides).

A corridor is read one way on every chart: people move from the origin to the destination and
send money back. For a country C, `origin` holds the corridors where C is the origin (its
partners are the destinations of its emigrants), `destination` those where C is the destination.
Per partner P (keys present only where the source has a value):

- `s`: migrant stock [[year, both sexes, women, men], …] (UN DESA; null where not given);
- `r`: remittances sent from the destination to the origin [2017, 2021] (KNOMAD; null: none);
- `c`: cost of sending $200 from the destination to the origin [[year, percent], …] (SDG 10.c.1);
- `u`: refugees from the origin in the destination [[year, persons], …] (UNHCR);
- `g`: income gap [ratio, GDP per capita of the origin, of the destination] (`income_gap`).

Per side, `top` lists the partners the page shows when one end only is picked: [code, bar label]
by stock and by refugees (latest year, labels with the share of the country's total), codes by
remittances (2021), and the cost rows of `corridor_figures.corridor_costs`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import pandas as pd

from atlas import analyse
from atlas.render.formats import jsonable, records, share_text

SIDES = {"origin": ("from_iso3", "to_iso3"), "destination": ("to_iso3", "from_iso3")}
SEXES = {"total": 1, "female": 2, "male": 3}
REMITTANCE_YEARS = (2017, 2021)


GAP_NUMBERS = (
    "migrants", "gdp_origin", "gdp_destination", "ratio", "migrants_covered",
    "migrants_left_out", "mean_ratio",
)  # fmt: skip


def _num(v):
    return jsonable(v)


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """An income-gap table (text, as packaged) with its numbers as numbers."""
    out = frame.copy()
    for c in GAP_NUMBERS:
        if c in out:
            out[c] = pd.to_numeric(out[c])
    return out


def corridor_series(bilateral: pd.DataFrame, gap: pd.DataFrame) -> dict[tuple, dict]:
    """(origin, destination) -> the corridor's compact series (keys as in the module doc)."""
    out: dict[tuple, dict] = defaultdict(dict)
    stock: dict[tuple, dict[int, list]] = defaultdict(dict)
    rows = bilateral[bilateral["measure"].isin(["migrant_stock", "remittances", "remittance_cost"])]
    rows = pd.concat([rows, bilateral[(bilateral["measure"] == "refugees")]])
    for m, f, t, y, sex, v in zip(
        rows["measure"], rows["from_iso3"], rows["to_iso3"], rows["year"], rows["sex"],
        rows["value"], strict=True,
    ):  # fmt: skip
        y, v = int(y), _num(v)
        if m == "migrant_stock":
            stock[(f, t)].setdefault(y, [y, None, None, None])[SEXES[sex]] = v
        elif m == "refugees":
            out[(f, t)].setdefault("u", []).append([y, v])
        elif m == "remittances":  # money from the destination (f) to the origin (t)
            out[(t, f)].setdefault("r", [None, None])[REMITTANCE_YEARS.index(y)] = v
        else:
            out[(t, f)].setdefault("c", []).append([y, v])
    for pair, years in stock.items():
        out[pair]["s"] = [years[y] for y in sorted(years)]
    for r in records(gap):
        out[(r["origin_iso3"], r["destination_iso3"])]["g"] = [
            _num(r["ratio"]),
            _num(r["gdp_origin"]),
            _num(r["gdp_destination"]),
        ]
    for entry in out.values():
        for k in ("u", "c"):
            if k in entry:
                entry[k].sort()
    return out


def _ranked(bilateral, measure, place, n, partners, label: Callable | None) -> dict[str, dict]:
    """Per country: its top-n partners of `measure` in its latest year, with bar labels."""
    top = analyse.top_partners(bilateral, measure, place, n, partners)
    top = top.sort_values(["iso3", "rank"]).drop_duplicates(["iso3", "partner_iso3"])
    out: dict[str, dict] = {}
    for r in records(top):
        entry = out.setdefault(r["iso3"], {"year": int(r["year"]), "partners": []})
        if label is None:
            entry["partners"].append(r["partner_iso3"])
            continue
        share = share_text(r["of_total"])
        entry["partners"].append([r["partner_iso3"], f"{label(r['partner_total'])} ({share})"])
    return out


def partner_ranks(
    bilateral: pd.DataFrame,
    kinds: dict[str, str],
    n: int,
    labels: dict[str, Callable[[float], str]],
    costs: dict[str, dict[str, list[dict]]],
) -> dict[str, dict[str, dict]]:
    """side -> country -> {stock, refugees, remittances: ranked partners; cost: rows}."""
    partners = [c for c, k in kinds.items() if k in ("country", "former")]
    out: dict[str, dict[str, dict]] = {}
    for side, (place, _) in SIDES.items():
        # remittances flow the other way: the origin of migrants is the receiving country
        money = "to_iso3" if side == "origin" else "from_iso3"
        parts = {
            "stock": _ranked(
                bilateral, "migrant_stock", place, n, partners, labels["migrant_stock"]
            ),
            "refugees": _ranked(bilateral, "refugees", place, n, partners, labels["refugees"]),
            "remittances": _ranked(bilateral, "remittances", money, n, partners, None),
        }
        mine: dict[str, dict] = defaultdict(dict)
        for part, by_country in parts.items():
            for iso3, entry in by_country.items():
                mine[iso3][part] = entry
        for iso3, rows in costs[side].items():
            mine[iso3]["cost"] = rows
        out[side] = mine
    return out


def country_files(
    series: dict[tuple, dict],
    ranks: dict[str, dict[str, dict]],
    gap_origins: pd.DataFrame,
    countries: list[str],
    partners: set[str],
) -> dict[str, dict]:
    """iso3 -> the explorer's file of the country (module doc); partners that are not places
    (unknown origins, unspecified receivers) stay out of the files."""
    files = {c: {"origin": {}, "destination": {}} for c in countries}
    for (o, d), entry in series.items():
        if o in files and d in partners:
            files[o]["origin"][d] = entry
        if d in files and o in partners and d != o:
            files[d]["destination"][o] = entry
    summary = {
        r["iso3"]: {
            "year": int(r["year"]),
            "gdp_year": int(r["gdp_year"]),
            "migrants": _num(r["migrants"]),
            "covered": _num(r["migrants_covered"]),
            "left_out": _num(r["migrants_left_out"]),
            "mean_ratio": _num(r["mean_ratio"]),
            "gdp": _num(r["gdp_origin"]),
        }
        for r in records(gap_origins)
    }
    for iso3, f in files.items():
        f["top"] = {side: ranks[side].get(iso3, {}) for side in SIDES}
        if iso3 in summary:
            f["gap"] = summary[iso3]
    return files

"""Writing the data package: the descriptor from metadata, and byte-stable CSVs swapped in whole.

Determinism: rows sorted by primary key, one fixed number format (integers without a decimal
point, other numbers as the shortest text that reads back to the same float), LF line ends,
no timestamps. Atomicity: CSVs are written to a staging folder, validated there, and only then
swapped for the previous `data/`, so a failed build leaves the previous package untouched.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from atlas.base import ROOT
from atlas.metadata import LANGS, text

DESCRIPTOR = ROOT / "datapackage.json"
DATA = ROOT / "data"


# --- descriptor --------------------------------------------------------------------------------
def license_object(source: dict, names: dict[str, str]) -> dict:
    name = next((v for k, v in names.items() if source["license"].startswith(k)), "other")
    obj = {"name": name, "title": source["license"]}
    if source.get("license_url"):
        obj["path"] = source["license_url"]
    return obj


def source_object(source: dict) -> dict:
    return {
        "id": source["id"],
        "title": source["title"],
        "path": source["url"],
        "publisher": source["publisher"],
        "landing_url": source["landing_url"],
        "license": source["license"],
        "attribution": source["attribution"],
        "vintage": source["vintage"],
        "sha256": source["sha256"],
    }


def resource_sources(name: str, spec: dict, meta: dict) -> list[str]:
    """Which sources a resource is made from (derived from metadata, never typed twice)."""
    if name == "observations":
        ids = [s for i in meta["indicators"] for s in [i["source"], *i.get("sources", [])]]
    elif name == "bilateral":
        ids = [s for m in meta["measures"].values() for s in [m["source"], *m.get("sources", [])]]
    elif name == "ratifications":
        ids = [s for i in meta["instruments"] for s in (i["source"], i.get("members_source")) if s]
    elif name == "sdg_series":
        ids = [s["source"] for s in meta["sdg_series"]["series"]] + list(spec.get("sources", []))
    else:
        ids = list(spec.get("sources", []))
    return list(dict.fromkeys(ids))


def fields_with_codes(name: str, fields: list[dict], meta: dict) -> list[dict]:
    """The schema's fields; the `series` field of sdg_series gets its enum from
    metadata/sdg_series.yaml, so a series code is typed once."""
    if name != "sdg_series":
        return fields
    codes = [s["code"] for s in meta["sdg_series"]["series"]]
    return [
        {**f, "constraints": {**f.get("constraints", {}), "enum": codes}}
        if f["name"] == "series"
        else f
        for f in fields
    ]


def sdg_series_metadata(meta: dict) -> dict:
    """Per SDG series: indicator, custodian, unit, valid range and the texts en/es/fr (what the
    /sdg/ pages show), plus the 10.7.2 policy-domain names."""
    keys = ("sdg_target", "sdg_indicator", "custodian", "source", "range", "title", "definition")
    series = {
        s["code"]: {**{k: s[k] for k in keys}, "unit": s["unit"], "caveats": s["caveats"]}
        for s in meta["sdg_series"]["series"]
    }
    return {"series": series, "policy_domains": meta["sdg_series"]["policy_domains"]}


def descriptor(meta: dict, sources: list[dict]) -> dict:
    """The package descriptor, derived from metadata/ and sources.yaml only."""
    pkg = meta["package"]
    names = pkg["license_names"]
    canonical = [s for s in sources if s["role"] == "canonical"]
    by_id = {s["id"]: s for s in canonical}

    def licenses(ids: list[str]) -> list[dict]:
        seen: dict[str, dict] = {}
        for sid in ids:
            obj = license_object(by_id[sid], names)
            seen.setdefault(obj["title"], obj)
        return list(seen.values())

    resources = []
    for name, spec in pkg["resources"].items():
        ids = resource_sources(name, spec, meta)
        schema = {
            "fields": fields_with_codes(name, spec["fields"], meta),
            "primaryKey": spec["primaryKey"],
        }
        if spec.get("foreignKeys"):
            schema["foreignKeys"] = spec["foreignKeys"]
        resource = {
            "name": name,
            "path": f"data/{name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": spec["description"],
            "schema": schema,
        }
        if ids:
            resource["sources"] = [
                {"title": by_id[i]["title"], "path": by_id[i]["url"], "id": i} for i in ids
            ]
            resource["licenses"] = licenses(ids)
        resources.append(resource)
    return {
        "profile": "tabular-data-package",
        "name": pkg["name"],
        "title": pkg["title"],
        "description": pkg["description"],
        "homepage": pkg["homepage"],
        "version": meta["release"]["version"],  # from the release record (releases/)
        "keywords": pkg["keywords"],
        "contributors": pkg["contributors"],
        "licenses": licenses([s["id"] for s in canonical]),
        "sources": [source_object(s) for s in canonical],
        "flags": {k: v["en"] for k, v in meta["flags"].items()},
        "measures": {
            k: {"unit": v["unit"], "description": v["en"], "source": v["source"]}
            for k, v in meta["measures"].items()
        },
        "sdg_series": sdg_series_metadata(meta),
        "resources": resources,
    }


def descriptor_text(desc: dict) -> str:
    return json.dumps(desc, indent=2, ensure_ascii=False) + "\n"


# --- tables from metadata ----------------------------------------------------------------------
def indicators_table(meta: dict, sources: list[dict]) -> pd.DataFrame:
    by_id = {s["id"]: s for s in sources}
    rows = []
    for ind in meta["indicators"]:
        src = by_id[ind["source"]]
        row = {"id": ind["id"], "theme": ind["theme"]}
        for key in ("title", "definition"):
            for lang in LANGS:
                row[f"{key}_{lang}"] = text(meta, ind, key, lang)
        row["unit_en"] = ind["unit"]
        for lang in LANGS[1:]:
            row[f"unit_{lang}"] = text(meta, ind, "unit", lang)
        row["source_id"] = ind["source"]
        row["source_ids"] = " ".join(dict.fromkeys([ind["source"], *ind.get("sources", [])]))
        row["publisher"] = src["publisher"]
        row["license"] = src["license"]
        row["sdg_targets"] = " ".join(str(t) for t in ind.get("sdg") or [])
        for lang in LANGS:
            row[f"caveats_{lang}"] = text(meta, ind, "caveats", lang)
        row["valid_min"], row["valid_max"] = ind["range"]
        row["sexes"] = " ".join(ind.get("sexes", ["total"]))
        rows.append(row)
    return pd.DataFrame(rows)


def instruments_table(meta: dict) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "id": i["id"],
                "untc_reference": i["untc"],
                "adopted": i["adopted"],
                **{f"title_{lang}": i[lang] for lang in LANGS},
            }
            for i in meta["instruments"]
        ]
    )


# --- formatting --------------------------------------------------------------------------------
def format_numbers(values: pd.Series) -> pd.Series:
    """Integers without '.0'; other numbers as the shortest text that reads back the same."""
    v = pd.to_numeric(values, errors="coerce").astype("float64")
    out = pd.Series("", index=values.index, dtype=object)
    finite = v.notna() & np.isfinite(v)
    integral = finite & (v == np.round(v)) & (v.abs() < 1e15)
    out[integral] = v[integral].astype("int64").astype(str)
    rest = finite & ~integral
    # numpy prints the shortest text that reads back to the same float (as repr does)
    out[rest] = v[rest].to_numpy().astype(str)
    return out


def as_text(frame: pd.DataFrame, fields: list[dict]) -> pd.DataFrame:
    """The frame as the exact strings written to CSV, in schema field order."""
    out = {}
    for field in fields:
        name = field["name"]
        col = frame[name] if name in frame else pd.Series("", index=frame.index)
        if field["type"] in ("number", "integer"):
            out[name] = format_numbers(col)
        elif field["type"] == "boolean":
            out[name] = col.map(
                lambda b: "true" if b is True or b == 1 else "false" if b in (False, 0) else ""
            )
        else:
            out[name] = col.astype(object).where(col.notna(), "").astype(str)
    return pd.DataFrame(out, index=frame.index)


def sorted_text(frame: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """Format, then sort by the primary key (numbers by value, text by code point)."""
    text_frame = as_text(frame, schema["fields"])
    keys = schema["primaryKey"]
    types = {f["name"]: f["type"] for f in schema["fields"]}
    order = pd.DataFrame(
        {
            k: (pd.to_numeric(frame[k]) if types[k] in ("integer", "number") else text_frame[k])
            for k in keys
        }
    )
    idx = order.sort_values(keys, kind="mergesort").index
    return text_frame.loc[idx].reset_index(drop=True)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


# --- atomic publication ------------------------------------------------------------------------

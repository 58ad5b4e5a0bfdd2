"""Release stage, first part: what changed between releases. The series manifest (one row per
indicator × country: years, count, total and a digest of every value), the sources' vintages,
and the changelog that diffs them against the previous release's committed records."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from atlas.errors import InputError, Problem
from atlas.package import format_numbers

MANIFEST_FIELDS = ["indicator_id", "iso3", "first_year", "last_year", "count", "total", "digest"]


SOURCE_FIELDS = ["id", "vintage", "sha256"]


TOP_REVISIONS = 20
MANIFEST_KEY = ["indicator_id", "iso3"]


def series_manifest(observations: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator × country: years, count, total and a digest of every value.

    `observations` holds the published text (read with dtype=str), so the digest is that of the
    exact CSV values and two builds of the same data give the same manifest."""
    obs = observations.assign(_year=observations["year"].astype(int))
    obs = obs.sort_values(["indicator_id", "iso3", "_year", "sex"], kind="mergesort")
    lines = obs["year"] + "," + obs["sex"] + "," + obs["value"] + "," + obs["flag"]
    keys = [obs["indicator_id"], obs["iso3"]]
    grouped = obs.assign(_line=lines, _value=pd.to_numeric(obs["value"])).groupby(keys, sort=True)
    frame = pd.DataFrame(
        {
            "first_year": grouped["_year"].min(),
            "last_year": grouped["_year"].max(),
            "count": grouped["_year"].size(),
            # 12 significant digits: the size of a revision, without float-sum noise
            "total": grouped["_value"].sum().map(lambda v: float(f"{v:.12g}")),
            "digest": grouped["_line"].agg(
                lambda s: hashlib.sha256("\n".join(s).encode()).hexdigest()[:16]
            ),
        }
    ).reset_index()
    return frame[MANIFEST_FIELDS]


def sources_manifest(sources: list[dict]) -> pd.DataFrame:
    canonical = [s for s in sources if s["role"] == "canonical"]
    return pd.DataFrame(
        [{f: str(s[f]) for f in SOURCE_FIELDS} for s in sorted(canonical, key=lambda s: s["id"])],
        columns=SOURCE_FIELDS,
    )


def frame_text(frame: pd.DataFrame) -> str:
    """CSV text with one number format (that of the package), LF line ends."""

    out = frame.copy()
    for name in out.columns:
        if pd.api.types.is_numeric_dtype(out[name]):
            out[name] = format_numbers(out[name])
    return out.to_csv(index=False, lineterminator="\n")


def read_manifest(path: Path, fields: list[str]) -> pd.DataFrame:
    """A committed manifest; a wrong header is an error naming the file."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise InputError(
            [Problem(str(path), None, None, "manifest missing: run `make release` and commit it")]
        ) from None
    if list(frame.columns) != fields:
        raise InputError(
            [
                Problem(
                    str(path),
                    1,
                    None,
                    "unexpected header",
                    ",".join(frame.columns),
                    ",".join(fields),
                )
            ]
        )
    return frame


def _relative(old: float, new: float) -> float | None:
    return None if old == 0 else (new - old) / abs(old)


def _first_release(new: pd.DataFrame) -> dict:
    return {
        "first_release": True,
        "series": len(new),
        "added": [],
        "removed": [],
        "revised": 0,
        "largest_revisions": [],
        "revised_series": [],
        "years_changed": [],
        "by_indicator": [],
        "sources": {"changed": [], "added": [], "removed": []},
    }


def _spans(rows: pd.DataFrame, side: str) -> list[dict]:
    """Series added or removed, with the years they cover."""
    return [
        {
            "indicator_id": r["indicator_id"],
            "iso3": r["iso3"],
            "first_year": int(r[f"first_year_{side}"]),
            "last_year": int(r[f"last_year_{side}"]),
            "count": int(r[f"count_{side}"]),
        }
        for r in rows.sort_values(MANIFEST_KEY).to_dict(orient="records")
    ]


def _revision(r: dict) -> tuple[dict, bool]:
    """One revised series, and whether it kept its years (then its size ranks it)."""
    old_total, new_total = float(r["total_old"]), float(r["total_new"])
    entry = {
        "indicator_id": r["indicator_id"],
        "iso3": r["iso3"],
        "years_old": f"{r['first_year_old']}–{r['last_year_old']}",
        "years_new": f"{r['first_year_new']}–{r['last_year_new']}",
        "count_old": int(r["count_old"]),
        "count_new": int(r["count_new"]),
        "total_old": old_total,
        "total_new": new_total,
        "relative_change": _relative(old_total, new_total),
    }
    old_years = (r["first_year_old"], r["last_year_old"], r["count_old"])
    new_years = (r["first_year_new"], r["last_year_new"], r["count_new"])
    return entry, old_years == new_years


def _by_size(entry: dict) -> tuple:
    change = entry["relative_change"]
    return (
        -(abs(change) if change is not None else float("inf")),
        entry["indicator_id"],
        entry["iso3"],
    )


def diff_manifests(
    old: pd.DataFrame | None,
    new: pd.DataFrame,
    old_sources: pd.DataFrame | None = None,
    new_sources: pd.DataFrame | None = None,
    top: int = TOP_REVISIONS,
) -> dict:
    """Series added, removed and revised between two manifests, and sources whose vintage changed.

    A series is revised when its digest differs. Its size is the relative change of the series
    total (sum over years and sexes); revisions that keep the same years are ranked by it (the
    largest first), those that add or drop years are counted and listed with their years. Every
    revised series is listed (`revised_series`), so a reader can find any one of them."""
    if old is None:
        return _first_release(new)
    merged = old.astype(str).merge(
        new.astype(str), on=MANIFEST_KEY, how="outer", suffixes=("_old", "_new"), indicator=True
    )
    both = merged[merged["_merge"] == "both"]
    revised = both[both["digest_old"] != both["digest_new"]]
    same_years, years_changed = [], []
    for r in revised.sort_values(MANIFEST_KEY).to_dict(orient="records"):
        entry, same = _revision(r)
        (same_years if same else years_changed).append(entry)
    same_years.sort(key=_by_size)
    return {
        "first_release": False,
        "series": len(new),
        "added": _spans(merged[merged["_merge"] == "right_only"], "new"),
        "removed": _spans(merged[merged["_merge"] == "left_only"], "old"),
        "revised": len(revised),
        "largest_revisions": same_years[:top],
        "revised_series": [
            {k: e[k] for k in ("indicator_id", "iso3", "relative_change")}
            for e in sorted(same_years + years_changed, key=_by_size)
        ],
        "years_changed": years_changed,
        "by_indicator": _by_indicator(merged, revised),
        "sources": diff_sources(old_sources, new_sources),
    }


def _by_indicator(merged: pd.DataFrame, revised: pd.DataFrame) -> list[dict]:
    """Per indicator with any change: series added, removed and revised."""
    counts = pd.DataFrame(
        {
            "added": merged[merged["_merge"] == "right_only"].groupby("indicator_id").size(),
            "removed": merged[merged["_merge"] == "left_only"].groupby("indicator_id").size(),
            "revised": revised.groupby("indicator_id").size(),
        }
    )
    counts = counts.fillna(0).astype(int).sort_index()
    return [{"indicator_id": i, **{k: int(v) for k, v in r.items()}} for i, r in counts.iterrows()]


def diff_sources(old: pd.DataFrame | None, new: pd.DataFrame | None) -> dict:
    """Sources whose vintage changed, and sources added or dropped."""
    if old is None or new is None:
        return {"changed": [], "added": [], "removed": []}
    before = dict(zip(old["id"], old["vintage"], strict=True))
    after = dict(zip(new["id"], new["vintage"], strict=True))
    return {
        "changed": [
            {"id": s, "vintage_old": before[s], "vintage_new": after[s]}
            for s in sorted(set(before) & set(after))
            if before[s] != after[s]
        ],
        "added": sorted(set(after) - set(before)),
        "removed": sorted(set(before) - set(after)),
    }


def changelog(record: dict, previous: dict | None, diff: dict) -> dict:
    return {
        "version": record["version"],
        "date": record["date"],
        "previous": previous["version"] if previous else None,
        "notes": record["notes"],
        **diff,
    }

"""What's new in the current release, for the home page: counts and names arranged from the
committed changelog (releases/<version>/changelog.json, written by `atlas release`) and the
previous release's manifest. Pages print these; they never count anything themselves."""

from __future__ import annotations

from collections.abc import Iterable

SHOWN = 6  # new indicators named on the home page; the release page lists every one


def new_indicators(log: dict, previous_ids: set[str]) -> list[str]:
    """Indicators with series added in this release and none in the previous one (its
    manifest), in the changelog's order. Empty for a first release: everything is new there,
    and the home page says so in one number instead."""
    if log.get("first_release"):
        return []
    return [
        r["indicator_id"]
        for r in log.get("by_indicator", [])
        if r["added"] > 0 and r["indicator_id"] not in previous_ids
    ]


def release_news(
    log: dict | None,
    previous_ids: Iterable[str],
    indicators: dict[str, dict],
    sources: dict[str, dict],
    shown: int = SHOWN,
) -> dict | None:
    """The short summary of a release's changelog the home page shows: how many series
    (indicator × country or area) were added, removed and revised against the previous
    release, the first `shown` indicators that are new (by title) and how many more, and who
    publishes the sources new or with a new vintage (a publisher once, however many files). None when the release has no changelog (nothing to summarise)."""
    if log is None:
        return None
    new = new_indicators(log, set(previous_ids))
    changes = log.get("sources", {})
    return {
        "version": log["version"],
        "date": log["date"],
        "previous": log.get("previous"),
        "first_release": bool(log.get("first_release")),
        "series": log["series"],
        "added": len(log.get("added", [])),
        "removed": len(log.get("removed", [])),
        "revised": log.get("revised", 0),
        "new_indicators": [
            {
                "id": i,
                "title": {
                    k[6:]: v for k, v in indicators.get(i, {}).items() if k.startswith("title_")
                },
            }
            for i in new[:shown]
        ],
        "n_new_indicators": len(new),
        "more_indicators": max(0, len(new) - shown),
        "new_sources": publishers(changes.get("added", []), sources),
        "new_vintages": publishers([s["id"] for s in changes.get("changed", [])], sources),
    }


def publishers(ids: Iterable[str], sources: dict[str, dict]) -> list[str]:
    """Who publishes the sources, each once and in order of name (a source naming two
    publishers, "A; B", counts both)."""
    names = (sources[i]["reader_publisher"] if i in sources else i for i in ids)
    return sorted({p.strip() for n in names for p in n.split(";") if p.strip()})

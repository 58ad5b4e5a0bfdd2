"""Metadata under `metadata/`: loaded once, checked before any data is read.

Indicators, themes, flags, measures, instruments, country-code exceptions and translations are
authored in YAML, never in code. Every problem names the file, the entry and the key.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from fractions import Fraction
from pathlib import Path

import yaml

from atlas.base import ROOT, current_release, load_yaml
from atlas.errors import InputError, Problem

METADATA = ROOT / "metadata"
LANGS = ("en", "es", "fr")
SEXES = ("total", "female", "male")


def _mapping(path: Path, key: str) -> dict:
    doc = load_yaml(path)
    value = doc.get(key) if isinstance(doc, dict) else None
    if not isinstance(value, dict | list):
        raise InputError([Problem(str(path), None, key, f"expected a top-level '{key}'")])
    return value


def load_metadata(directory: Path | None = None, sources: list[dict] | None = None) -> dict:
    """Read every metadata file and check the indicator entries against sources and themes."""
    d = directory or METADATA
    meta = {
        "indicators": _mapping(d / "indicators.yaml", "indicators"),
        "themes": _mapping(d / "themes.yaml", "themes"),
        "flags": _mapping(d / "flags.yaml", "flags"),
        "measures": _mapping(d / "measures.yaml", "measures"),
        "instruments": _mapping(d / "instruments.yaml", "instruments"),
        "countries": load_yaml(d / "countries.yaml"),
        "vocabularies": load_yaml(d / "vocabularies.yaml"),
        "package": load_yaml(d / "package.yaml"),
        "aggregation": load_yaml(d / "aggregates.yaml"),
        "index": load_yaml(d / "index.yaml"),
        "sdg_series": load_yaml(d / "sdg_series.yaml"),
        "origin": load_yaml(d / "origin_costs.yaml"),  # issue 21: estimate and pages
        "corridors": load_yaml(d / "corridors.yaml"),  # issue 19: income gap, explorer
        "release": current_release(),  # version and date: the committed release record
    }
    # one list for the build's shares and the index's ratios (the index sees only meta["index"])
    meta["index"]["territory_folds"] = meta["countries"].get("territory_folds", [])
    for lang in LANGS[1:]:
        meta[f"translations_{lang}"] = _mapping(d / "translations" / f"{lang}.yaml", "indicators")
    problems = check_indicators(meta, sources, d / "indicators.yaml")
    problems += check_index(meta, d / "index.yaml")
    problems += check_sdg_series_metadata(meta["sdg_series"], sources, d / "sdg_series.yaml")
    if problems:
        raise InputError(problems)
    return meta


def _lines_of(path: Path) -> dict[str, int]:
    """Line number of every `id:` entry in a YAML file, by id (for messages)."""
    out: dict[str, int] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        m = re.match(r"\s*-?\s*id:\s*([\w-]+)", line)
        if m:
            out.setdefault(m.group(1), n)
    return out


def check_index(meta: dict, path: Path) -> list[Problem]:
    """The index framework names known indicators and instruments, a direction of +1 or -1 and
    positive weights; each indicator says where its values come from."""
    config, label = meta["index"], str(path)
    lines = _lines_of(path)
    known = {i["id"] for i in meta["indicators"]}
    instruments = {i["id"] for i in meta["instruments"]}
    problems: list[Problem] = []

    def bad(entry_id: str, field: str, rule: str, value="", expected="") -> None:
        problems.append(Problem(label, lines.get(entry_id), field, rule, str(value), expected))

    for key in ("editions", "window_years", "min_dimension_coverage", "dimensions", "uncertainty"):
        if key not in config:
            problems.append(Problem(label, None, key, "required key missing"))
    try:
        share = Fraction(str(config.get("min_dimension_coverage", "1")))
        if not 0 < share <= 1:
            raise ValueError
    except (ValueError, ZeroDivisionError):
        problems.append(
            Problem(
                label,
                None,
                "min_dimension_coverage",
                "not a share",
                str(config.get("min_dimension_coverage")),
                "a fraction in (0, 1], e.g. 2/3",
            )
        )
    seen: set[str] = set()
    for dim in config.get("dimensions") or []:
        did = str(dim.get("id"))
        if not isinstance(dim.get("weight"), (int, float)) or dim["weight"] <= 0:
            bad(
                did,
                "weight",
                f"dimension '{did}': weight must be a positive number",
                dim.get("weight"),
            )
        if not dim.get("indicators"):
            bad(did, "indicators", f"dimension '{did}': no indicators")
        for ind in dim.get("indicators") or []:
            iid = str(ind.get("id"))
            if iid in seen:
                bad(iid, "id", "duplicate index indicator id", iid)
            seen.add(iid)
            if ind.get("direction") not in (1, -1):
                bad(
                    iid,
                    "direction",
                    f"index indicator '{iid}': direction",
                    ind.get("direction"),
                    "1 or -1",
                )
            sources = [k for k in ("from", "numerator", "instruments") if k in ind]
            if len(sources) != 1:
                bad(
                    iid,
                    "from",
                    f"index indicator '{iid}': say where values come from",
                    sources,
                    "one of from, numerator/denominator/scale, instruments/status_scores",
                )
            offset = ind.get("log_offset", 1)
            if not isinstance(offset, (int, float)) or offset <= 0:
                bad(iid, "log_offset", f"index indicator '{iid}': log offset", offset, "> 0")
            for key in ("from", "numerator", "denominator"):
                if key in ind and ind[key] not in known:
                    bad(iid, key, f"index indicator '{iid}': unknown package indicator", ind[key])
            for inst in ind.get("instruments") or []:
                if inst not in instruments:
                    bad(iid, "instruments", f"index indicator '{iid}': unknown instrument", inst)
    for c in config.get("context") or []:
        if c.get("id") not in known:
            bad(str(c.get("id")), "id", "context indicator is not a package indicator", c.get("id"))
    return problems


REQUIRED = ("id", "theme", "title", "definition", "unit", "source", "transform", "range")


def entry_lines(path: Path, key: str) -> list[int]:
    """Line number (1-based) of each entry of the list under `key`, for messages."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, OSError):
        return []
    for k, v in getattr(node, "value", []):
        if getattr(k, "value", None) == key and isinstance(v, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in v.value]
    return []


def check_sdg_series_metadata(
    config: dict, sources: list[dict] | None, path: Path
) -> list[Problem]:
    """Each SDG series names a canonical source, known dimensions, texts in every language and
    a range [min, max], so the reader and the descriptor never meet a gap mid-build."""
    canonical = {s["id"] for s in sources or [] if s["role"] == "canonical"}
    vocab = config.get("vocabularies", {})
    problems: list[Problem] = []
    for s in config.get("series", []):
        code = str(s.get("code"))
        if sources is not None and s.get("source") not in canonical:
            problems.append(
                Problem(
                    str(path),
                    None,
                    code,
                    "source not canonical in sources.yaml",
                    str(s.get("source")),
                )
            )
        for dim in s.get("dimensions", []):
            if dim not in vocab:
                problems.append(
                    Problem(str(path), None, code, "dimension without a vocabulary", dim)
                )
        for key in ("title", "definition", "unit", "caveats"):
            if not all(str((s.get(key) or {}).get(lang, "")).strip() for lang in LANGS):
                problems.append(
                    Problem(
                        str(path), None, code, f"{key} missing in a language", key, "en, es, fr"
                    )
                )
        rng = s.get("range")
        if not (isinstance(rng, list) and len(rng) == 2):
            problems.append(Problem(str(path), None, code, "range is not [min, max]", str(rng)))
    return problems


def check_indicators(meta: dict, sources: list[dict] | None, path: Path) -> list[Problem]:
    """Each indicator complete, its source pinned, its theme known, its range well formed."""
    label = str(path)
    known_sources = {s["id"]: s for s in sources or []}
    problems: list[Problem] = []
    seen: set[str] = set()
    lines = entry_lines(path, "indicators")
    for i, ind in enumerate(meta["indicators"]):
        n = lines[i] if i < len(lines) else None  # the entry's line in the YAML file
        if not isinstance(ind, dict):
            problems.append(Problem(label, n, None, "indicator entry is not a mapping"))
            continue
        iid = str(ind.get("id", f"#{n}"))
        for key in REQUIRED:
            if key not in ind or ind[key] in (None, ""):
                problems.append(Problem(label, n, key, f"indicator '{iid}': required key missing"))
        if iid in seen:
            problems.append(Problem(label, n, "id", "duplicate indicator id", iid))
        seen.add(iid)
        if sources is not None:
            for sid in [ind.get("source")] + list(ind.get("sources") or []):
                if sid and sid not in known_sources:
                    problems.append(
                        Problem(
                            label,
                            n,
                            "source",
                            f"indicator '{iid}': source not in sources.yaml",
                            str(sid),
                        )
                    )
                elif sid and known_sources[sid]["role"] != "canonical":
                    problems.append(
                        Problem(
                            label,
                            n,
                            "source",
                            f"indicator '{iid}': source is a cross-check file",
                            str(sid),
                            "a canonical source",
                        )
                    )
        if ind.get("theme") not in meta["themes"]:
            problems.append(
                Problem(
                    label, n, "theme", f"indicator '{iid}': unknown theme", str(ind.get("theme"))
                )
            )
        rng = ind.get("range")
        if not (
            isinstance(rng, list)
            and len(rng) == 2
            and all(v is None or isinstance(v, int | float) for v in rng)
        ):
            problems.append(
                Problem(label, n, "range", f"indicator '{iid}': range must be [min, max]", str(rng))
            )
        elif None not in rng and rng[0] > rng[1]:
            problems.append(
                Problem(label, n, "range", f"indicator '{iid}': min above max", str(rng))
            )
        for sex in ind.get("sexes", ["total"]):
            if sex not in SEXES:
                problems.append(
                    Problem(label, n, "sexes", f"indicator '{iid}': unknown sex", str(sex))
                )
        for key in ("title", "definition"):
            if not (isinstance(ind.get(key), dict) and str(ind[key].get("en", "")).strip()):
                problems.append(Problem(label, n, key, f"indicator '{iid}': English text missing"))
        for key in ("title", "definition", "caveats"):
            # an unquoted comma in a YAML flow mapping ({en: a, b}) cuts the text into a new key
            extra = (
                sorted(set(ind.get(key) or {}) - {"en"}) if isinstance(ind.get(key), dict) else []
            )
            if extra:
                problems.append(
                    Problem(label, n, key, f"indicator '{iid}': key other than en", str(extra[0]))
                )
    for lang in LANGS[1:]:
        tr = meta.get(f"translations_{lang}", {})
        tlabel = str(path.parent / "translations" / f"{lang}.yaml")
        for iid in sorted(seen - set(tr)):
            problems.append(Problem(tlabel, None, iid, f"no {lang} translation for indicator"))
        for iid in sorted(set(tr) - seen):
            problems.append(Problem(tlabel, None, iid, "translation for an unknown indicator"))
        for iid in sorted(seen & set(tr)):
            entry = tr[iid] or {}
            for key in ("title", "definition", "unit"):
                if not str(entry.get(key, "")).strip():
                    problems.append(Problem(tlabel, None, f"{iid}.{key}", f"{lang} text missing"))
    return problems


def unknown_transforms(meta: dict, known: Collection[str], path: Path) -> list[Problem]:
    """Indicators naming a transform the build stage does not have. The build passes its
    registry in, so metadata (loaded first) never imports a later stage."""
    lines = entry_lines(path, "indicators")
    return [
        Problem(
            str(path),
            lines[i] if i < len(lines) else None,
            "transform",
            f"indicator '{ind.get('id')}': unknown transform",
            str(ind.get("transform")),
        )
        for i, ind in enumerate(meta["indicators"])
        if isinstance(ind, dict) and ind.get("transform") and ind["transform"] not in known
    ]


def text(meta: dict, ind: dict, key: str, lang: str) -> str:
    """An indicator's text in one language (English from indicators.yaml, others translated)."""
    if lang == "en":
        value = ind.get(key, "")
        return str(value.get("en", "") if isinstance(value, dict) else value or "")
    return str((meta[f"translations_{lang}"].get(ind["id"]) or {}).get(key, "") or "")

"""Analyse stage, the Global Index's arithmetic: normalisation (min-max on winsorised values;
z-scores and percentile ranks as alternatives), the coverage rule, dimension means, weighted
arithmetic and geometric aggregation, and ranks. Pure functions over DataFrames, so tests can
hold bounds fixed and move one value; `atlas.composite` composes them into the resources."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd


def scored_indicators(config: dict) -> list[dict]:
    """Every scored indicator with its dimension id, in framework order."""
    return [dict(ind, dimension=d["id"]) for d in config["dimensions"] for ind in d["indicators"]]


def winsor_bounds(values: pd.DataFrame, config: dict) -> pd.DataFrame:
    """Per indicator with a value in the window: the lower and upper bound (percentiles of the
    countries' values) and the number of countries with a value. An indicator without any value
    (an older edition, before its source began) has no row: every country misses it."""
    low, high = config["normalisation"]["winsorise"]
    rows = []
    for ind in scored_indicators(config):
        v = values.loc[values["indicator"] == ind["id"], "value"]
        if v.empty:
            continue
        lo, hi = float(v.quantile(low)), float(v.quantile(high))
        if hi <= lo:  # a near-constant indicator: fall back on its full range
            lo, hi = float(v.min()), float(v.max())
        if hi <= lo:
            raise ValueError(f"index indicator '{ind['id']}': every country has the same value")
        rows.append({"indicator": ind["id"], "lo": lo, "hi": hi, "countries": int(v.size)})
    return pd.DataFrame(rows)


def minmax(values: pd.Series, lo: float, hi: float, direction: int) -> pd.Series:
    """0-100, 100 best: values clipped to [lo, hi] (winsorising), then scaled."""
    scaled = (values.clip(lo, hi) - lo) / (hi - lo) * 100.0
    return scaled if direction > 0 else 100.0 - scaled


def zscore(values: pd.Series, lo: float, hi: float, direction: int, clip: float) -> pd.Series:
    """0-100, 100 best: z-score of the winsorised values, clipped at ±clip and rescaled."""
    w = values.clip(lo, hi)
    sd = float(w.std(ddof=0)) or 1.0
    z = ((w - w.mean()) / sd * direction).clip(-clip, clip)
    return (z + clip) / (2 * clip) * 100.0


def percentile(values: pd.Series, direction: int) -> pd.Series:
    """0-100, 100 best: percentile rank among the countries with a value (ties averaged)."""
    ranks = (values * direction).rank(method="average")
    n = values.notna().sum()
    return (ranks - 1) / max(n - 1, 1) * 100.0


def normalised(
    values: pd.DataFrame, bounds: pd.DataFrame, config: dict, method: str
) -> pd.DataFrame:
    """Wide frame (iso3 x indicator) of 0-100 scores under one normalisation method."""
    wide = values.pivot(index="iso3", columns="indicator", values="value")
    b = bounds.set_index("indicator")
    clip = float(config["normalisation"]["zscore_clip"])
    out = {}
    for ind in scored_indicators(config):
        if ind["id"] not in b.index:
            out[ind["id"]] = pd.Series(np.nan, index=wide.index)
            continue
        col = wide[ind["id"]] if ind["id"] in wide else pd.Series(dtype=float)
        lo, hi, d = b.at[ind["id"], "lo"], b.at[ind["id"], "hi"], int(ind["direction"])
        if method == "minmax":
            out[ind["id"]] = minmax(col, lo, hi, d)
        elif method == "zscore":
            out[ind["id"]] = zscore(col, lo, hi, d, clip)
        elif method == "percentile":
            out[ind["id"]] = percentile(col, d)
        else:
            raise ValueError(f"metadata/index.yaml: unknown normalisation method '{method}'")
    return pd.DataFrame(out, index=wide.index)


def coverage(norm: pd.DataFrame, config: dict) -> pd.DataFrame:
    """Wide (iso3 x dimension): share of the dimension's indicators the country has."""
    return pd.DataFrame(
        {
            d["id"]: norm[[i["id"] for i in d["indicators"]]].notna().mean(axis=1)
            for d in config["dimensions"]
        }
    )


def dimension_scores(norm: pd.DataFrame, config: dict) -> pd.DataFrame:
    """Wide (iso3 x dimension): mean of the available normalised indicators, rounded; missing
    where the coverage rule is not met."""
    cov = coverage(norm, config)
    need = min_coverage(config)
    out = {}
    for d in config["dimensions"]:
        mean = norm[[i["id"] for i in d["indicators"]]].mean(axis=1)
        out[d["id"]] = mean.where(cov[d["id"]] >= need).round(int(config["decimals"]))
    return pd.DataFrame(out)


def min_coverage(config: dict) -> float:
    """The coverage rule as a number; the YAML writes it as a fraction ("2/3") so that two of
    three indicators pass exactly."""
    return float(Fraction(str(config["min_dimension_coverage"])))


def weighted_mean(scores: list[float], weights: list[float]) -> float:
    """The index formula, written as the browser runs it (same operations, same order), so
    that a reader's recomputation gives the same floating-point number."""
    total = 0.0
    wsum = 0.0
    for s, w in zip(scores, weights, strict=True):
        total += w * s
        wsum += w
    return total / wsum


def overall(dims: pd.DataFrame, weights: dict[str, float]) -> pd.Series:
    """Weighted arithmetic mean of the dimension scores (main aggregation); countries with any
    dimension missing are not scored."""
    cols = list(weights)
    scored = dims[cols].dropna()
    w = [float(weights[c]) for c in cols]
    values = [weighted_mean(row, w) for row in scored.itertuples(index=False, name=None)]
    return pd.Series(values, index=scored.index, dtype=float)


def geometric(dims: pd.DataFrame, weights: dict[str, float]) -> pd.Series:
    """Weighted geometric mean of (score + 1), minus 1: a low dimension is compensated less."""
    cols = list(weights)
    scored = dims[cols].dropna()
    w = np.array([float(weights[c]) for c in cols])
    logs = np.log(scored.to_numpy() + 1.0) @ w / w.sum()
    return pd.Series(np.exp(logs) - 1.0, index=scored.index)


def ranks(scores: pd.Series) -> pd.Series:
    """1 = highest score; ties share the best rank (as the browser ranks)."""
    return scores.rank(method="min", ascending=False).astype(int)


def rank_matrix(scores: np.ndarray) -> np.ndarray:
    """Ranks (1 = highest, ties share the best rank) of each row of a draws x countries array."""
    ascending = np.sort(scores, axis=1)
    out = np.empty_like(scores, dtype=np.int64)
    for k in range(scores.shape[0]):
        # rank = 1 + number of strictly greater scores
        out[k] = scores.shape[1] - np.searchsorted(ascending[k], scores[k], side="right") + 1
    return out


def draw_plan(config: dict, n_dims: int) -> list[tuple[int, int, np.ndarray]]:
    """The seeded Monte-Carlo draws: for each, the index of its normalisation method and of its
    aggregation (main first, then the alternatives) and one weight factor per dimension. The
    browser replays the same draws with a reader's weights (index/uncertainty.json)."""
    u = config["uncertainty"]
    rng = np.random.default_rng(int(u["seed"]))
    n_methods = 1 + len(config["normalisation"]["alternatives"])
    n_aggs = 1 + len(config["aggregation"]["alternatives"])
    low, high = u["weight_factor"]
    plan = []
    for _ in range(int(u["draws"])):
        m = int(rng.integers(n_methods))
        a = int(rng.integers(n_aggs))
        plan.append((m, a, rng.uniform(low, high, size=n_dims)))
    return plan


def draw_scores(dims: np.ndarray, weights: np.ndarray, geometric_mean: bool) -> np.ndarray:
    """One draw's index scores (countries x dimensions in, countries out), with the operations
    in the order the browser runs them (docs/assets/index.js), so both give the same ranks."""
    total = np.zeros(dims.shape[0])
    wsum = 0.0
    for j, w in enumerate(weights):
        term = np.log(dims[:, j] + 1.0) if geometric_mean else dims[:, j]
        total = total + w * term
        wsum += w
    return np.exp(total / wsum) - 1.0 if geometric_mean else total / wsum


def status_at(ratifications: pd.DataFrame, date: str) -> pd.Series:
    """Each row's status on `date` (ISO): party from the date of ratification, accession or
    succession; signatory from the date of signature until then; none before. A signature's
    date never makes a State a party. A State that denounced an instrument (status none in the
    snapshot) stays none: UNTC does not date the denunciation in its status table."""
    acted, signed = _iso(ratifications["action_date"]), _iso(ratifications["signature_date"])
    party = (ratifications["status"] == "party") & (acted != "") & (acted <= date)
    signatory = ~party & (ratifications["status"] != "none") & (signed != "") & (signed <= date)
    return pd.Series(
        np.select([party, signatory], ["party", "signatory"], "none"), index=ratifications.index
    )


def ratification_scores(
    ratifications: pd.DataFrame, places: set[str], ind: dict, edition: int
) -> pd.DataFrame:
    """Mean status score over the indicator's instruments on 31 December of the edition year,
    from the dated status of the snapshot. A country needs a row for every instrument, and some
    dated action (a signature or a ratification of any instrument) by that date: every State
    has one, so a country without any had not yet become a State (South Sudan before 2011) and
    has no value rather than a score of nothing ratified."""
    snapshot = str(ratifications["as_of"].max())
    date = f"{edition}-12-31"
    if date > snapshot:
        date = snapshot  # the status is not known after the snapshot
    ours = ratifications[ratifications["iso3"].isin(places)]
    acted = set(ours.loc[status_at(ours, date) != "none", "iso3"])
    rat = ours[ours["instrument"].isin(ind["instruments"]) & ours["iso3"].isin(acted)]
    status = status_at(rat, date)
    scores = status.map({k: float(v) for k, v in ind["status_scores"].items()})
    if scores.isna().any():
        bad = sorted(set(status[scores.isna()]))
        raise ValueError(f"index indicator '{ind['id']}': no status_scores entry for {bad}")
    grouped = rat.assign(score=scores).groupby("iso3", sort=True)["score"].agg(["mean", "size"])
    grouped = grouped[grouped["size"] == len(ind["instruments"])].reset_index()
    return grouped.rename(columns={"mean": "value"}).assign(year=edition, flag="")[
        ["iso3", "value", "year", "flag"]
    ]


def transformed(values: pd.DataFrame, config: dict) -> pd.DataFrame:
    """Values on the scale the index normalises: an indicator with `log_offset` is taken as
    log10(value + offset), so that rates spread over four orders of magnitude (refugees per
    1,000 from 0.001 to 300) separate countries instead of crowding all but a few at the best
    end. Other indicators are unchanged."""
    out = values.copy()
    for ind in scored_indicators(config):
        if "log_offset" in ind:
            rows = out["indicator"] == ind["id"]
            out.loc[rows, "value"] = np.log10(
                out.loc[rows, "value"].astype(float) + float(ind["log_offset"])
            )
    return out


def _iso(dates: pd.Series) -> pd.Series:
    """Dates (typed or text) as ISO text, blank where missing, so they compare as text."""
    return pd.to_datetime(dates, errors="coerce").dt.strftime("%Y-%m-%d").fillna("")

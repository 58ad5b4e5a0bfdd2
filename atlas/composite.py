"""Analyse stage, second part: the Global Index on migration, development and human rights.

Everything comes from the validated package (observations, ratifications, countries) and the
framework in `metadata/index.yaml`; nothing is typed here. The steps are those of the OECD/JRC
Handbook: reference window and coverage rule -> normalisation (min-max on winsorised values;
z-scores and percentile ranks as alternatives) -> arithmetic means within dimensions -> weighted
arithmetic mean across dimensions (geometric mean as the alternative) -> a seeded Monte-Carlo over
weights, normalisation and aggregation for rank intervals, one-at-a-time scenarios for the
sensitivity table, and correlations of indicators, dimensions, the index and context measures.

Functions are pure over DataFrames so that tests can hold bounds fixed and move one value.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from atlas.index_scores import (
    coverage,
    dimension_scores,
    draw_plan,
    draw_scores,
    geometric,
    normalised,
    overall,
    rank_matrix,
    ranks,
    ratification_scores,
    scored_indicators,
    transformed,
    winsor_bounds,
)
from atlas.transform.series import population_matching

OVERALL = "index"

INDEX_COLUMNS = [
    "iso3",
    "edition",
    "dimension",
    "status",
    "score",
    "rank",
    "rank_median",
    "rank_low",
    "rank_high",
    "coverage",
    "indicators",
    "imputed",
]


# --- framework -----------------------------------------------------------------------------------


def default_weights(config: dict) -> dict[str, float]:
    return {d["id"]: float(d["weight"]) for d in config["dimensions"]}


def _numeric(obs: pd.DataFrame) -> pd.DataFrame:
    out = obs[obs["sex"] == "total"][["indicator_id", "iso3", "year", "value", "flag"]].copy()
    out["year"] = out["year"].astype(int)
    out["value"] = pd.to_numeric(out["value"])
    return out


def _latest_in_window(rows: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    rows = rows[(rows["year"] >= first) & (rows["year"] <= last)]
    return rows.sort_values(["iso3", "year"]).groupby("iso3", sort=True).tail(1)


def input_values(
    observations: pd.DataFrame,
    ratifications: pd.DataFrame,
    countries: pd.DataFrame,
    config: dict,
    edition: int,
) -> pd.DataFrame:
    """Per country (kind country) and scored indicator: the latest value in the reference
    window, its year and the publisher's flag. Long format: iso3, indicator, value, year, flag."""
    obs = _numeric(observations)
    places = set(countries.loc[countries["kind"] == "country", "iso3"])
    obs = obs[obs["iso3"].isin(places)]
    first = edition - int(config["window_years"]) + 1
    parts = []
    for ind in scored_indicators(config):
        if "from" in ind:
            rows = obs[obs["indicator_id"] == ind["from"]]
        elif "numerator" in ind:
            num = obs[obs["indicator_id"] == ind["numerator"]]
            den = obs[obs["indicator_id"] == ind["denominator"]]
            # the denominator covers the numerator's territory (metadata/countries.yaml)
            den = population_matching(den, config.get("territory_folds", []), ind["numerator"])
            rows = num.merge(
                den[["iso3", "year", "value"]], on=["iso3", "year"], suffixes=("", "_d")
            )
            rows = rows[rows["value_d"] > 0]
            rows = rows.assign(value=rows["value"] / rows["value_d"] * float(ind["scale"]))
        else:
            rows = ratification_scores(ratifications, places, ind, edition)
        if ind.get("skip_latest_year") and len(rows):
            rows = rows[rows["year"] < rows["year"].max()]
        latest = _latest_in_window(rows, first, edition)
        parts.append(latest[["iso3", "value", "year", "flag"]].assign(indicator=ind["id"]))
    out = pd.concat(parts, ignore_index=True)
    out["flag"] = out["flag"].fillna("")
    return out[["iso3", "indicator", "value", "year", "flag"]]


# --- uncertainty and sensitivity -------------------------------------------------------------------
def scenario_scores(
    norms: dict[str, pd.DataFrame], config: dict, method: str, aggregation: str, weights: dict
) -> pd.Series:
    dims = dimension_scores(norms[method], config)
    if aggregation == "geometric":
        return geometric(dims, weights)
    return overall(dims, weights)


def monte_carlo(norms: dict[str, pd.DataFrame], config: dict, scored: pd.Index) -> np.ndarray:
    """Ranks of the index in every draw (draws x countries). Each draw picks a normalisation
    and an aggregation method at random and multiplies each dimension weight by a uniform
    factor; the generator is seeded, so results are identical across runs."""
    methods = [config["normalisation"]["main"], *config["normalisation"]["alternatives"]]
    aggs = [config["aggregation"]["main"], *config["aggregation"]["alternatives"]]
    base = default_weights(config)
    arrays = {
        m: dimension_scores(norms[m], config).loc[scored, list(base)].to_numpy() for m in methods
    }
    plan = draw_plan(config, len(base))
    weights = np.array(list(base.values()))
    out = np.empty((len(plan), len(scored)))
    for k, (m, a, factors) in enumerate(plan):
        out[k] = draw_scores(arrays[methods[m]], weights * factors, aggs[a] == "geometric")
    return rank_matrix(out)


def uncertainty_for_browser(
    inputs: pd.DataFrame, bounds: pd.DataFrame, config: dict, edition: int, scored: list[str]
) -> dict:
    """What a reader's browser needs to redo the Monte-Carlo with its own weights: the dimension
    scores of the scored countries (in `scored` order) under every normalisation method, from
    the published inputs (put on the scale the bounds are on) and bounds (`index_inputs`,
    `index_indicators`), and the draws."""
    methods = [config["normalisation"]["main"], *config["normalisation"]["alternatives"]]
    aggs = [config["aggregation"]["main"], *config["aggregation"]["alternatives"]]
    # on the scale the build normalises (log10 for the human-cost rates, `transformed`)
    values = transformed(
        inputs.loc[inputs["edition"] == edition, ["iso3", "indicator", "value"]], config
    )
    b = bounds.loc[bounds["edition"] == edition, ["indicator", "lo", "hi", "countries"]]
    dims = [d["id"] for d in config["dimensions"]]
    scores = {
        m: dimension_scores(normalised(values, b, config, m), config).loc[scored, dims]
        for m in methods
    }
    return {
        "methods": methods,
        "aggregations": aggs,
        "interval": float(config["uncertainty"]["interval"]),
        "dims": {m: frame.to_numpy().tolist() for m, frame in scores.items()},
        "draws": [[m, a, *f.tolist()] for m, a, f in draw_plan(config, len(dims))],
    }


def rank_intervals(draw_ranks: np.ndarray, interval: float) -> pd.DataFrame:
    tail = (1 - interval) / 2 * 100
    return pd.DataFrame(
        {
            "rank_median": np.median(draw_ranks, axis=0),
            "rank_low": np.floor(np.percentile(draw_ranks, tail, axis=0)).astype(int),
            "rank_high": np.ceil(np.percentile(draw_ranks, 100 - tail, axis=0)).astype(int),
        }
    )


def sensitivity(
    norms: dict[str, pd.DataFrame], config: dict, main_rank: pd.Series, mc: np.ndarray
) -> pd.DataFrame:
    """How far each choice, changed alone, moves the ranks of the countries scored by the main
    index: mean, median and largest absolute shift, and how many move more than 10 places."""
    main_method = config["normalisation"]["main"]
    weights = default_weights(config)
    scenarios: list[tuple[str, str, pd.Series]] = []
    for m in config["normalisation"]["alternatives"]:
        s = scenario_scores(norms, config, m, "arithmetic", weights)
        scenarios.append((f"normalisation_{m}", f"Normalisation: {m} instead of min-max", s))
    for a in config["aggregation"]["alternatives"]:
        s = scenario_scores(norms, config, main_method, a, weights)
        scenarios.append((f"aggregation_{a}", f"Aggregation: {a} mean across dimensions", s))
    for d in config["dimensions"]:
        w = {k: (0.0 if k == d["id"] else v) for k, v in weights.items()}
        s = scenario_scores(norms, config, main_method, "arithmetic", w)
        scenarios.append((f"without_{d['id']}", f"Without the dimension '{d['title']}'", s))
    for d in config["dimensions"]:
        w = {k: (v * 2 if k == d["id"] else v) for k, v in weights.items()}
        s = scenario_scores(norms, config, main_method, "arithmetic", w)
        scenarios.append((f"double_{d['id']}", f"Double weight on '{d['title']}'", s))
    rows = []
    for sid, text, s in scenarios:
        r = ranks(s.loc[main_rank.index])
        rows.append(_shift_row(sid, text, (r - main_rank).abs().to_numpy()))
    all_shifts = np.abs(mc - main_rank.to_numpy()[None, :]).ravel()
    rows.append(
        _shift_row(
            "monte_carlo",
            f"All choices at random ({mc.shape[0]} Monte-Carlo draws)",
            all_shifts,
        )
    )
    return pd.DataFrame(rows)


def _shift_row(sid: str, text: str, shifts: np.ndarray) -> dict:
    return {
        "scenario": sid,
        "description": text,
        "mean_shift": round(float(shifts.mean()), 2),
        "median_shift": float(np.median(shifts)),
        "max_shift": int(shifts.max()),
        "share_over_10": round(float((shifts > 10).mean()), 4),
    }


def correlations(
    norm: pd.DataFrame,
    dims: pd.DataFrame,
    index: pd.Series,
    context: pd.DataFrame,
) -> pd.DataFrame:
    """Pearson and Spearman correlations (pairwise complete, countries scored by the index) of
    the normalised indicators, the dimensions, the index and the context measures."""
    scored = index.index
    table = pd.concat(
        [norm.loc[scored], dims.loc[scored], index.rename(OVERALL), context.reindex(scored)],
        axis=1,
    )
    pearson = table.corr(method="pearson", min_periods=10)
    spearman = table.corr(method="spearman", min_periods=10)
    counts = table.notna().astype(int).T @ table.notna().astype(int)
    rows = []
    cols = list(table.columns)
    for a in cols:
        for b in cols:
            rows.append(
                {
                    "row": a,
                    "column": b,
                    "pearson": _round(pearson.at[a, b]),
                    "spearman": _round(spearman.at[a, b]),
                    "n": int(counts.at[a, b]),
                }
            )
    return pd.DataFrame(rows)


def _round(x: float) -> float:
    return float("nan") if x is None or math.isnan(x) else round(float(x), 4)


def context_values(
    observations: pd.DataFrame, countries: pd.DataFrame, config: dict, edition: int
) -> pd.DataFrame:
    """Wide (iso3 x context indicator): latest value in the reference window."""
    obs = _numeric(observations)
    first = edition - int(config["window_years"]) + 1
    out = {}
    for c in config["context"]:
        rows = _latest_in_window(obs[obs["indicator_id"] == c["id"]], first, edition)
        out[c["id"]] = rows.set_index("iso3")["value"]
    return pd.DataFrame(out)


# --- the resources -------------------------------------------------------------------------------
def global_index(
    observations: pd.DataFrame,
    ratifications: pd.DataFrame,
    countries: pd.DataFrame,
    config: dict,
) -> dict[str, pd.DataFrame]:
    """The index resources of the package: `index`, `index_inputs`, `index_indicators`,
    `index_sensitivity`, `index_correlations` (typed values), one block per edition of
    `editions` in metadata/index.yaml, each computed with the same rules from the values known
    in its own reference window (and the treaty status on its own date)."""
    parts = [
        one_edition(observations, ratifications, countries, config, int(e))
        for e in config["editions"]
    ]
    used = set().union(*(set(p["index_indicators"]["indicator"]) for p in parts))
    never = [i["id"] for i in scored_indicators(config) if i["id"] not in used]
    if never:
        raise ValueError(f"metadata/index.yaml: no country has a value in any edition: {never}")
    return {k: pd.concat([p[k] for p in parts], ignore_index=True) for k in parts[0]}


def one_edition(
    observations: pd.DataFrame,
    ratifications: pd.DataFrame,
    countries: pd.DataFrame,
    config: dict,
    edition: int,
) -> dict[str, pd.DataFrame]:
    """The index resources of one edition (the last year of its reference window)."""
    values = input_values(observations, ratifications, countries, config, edition)
    scale = transformed(values, config)
    bounds = winsor_bounds(scale, config)
    methods = [config["normalisation"]["main"], *config["normalisation"]["alternatives"]]
    norms = {m: normalised(scale, bounds, config, m) for m in methods}
    places = sorted(countries.loc[countries["kind"] == "country", "iso3"])
    main = norms[config["normalisation"]["main"]].reindex(places)
    dims = dimension_scores(main, config)
    cov = coverage(main, config)
    score = overall(dims, default_weights(config)).round(int(config["decimals"]))
    main_rank = ranks(score)
    mc = monte_carlo(norms, config, score.index)
    imputed = values.assign(imp=values["flag"].str.contains("imputed")).pivot(
        index="iso3", columns="indicator", values="imp"
    )
    imputed = imputed.reindex(places).fillna(False).astype(bool)
    index_rows = []
    intervals = rank_intervals(mc, float(config["uncertainty"]["interval"]))
    intervals.index = score.index
    for name in [OVERALL, *[d["id"] for d in config["dimensions"]]]:
        if name == OVERALL:
            ids = [i["id"] for i in scored_indicators(config)]
            s, cov_col = score, main[ids].notna().mean(axis=1)
        else:
            dim = next(d for d in config["dimensions"] if d["id"] == name)
            ids = [i["id"] for i in dim["indicators"]]
            s, cov_col = dims[name].dropna(), cov[name]
        frame = pd.DataFrame(index=pd.Index(places, name="iso3"))
        frame["score"] = s
        frame["rank"] = ranks(s).astype("Int64")
        frame["coverage"] = cov_col.round(4)
        frame["indicators"] = main[ids].notna().sum(axis=1).astype(int)
        frame["imputed"] = imputed.reindex(columns=ids, fill_value=False).any(axis=1)
        frame["status"] = np.where(frame["score"].notna(), "scored", "not_scored")
        if name == OVERALL:  # rank intervals are those of the index (Monte-Carlo)
            frame = frame.join(intervals)
        index_rows.append(frame.reset_index().assign(dimension=name, edition=edition))
    index = pd.concat(index_rows, ignore_index=True)[INDEX_COLUMNS]
    inputs = values.merge(
        main.stack().rename("normalised").reset_index().rename(columns={"level_1": "indicator"}),
        on=["iso3", "indicator"],
        how="left",
    ).assign(edition=edition)
    inputs["normalised"] = inputs["normalised"].round(int(config["decimals"]))
    meta_rows = []
    for ind in scored_indicators(config):
        if ind["id"] not in set(bounds["indicator"]):
            continue  # no value in this edition's window
        b = bounds.set_index("indicator").loc[ind["id"]]
        meta_rows.append(
            {
                "edition": edition,
                "indicator": ind["id"],
                "dimension": ind["dimension"],
                "direction": int(ind["direction"]),
                "source_indicators": " ".join(
                    x for x in (ind.get("from"), ind.get("numerator"), ind.get("denominator")) if x
                ),
                "lo": b["lo"],
                "hi": b["hi"],
                "countries": int(b["countries"]),
                "first_year": int(values.loc[values["indicator"] == ind["id"], "year"].min()),
                "last_year": int(values.loc[values["indicator"] == ind["id"], "year"].max()),
            }
        )
    sens = sensitivity(norms, config, main_rank, mc).assign(edition=edition)
    ctx = context_values(observations, countries, config, edition)
    corr = correlations(main, dims, score, ctx).assign(edition=edition)
    return {
        "index": index,
        "index_inputs": inputs,
        "index_indicators": pd.DataFrame(meta_rows),
        "index_sensitivity": sens,
        "index_correlations": corr,
    }

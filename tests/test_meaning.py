"""What the published numbers mean (issue 17, findings 1, 2, 5, 7, 8, 9, 10, 11).

Each test reads the raw file with its own minimal reader (pyreadr / pandas directly, never the
atlas build code) and checks the published package in data/: that a series is filed under the
country its definition names, that zeros a source writes for "not reported" are not published,
that World totals of recorded events are not dropped by the population-coverage rule, and so on.
"""

from __future__ import annotations

import pandas as pd
import pyreadr
import pytest
import yaml

from atlas.sources import ROOT, default_mirror


def _rda(path) -> pd.DataFrame:
    """The single data frame of an .rda file, as pyreadr reads it."""
    return next(iter(pyreadr.read_r(str(path)).values()))


@pytest.fixture(scope="module")
def unhcr_population(raw) -> pd.DataFrame:
    return _rda(raw["unhcr-population"])


@pytest.fixture(scope="module")
def indicators(tables) -> pd.DataFrame:
    return tables["indicators"].set_index("id")


@pytest.fixture(scope="module")
def aggregates(tables) -> pd.DataFrame:
    frame = tables["aggregates"].copy()
    frame["year"] = frame["year"].astype(int)
    frame["value"] = frame["value"].astype(float)
    frame["coverage"] = pd.to_numeric(frame["coverage"])  # empty: no population for the year
    return frame


def _published(obs: pd.DataFrame, indicator: str) -> pd.Series:
    rows = obs[(obs["indicator_id"] == indicator) & (obs["sex"] == "total")]
    return rows.set_index(["iso3", "year"])["value"]


def _raw_sums(frame: pd.DataFrame, side: str, column: str) -> pd.Series:
    """Sum of one UNHCR count by country (ISO3 of `side`) and year, positive sums only."""
    summed = frame.groupby([frame[side], frame["year"].astype(int)])[column].sum()
    summed.index.names = ["iso3", "year"]
    return summed[summed > 0]


# --- finding 1: returned refugees are filed under the country they left -----------------------
def test_returned_refugees_filed_under_the_country_the_definition_names(
    obs, indicators, unhcr_population
):
    """UNHCR files a return under origin (the country of return) and asylum (the country left):
    Syrians going home from Lebanon in 2024 are 254,651 under asylum LBN; 7 people returned
    *to* Lebanon. Each series must be said to be what it is."""
    left = _raw_sums(unhcr_population, "coa_iso", "returned_refugees")
    returned_to = _raw_sums(unhcr_population, "coo_iso", "returned_refugees")
    assert left[("LBN", 2024)] == 254_651 and returned_to[("LBN", 2024)] == 7

    by_asylum = _published(obs, "returned_refugees")
    by_origin = _published(obs, "returned_refugees_by_origin")
    assert by_asylum[("LBN", 2024)] == 254_651
    assert by_origin[("LBN", 2024)] == 7

    asylum_text = (
        indicators.loc["returned_refugees", "title_en"]
        + " "
        + indicators.loc["returned_refugees", "definition_en"]
    ).lower()
    origin_text = (
        indicators.loc["returned_refugees_by_origin", "title_en"]
        + " "
        + indicators.loc["returned_refugees_by_origin", "definition_en"]
    ).lower()
    assert "returned to the country" not in asylum_text, asylum_text
    assert "country of return" not in asylum_text, asylum_text
    assert "country of asylum they left" in asylum_text, asylum_text
    assert "returned to the country" in origin_text, origin_text


# --- finding 2: UNHCR records every stateless person under origin "Stateless" -----------------
def test_no_stateless_by_origin_series_of_zeros(obs, aggregates, unhcr_population):
    """All 4.36 million stateless people of end-2024 have origin 'Stateless' in the source: a
    by-country-of-origin series can only be zeros, which would say 'no stateless people'."""
    positive = unhcr_population[unhcr_population["stateless"] > 0]
    assert set(positive["coo_name"]) == {"Stateless"}
    assert positive.loc[positive["year"] == 2024, "stateless"].sum() == 4_360_087

    origin = obs[obs["indicator_id"] == "stateless_by_origin"]
    zeros = origin[origin["value"] == 0]
    assert zeros.empty, f"{len(zeros)} zero values published for stateless_by_origin"
    assert aggregates[aggregates["indicator_id"] == "stateless_by_origin"].empty
    # what the source can say stays published: stateless people by country of residence
    world = aggregates[
        (aggregates["indicator_id"] == "stateless_persons")
        & (aggregates["group"] == "WLD")
        & (aggregates["year"] == 2024)
    ]
    assert world["value"].tolist() == [4_360_087]


# --- finding 7: zero is not missing; recorded events are complete; a partial year says so ------
def test_unhcr_zeros_for_not_reported_are_not_published(obs, unhcr_population):
    """UNHCR's table has one row per origin–asylum pair present for any population type, with 0
    in the other columns: a country-year with no IDPs, returnees or stateless people recorded
    is 'not reported', not 'none'. Positive sums are published exactly; zeros are not."""
    for indicator, column in (
        ("idps_unhcr", "idps"),
        ("returned_idps", "returned_idps"),
        ("stateless_persons", "stateless"),
        ("returned_refugees", "returned_refugees"),
    ):
        published = _published(obs, indicator)
        expected = _raw_sums(unhcr_population, "coa_iso", column)
        expected = expected.drop("UNK", level="iso3", errors="ignore")  # the Atlas's code: OOO
        zeros = published[published == 0]
        assert zeros.empty, f"{indicator}: {len(zeros)} zeros published, e.g. {zeros.index[:3]}"
        common = expected.index.intersection(published.index)
        assert len(common) >= 0.99 * len(expected), indicator
        assert (published[common] == expected[common]).all(), indicator


def test_wdi_remittance_zeros_are_not_published(obs, raw):
    """WDI writes 0 for remittances in years a country did not compile them (e.g. paid)."""
    wdi = _rda(raw["wdi-selected"])
    for indicator, var in (
        ("remittances_paid_usd", "remout"),
        ("remittances_received_usd", "remin"),
    ):
        zero = wdi[(wdi["var"] == var) & (wdi["v"] == 0)]
        assert len(zero) > 0
        published = _published(obs, indicator)
        hit = published[published == 0]
        assert hit.empty, f"{indicator}: {len(hit)} zeros published (WDI 'not compiled')"


@pytest.mark.parametrize(
    ("indicator", "source", "count"),
    [
        ("dead_missing_in_country", "iom-missing-migrants", "dead"),
        ("idps_idmc", "unhcr-idmc", "total"),
        ("idps_unhcr", "unhcr-population", "idps"),
        ("stateless_persons", "unhcr-population", "stateless"),
    ],
)
def test_world_totals_of_recorded_events_in_every_year(aggregates, raw, indicator, source, count):
    """Counts of what a publisher records (IOM's dead and missing, IDMC's IDPs, UNHCR's IDPs of
    concern and stateless people) are complete by construction for what they count: the World
    total is the sum of all records in every year, not dropped by the 50 %-of-population rule
    meant for country-reported statistics (once UNHCR's 'not reported' zeros are dropped, the
    countries with IDPs of concern hold less than half the world's population)."""
    frame = _rda(raw[source])
    if "year" not in frame:
        frame["year"] = pd.to_datetime(frame["t"]).dt.year
    expected = frame.groupby(frame["year"].astype(int))[count].sum()
    expected = expected[expected > 0]  # a year with nothing recorded has no total
    world = aggregates[(aggregates["indicator_id"] == indicator) & (aggregates["group"] == "WLD")]
    world = world.set_index("year")["value"]
    missing = sorted(set(expected.index) - set(world.index))
    assert not missing, f"{indicator}: no World total for {missing}"
    assert (world[expected.index] == expected).all()


def test_partial_latest_year_of_missing_migrants_is_flagged(obs, raw, descriptor):
    """IOM's file stops on 30 April 2025: 2025 values cover January–April, not a year."""
    mmp = _rda(raw["iom-missing-migrants"])
    last = pd.to_datetime(mmp["t"]).max()
    assert last < pd.Timestamp(year=last.year, month=12, day=31)
    flags = next(r for r in descriptor["resources"] if r["name"] == "observations")
    allowed = next(f for f in flags["schema"]["fields"] if f["name"] == "flag")
    assert "partial_year" in allowed["constraints"]["enum"]
    for indicator in ("dead_missing_in_country", "dead_missing_nationals"):
        rows = obs[obs["indicator_id"] == indicator]
        partial = rows[rows["year"] == last.year]
        assert len(partial) > 0
        assert (partial["flag"] == "partial_year").all(), indicator
        assert not (rows.loc[rows["year"] < last.year, "flag"] == "partial_year").any()


# --- finding 9: SDG tags name only targets the series measures ----------------------------------
def test_sdg_tags_only_where_the_series_measures_the_target(indicators):
    """SDG indicator 10.7.4 is refugees by country of *origin* per 100,000 of that origin's
    population (the SDG database's series is by origin): a count by country of asylum does
    not measure it. Life expectancy is not UHC (3.8), the female share of migrants is not
    violence against women (5.2), total population is not statistical capacity (17.18)."""
    concepts = _sdg_concepts()
    refg = concepts[concepts.apply(lambda row: "10.7.4" in row.tolist(), axis=1)]
    assert refg.apply(lambda row: "by country of origin" in " ".join(row), axis=1).all()
    wrong = {
        "refugees_hosted": "10.7.4",
        "life_expectancy": "3.8",
        "migrant_stock_female_share": "5.2",
        "population": "17.18",
        "remittances_received_usd": "10.c",  # 10.c is the cost of remittances, not their volume
        "remittances_paid_usd": "10.c",
    }
    for indicator, tag in wrong.items():
        tags = indicators.loc[indicator, "sdg_targets"].split()
        assert tag not in tags, f"{indicator} is tagged {tag}"


def _sdg_concepts() -> pd.DataFrame:
    """The SDG database extract's concept table (not pinned in sources.yaml: read it here)."""
    folder = default_mirror() / "unsd-sdg-migration-targets"
    return pd.read_csv(folder / "ddf--concepts--continuous.csv", dtype=str, keep_default_na=False)


# --- finding 10: counts are whole numbers, values carry no float noise ---------------------------
def test_counts_of_people_are_integers(tables, indicators, raw):
    """UN WPP population comes as thousands with three decimals stored in binary floating
    point (ALB 2022: 2827614.999999999): exact persons, published as whole numbers."""
    wdi = _rda(raw["wdi-selected"])
    alb = wdi[(wdi["geo"] == "ALB") & (wdi["var"] == "pop") & (wdi["t"] == 2022)]["v"].iloc[0]
    assert alb != round(alb) and abs(alb - round(alb)) < 1e-6
    counts = set(indicators.index[indicators["unit_en"] == "persons"])
    obs = tables["observations"]
    mine = obs[obs["indicator_id"].isin(counts)]
    bad = mine[mine["value"].str.contains(".", regex=False)]
    assert bad.empty, f"{len(bad)} counts with a decimal point, e.g. {bad.head(3).values.tolist()}"
    pop = obs[(obs["indicator_id"] == "population") & (obs["iso3"] == "ALB")]
    assert pop.loc[pop["year"] == "2022", "value"].tolist() == [str(round(alb))]
    agg = tables["aggregates"]
    noisy = agg[agg["indicator_id"].isin(counts) & agg["value"].str.contains(".", regex=False)]
    assert noisy.empty, f"{len(noisy)} aggregate counts with decimals"


# --- finding 8: coverage tested before rounding; what the caveats and descriptions say ----------
def test_coverage_rule_is_met_before_rounding(tables, aggregates, raw):
    """Coverage is published rounded to 4 decimals; the 50 % rule must hold on the exact share
    (UN-ASI 1981 was published at 0.5 with 0.49996). Recomputed from WPP population (wdi.rda)
    and the package's own list of which countries have a value."""
    wdi = _rda(raw["wdi-selected"])
    pop = wdi[wdi["var"] == "pop"].set_index(["geo", "t"])["v"]
    places = tables["countries"]
    places = places[places["kind"] == "country"]
    groups = yaml.safe_load((ROOT / "metadata" / "aggregates.yaml").read_text(encoding="utf-8"))
    members = {}
    for code, conditions in groups["groups"].items():
        mask = pd.Series(True, index=places.index)
        for column, wanted in (conditions or {}).items():
            mask &= places[column] == wanted
        members[code] = set(places.loc[mask, "iso3"])
    obs = tables["observations"]
    meta = yaml.safe_load((ROOT / "metadata" / "indicators.yaml").read_text(encoding="utf-8"))
    events = {
        i["id"] for i in meta["indicators"] if (i.get("aggregate") or {}).get("recorded_events")
    }
    ruled = aggregates[~aggregates["indicator_id"].isin(events)]
    edge = ruled[ruled["coverage"] < 0.5001]  # published 0.5 (or 0.5000): the exact share
    for row in edge.itertuples():
        have = obs[
            (obs["indicator_id"] == row.indicator_id)
            & (obs["year"] == str(row.year))
            & (obs["sex"] == "total")
        ]
        codes = members[row.group]
        covered = sum(pop.get((c, row.year), 0) for c in set(have["iso3"]) & codes)
        total = sum(pop.get((c, row.year), 0) for c in codes)
        assert covered / total >= 0.5, (row.indicator_id, row.group, row.year, covered / total)


def test_dead_missing_in_country_caveat_says_sea_deaths_are_counted(obs, indicators, raw):
    """IOM attributes incidents at sea to a country: Libya 2016, 3,233 of 3,709 dead and
    missing were on the Central Mediterranean route. The caveat must not say they are left out."""
    mmp = _rda(raw["iom-missing-migrants"])
    mmp["year"] = pd.to_datetime(mmp["t"]).dt.year
    libya = mmp[(mmp["geo"] == "LBY") & (mmp["year"] == 2016)]
    sea = libya.loc[libya["route"] == "Central Mediterranean Route", "dead"].sum()
    assert (sea, libya["dead"].sum()) == (3_233, 3_709)
    assert _published(obs, "dead_missing_in_country")[("LBY", 2016)] == 3_709
    for lang in ("en", "es", "fr"):
        caveat = indicators.loc["dead_missing_in_country", f"caveats_{lang}"]
        assert "3,233" in caveat or "3233" in caveat or "3 233" in caveat, (lang, caveat)
    assert "not counted" not in indicators.loc["dead_missing_in_country", "caveats_en"]


def test_bilateral_description_says_reported_zeros_are_omitted(tables, descriptor, raw):
    """UN DESA's table has pairs estimated at 0; the package omits them like unreported pairs,
    so 'omitted = nothing reported' is not true: the description must say both."""
    stocks = _rda(raw["undesa-stocks-2024"])
    pairs = stocks.groupby(["from", "geo", "t"])["n"].sum()
    zero = pairs[pairs == 0]
    assert len(zero) > 0
    bilateral = tables["bilateral"]
    stock = bilateral[(bilateral["measure"] == "migrant_stock") & (bilateral["sex"] == "total")]
    published = set(
        zip(stock["from_iso3"], stock["to_iso3"], stock["year"].astype(int), strict=True)
    )
    assert not published & {(f, g, int(t)) for f, g, t in zero.index}
    text = next(r for r in descriptor["resources"] if r["name"] == "bilateral")["description"]
    assert "Pairs with nothing reported are omitted (missing, not zero)" not in text
    assert "also where it reports zero" in text


# --- finding 5: asylum applications are new and repeat claims; cases left out are flagged ------
def _new_and_repeat(raw) -> pd.DataFrame:
    """Applications minus appeal and review stages (app_type A = Appeal, dec_level AR =
    administrative review, per the package documentation; JR = judicial review)."""
    apps = _rda(raw["unhcr-asylum-applications"])
    appeal = apps["app_type"].isin(["A"]) | apps["dec_level"].isin(["AR", "JR"])
    return apps[~appeal]


def test_asylum_applications_count_new_and_repeat_claims(obs, raw):
    """USA 2017: 123,377 new applications in persons and 138,762 in cases (plus 3,038 appeals
    in persons). The published persons count must leave out the appeals and say that the
    cases are not in it."""
    apps = _rda(raw["unhcr-asylum-applications"])
    usa = apps[(apps["coa_iso"] == "USA") & (apps["year"] == 2017)]
    assert usa.loc[usa["app_type"] == "A", "applied"].sum() == 3_038
    assert usa.loc[usa["app_pc"] == "C", "applied"].sum() == 138_762
    rows = obs[
        (obs["indicator_id"] == "asylum_applications")
        & (obs["iso3"] == "USA")
        & (obs["year"] == 2017)
    ]
    assert rows["value"].tolist() == [123_377], rows
    assert rows["flag"].tolist() == ["cases_omitted"]

    lodged = _new_and_repeat(raw)
    lodged = lodged.assign(year=lodged["year"].astype(int))
    keys = ["coa_iso", "year"]
    units = lodged.groupby(keys)["app_pc"].agg(lambda u: "".join(sorted(set(u))))
    persons = lodged[lodged["app_pc"] == "P"].groupby(keys)["applied"].sum()
    published = obs[obs["indicator_id"] == "asylum_applications"].copy()
    published["key"] = list(zip(published["iso3"], published["year"], strict=True))
    mixed = published[published["key"].map(units) == "CP"]
    assert len(mixed) > 0
    assert (mixed["flag"] == "cases_omitted").all()
    only_persons = published[published["key"].map(units) == "P"]
    expected = only_persons["key"].map(persons)
    bad = only_persons[only_persons["value"] != expected]
    assert bad.empty, f"{len(bad)} persons counts include appeals, e.g. {bad.head(3).values}"


# --- finding 11: decided and documented -----------------------------------------------------------
def test_south_sudan_before_2010_is_not_counted_twice(obs, aggregates, raw):
    """The 2024 revision gives South Sudan a constant 652,365 migrants (all of unknown origin)
    for 1990-2005 while its Sudan figures equal the 2020 revision's, which include South Sudan
    (and give it 0): publishing both counts the territory twice."""
    new = _rda(raw["undesa-stocks-2024"])
    old_path = default_mirror() / "undesa-migrant-stock-gdidata" / "undesa_stocks_2020.rda"
    old = _rda(old_path)
    for year in (1990, 1995, 2000, 2005):
        ssd = new[(new["geo"] == "SSD") & (new["t"] == year)]
        assert ssd["n"].sum() == 652_365 and set(ssd.loc[ssd["n"] > 0, "from"]) == {"OOO"}
        assert old[(old["geo"] == "SSD") & (old["t"] == year)]["n"].sum() == 0
        sdn = [f[(f["geo"] == "SDN") & (f["t"] == year)]["n"].sum() for f in (new, old)]
        assert sdn[0] == sdn[1]
        world = new[new["t"] == year]["n"].sum() - 652_365
        published = aggregates[
            (aggregates["indicator_id"] == "migrant_stock")
            & (aggregates["group"] == "WLD")
            & (aggregates["year"] == year)
            & (aggregates["sex"] == "total")
        ]["value"]
        assert published.tolist() == [world], (year, published.tolist(), world)
    stock = _published(obs, "migrant_stock")
    assert ("SSD", 2005) not in stock.index and ("SSD", 2010) in stock.index


def test_world_emigrants_plus_unknown_origin_is_the_world_stock(obs, aggregates, indicators, raw):
    """World totals by origin leave out migrants of unknown origin (22 million in 2024); the
    remainder is published under OOO and the caveat says so."""
    stocks = _rda(raw["undesa-stocks-2024"])
    unknown = stocks[(stocks["from"] == "OOO") & (stocks["t"] == 2024)]["n"].sum()
    assert unknown > 20_000_000
    assert _published(obs, "emigrants")[("OOO", 2024)] == unknown
    world = aggregates[(aggregates["group"] == "WLD") & (aggregates["sex"] == "total")]
    world = world.set_index(["indicator_id", "year"])["value"]
    assert world[("emigrants", 2024)] + unknown == world[("migrant_stock", 2024)]
    for lang in ("en", "es", "fr"):
        assert "OOO" in indicators.loc["emigrants", f"caveats_{lang}"], lang


def test_world_remittances_say_they_are_the_sum_of_reporters(aggregates, indicators, raw):
    """The Atlas's World total of remittances received is the sum of WDI reporters (US$ 822 bn
    in 2023); KNOMAD's World row (860 bn, 2023e) adds estimates for non-reporters."""
    knomad = pd.read_excel(raw["knomad-inflows-2023"], sheet_name=0, engine="openpyxl")
    row = knomad[knomad.iloc[:, 0].astype(str).str.strip() == "World"]
    knomad_world = float(row["2023e"].iloc[0]) * 1e6
    ours = aggregates[
        (aggregates["indicator_id"] == "remittances_received_usd")
        & (aggregates["group"] == "WLD")
        & (aggregates["year"] == 2023)
    ]["value"].iloc[0]
    assert ours < knomad_world
    caveat = indicators.loc["remittances_received_usd", "caveats_en"]
    assert "countries that report" in caveat and "KNOMAD" in caveat, caveat
    for lang in ("es", "fr"):
        assert "KNOMAD" in indicators.loc["remittances_received_usd", f"caveats_{lang}"]


def test_kosovo_gini_break_is_documented(obs, indicators, raw):
    """Gapminder's copy of WDI gives Kosovo 44.2 for 2017, the WDI API file of 2023 gives 29.0
    for the same year: the published (canonical) values stand, and the caveat says they are
    not comparable across 2016-2017."""
    api = pd.read_csv(raw["wdi-gini-api"], dtype=str, keep_default_na=False)
    kosovo = api[api["Country Code"] == "XKX"]
    assert float(kosovo["2017"].iloc[0]) == 29.0 and kosovo["2018"].iloc[0] == ""
    assert _published(obs, "gini")[("XKX", 2017)] == 44.2
    for lang in ("en", "es", "fr"):
        assert "Kosovo" in indicators.loc["gini", f"caveats_{lang}"], lang

"""Metadata of issue 21: an unquoted comma in a flow mapping ({en: a, b}) stops the build
instead of cutting a title short ("Age dependency ratio, projected to 2050" once read as
"Age dependency ratio"), and the estimate's assumptions are complete."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from atlas.errors import InputError
from atlas.metadata import load_metadata

ROOT = Path(__file__).resolve().parents[1]


def test_a_title_cut_by_an_unquoted_comma_stops_the_build(tmp_path):
    meta = tmp_path / "metadata"
    shutil.copytree(ROOT / "metadata", meta)
    path = meta / "indicators.yaml"
    text = path.read_text("utf-8")
    quoted = 'title: {en: "Age dependency ratio, projected to 2050"}'
    assert quoted in text
    path.write_text(text.replace(quoted, quoted.replace('"', "")), "utf-8")
    with pytest.raises(InputError) as err:
        load_metadata(meta)
    assert "key other than en" in str(err.value)
    assert "projected to 2050" in str(err.value)


def test_every_variant_of_the_estimate_is_complete():
    est = yaml.safe_load((ROOT / "metadata" / "origin_costs.yaml").read_text("utf-8"))["estimate"]
    indicators = {
        i["id"]
        for i in yaml.safe_load((ROOT / "metadata" / "indicators.yaml").read_text())["indicators"]
    }
    for name, v in est["variants"].items():
        assert v["age_base"] in ("15-64", "15+"), name
        assert set(v["years"]) == set(est["funding"]), name
        assert est["indicators"][name] in indicators, name
    for key in ("rate", "attainment", "population", "dependency", "share65", "gdp_per_capita"):
        assert est[key] in indicators, key
    assert set(est["funding"].values()) <= indicators
    assert 0 < est["max_rate"] < 1
    ids = {a["id"] for a in est["assumptions"]}
    assert {"emigrants", "age_base", "years", "funding", "publish_none"} <= ids

"""A chart's CSV (`output.csv_table`): who (entity, code), the chart's own fields, year, value,
unit, the rows' other fields, source and license; every row shown is a row of the file, and
nothing that only draws the chart (segments, class order, bar labels) is in it."""

from __future__ import annotations

import csv

from atlas.render.chart import Chart
from atlas.render.output import csv_table, write_chart_csv


def chart(kind: str, rows: list[dict], columns: list[tuple[str, str]], **kw) -> Chart:
    return Chart(
        "countries/MEX/x",
        kind,
        "Title",
        "Subtitle",
        {},
        rows,
        columns,
        "UN DESA — International Migrant Stock",
        "CC BY 3.0 IGO",
        "2000–2024",
        "alt",
        **kw,
    )


LINES = [("series", "Series"), ("year", "Year"), ("value", "Value"), ("flag_note", "Note")]


def test_a_country_chart_names_its_country_on_every_row():
    rows = [
        {"series": "Emigrants", "year": 2000, "value": 9367663, "segment": "Emigrants#1"},
        {"series": "Emigrants", "year": 2005, "value": 11329536, "flag": "e", "flag_note": "est."},
    ]
    c = chart("lines", rows, LINES, unit="people", entity="Mexico", code="MEX")
    fields, table = csv_table(c, rows)
    assert fields[:6] == ["entity", "code", "series", "flag_note", "year", "value"]
    assert fields[6] == "unit" and fields[-2:] == ["source", "license"]
    assert "segment" not in fields and "flag" in fields
    assert [(r["entity"], r["code"], r["year"], r["unit"]) for r in table] == [
        ("Mexico", "MEX", 2000, "people"),
        ("Mexico", "MEX", 2005, "people"),
    ]
    assert {r["source"] for r in table} == {"UN DESA — International Migrant Stock"}
    assert {r["license"] for r in table} == {"CC BY 3.0 IGO"}


def test_rows_that_name_their_place_keep_it():
    """Peer charts (a country, its region and income group) and maps: each row's own place."""
    rows = [
        {"series": "Mexico", "code": "MEX", "year": 2020, "value": 0.9},
        {"series": "World", "code": "WLD", "year": 2020, "value": 3.6, "coverage": 0.99},
    ]
    fields, table = csv_table(chart("lines", rows, LINES, unit="percent"), rows)
    assert [(r["entity"], r["code"]) for r in table] == [("Mexico", "MEX"), ("World", "WLD")]
    assert fields.count("code") == 1 and "coverage" in fields
    maps = [
        {
            "rank": 1,
            "iso3": "ISL",
            "name": "Iceland",
            "id": "352",
            "year": 2023,
            "value": 0.97,
            "bin": "0.9 and more",
            "bin_order": 4,
        }
    ]
    cols = [("rank", "Rank"), ("name", "Country"), ("value", "Value"), ("year", "Year")]
    fields, table = csv_table(chart("map", maps, cols, unit="index"), maps)
    assert fields[:5] == ["entity", "code", "rank", "year", "value"]
    assert table[0]["entity"] == "Iceland" and table[0]["code"] == "ISL"
    assert "bin" in fields and "bin_order" not in fields


def test_charts_without_a_unit_or_a_year_column_still_say_them():
    rows = [{"order": 0, "label": "Global Index", "score": 78.9, "rank": 31}]
    cols = [("label", "Dimension"), ("score", "Score"), ("rank", "Rank")]
    c = chart("scores", rows, cols, entity="Mexico", code="MEX")
    fields, table = csv_table(c, rows)
    assert table[0]["year"] == "2000–2024" and table[0]["unit"] == "score (0-100, 100 best)"
    assert "value" not in fields and "order" not in fields


def test_the_file_has_one_row_per_row_shown(tmp_path):
    rows = [{"series": "Emigrants", "year": y, "value": y * 10} for y in (2000, 2005, 2010)]
    c = chart("lines", rows, LINES, unit="people", entity="Mexico, the", code="MEX")
    write_chart_csv(tmp_path / "c.csv", c, rows)
    with (tmp_path / "c.csv").open(encoding="utf-8") as fh:
        got = list(csv.DictReader(fh))
    assert [r["year"] for r in got] == ["2000", "2005", "2010"]
    assert {r["entity"] for r in got} == {"Mexico, the"}  # quoted, read back whole

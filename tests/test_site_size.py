"""What makes the site smaller without changing what a reader gets (issue 18, site size), on
small inputs: a spec template filled as the browser fills it gives the chart's own spec byte
for byte (Python and JavaScript), marks' shared attributes said once on their group (never
opacity), pages without indentation except where whitespace shows."""

from __future__ import annotations

import json

from test_twins import run_js

from atlas.render.chart import Chart
from atlas.render.output import hoist_shared, spec_template, spec_text
from atlas.site import unindented


def _chart(key: str, title: str, subtitle: str, description: str) -> Chart:
    spec = {
        "layer": [{"mark": "line", "encoding": {"tooltip": [{"title": title}]}}],
        "data": {"url": f"charts/{key}.json"},
        "$schema": "https://vega.github.io/schema/vega-lite/v6.4.1.json",
        "title": {"text": title, "subtitle": subtitle},
        "description": description,
    }
    return Chart(key, "lines", title, subtitle, spec, [], [], "S", "L", "2000", "")


CHARTS = [
    _chart("countries/MEX/stocks", "Migrants", "Mexico · persons", "Migrants, Mexico"),
    _chart("countries/CIV/stocks", "Migrants", 'Côte d\'Ivoire · "quoted" \\ slash', "Ünïcode"),
    _chart("countries/TUR/stocks", "Migrants", "Türkiye · persons\u2028", "tab\tnewline\n"),
]


def test_charts_of_one_shape_share_a_template():
    assert len({spec_template(c) for c in CHARTS}) == 1
    assert '"@@title@@"' in spec_template(CHARTS[0])
    # a word the figure does not print as the spec says it stays in the template
    other = _chart("countries/MEX/map", "Map", "2020", "d")
    other.subtitle = "2020 · grey: none"
    assert '"2020"' in spec_template(other) and '"@@subtitle@@"' not in spec_template(other)


def test_a_filled_template_is_the_charts_own_spec_in_javascript():
    cases = [
        {
            "template": spec_template(c),
            "words": {
                "title": c.title,
                "subtitle": c.subtitle,
                "description": c.spec["description"],
                "data": c.data_url,
            },
        }
        for c in CHARTS
    ]
    got = run_js(["specText"], "input.map((c) => specText(c.template, c.words))", cases)
    assert got == [spec_text(c.spec) for c in CHARTS]
    assert [json.loads(g) for g in got] == [c.spec for c in CHARTS]


def test_marks_shared_attributes_are_said_once_never_opacity():
    lines = "".join(f'<line transform="translate({x},0)" y2="5" stroke="#888"/>' for x in range(3))
    assert hoist_shared(f"<g>{lines}</g>") == (
        '<g stroke="#888">'
        + "".join(f'<line transform="translate({x},0)" y2="5"/>' for x in range(3))
        + "</g>"
    )
    dots = '<circle cx="1" cy="1" r="2" fill="red" opacity="0.7"/>' * 3
    assert hoist_shared(f"<g>{dots}</g>") == (
        '<g fill="red">' + '<circle cx="1" cy="1" r="2" opacity="0.7"/>' * 3 + "</g>"
    )
    mixed = '<line y2="5" stroke="#888"/><line y2="5" stroke="#111"/><line y2="5"/>'
    assert hoist_shared(f"<g>{mixed}</g>") == f"<g>{mixed}</g>"
    kept = f'<g transform="translate(1,1)">{lines}</g>'  # a group with its own attributes
    assert hoist_shared(kept) == kept


def test_pages_lose_indentation_but_not_where_whitespace_shows():
    page = (
        "<div>\n    <p>a\n   b</p>\n  <pre>x\n    y</pre>\n <script>\n  var a;\n</script>"
        "<code>q\n   r</code>\n  <textarea>t\n  u</textarea>\n</div>"
    )
    assert unindented(page) == (
        "<div>\n<p>a\nb</p>\n<pre>x\n    y</pre>\n<script>\n  var a;\n</script>"
        "<code>q\n   r</code>\n<textarea>t\n  u</textarea>\n</div>"
    )

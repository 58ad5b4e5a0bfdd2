/* The compare page: chosen places (countries, World, regions, income groups) over time on one
   indicator, and one indicator against another for a year, with the chosen places marked and
   named and a log scale on either axis. Every control acts at once (no "Show" button) and the
   whole choice is kept in the page address (?i=…&c=…&j=…&y=…&lx=1&ly=1), restored on load. */
(function () {
  "use strict";

  var HIGHLIGHT = "#0072B2"; // Okabe-Ito blue, the site's first colour
  var MUTED = "#8a8a8a";

  function option(select) { return select.options[select.selectedIndex]; }
  function label(select) { return option(select).textContent; }

  function style(fig, field, select) {
    // the value columns at the precision of the chosen indicator's unit (metadata/units.yaml)
    var th = fig.querySelector('th[data-field="' + field + '"]');
    if (th) th.dataset.format = option(select).dataset.format || "";
  }

  function csv(rows, fields) {
    var quote = function (v) {
      var t = v === null || v === undefined ? "" : String(v);
      return /[",\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
    };
    return [fields.join(",")].concat(rows.map(function (r) {
      return fields.map(function (f) { return quote(r[f]); }).join(",");
    })).join("\n") + "\n";
  }

  function wireCsv(fig, name) {
    var button = fig.querySelector(".atlas-csv");
    if (!button) return;
    button.addEventListener("click", function () {
      if (!fig._csv) return;
      var a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([fig._csv], { type: "text/csv" }));
      a.download = name + ".csv";
      document.body.appendChild(a);
      a.click();
      a.remove();
    });
  }

  // the words this script writes, in the page's language (the form's data-compare-words)
  var WORDS = {
    chosen: "{n} places chosen", choose: "choose places above", vertical: "vertical: {unit}",
    dots: "each dot a country or area", coloured: "; chosen places in colour",
    against: "against {title}", source: "Source: {source}.", place: "Country or area",
    left_out: "{n} places with a value of zero or less are left out on the log scale."
  };

  function say(key, values) {
    var text = WORDS[key];
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(values[k]); });
    return text;
  }

  function scatterLayers(spec, s, form) {
    // every place grey, the chosen ones in colour and named; axes in each indicator's unit
    var enc = spec.encoding;
    var x = Object.assign({}, enc.x, {
      title: label(form.i) + " (" + option(form.i).dataset.unit + ")",
      axis: Object.assign({}, enc.x.axis, { labelExpr: option(form.i).dataset.expr }),
      scale: s.lx ? { type: "log" } : { zero: false }
    });
    var y = Object.assign({}, enc.y, {
      title: label(form.j), // its unit is in the subtitle: a long unit would be cut on this side
      axis: Object.assign({}, enc.y.axis, { labelExpr: option(form.j).dataset.expr }),
      scale: s.ly ? { type: "log" } : { zero: false }
    });
    var tooltip = [
      { field: "name", type: "nominal", title: say("place") },
      { field: "x", type: "quantitative", title: label(form.i), format: "," },
      { field: "y", type: "quantitative", title: label(form.j), format: "," }
    ];
    var any = s.c.length > 0;
    delete spec.mark;
    delete spec.encoding;
    spec.layer = [
      { mark: { type: "circle", size: 45, opacity: any ? 0.45 : 0.8 },
        encoding: { x: x, y: y, color: { value: any ? MUTED : HIGHLIGHT }, tooltip: tooltip } },
      { transform: [{ filter: "datum.chosen" }], mark: { type: "circle", size: 110, opacity: 1, stroke: "white", strokeWidth: 1 },
        encoding: { x: x, y: y, color: { value: HIGHLIGHT }, tooltip: tooltip } },
      { transform: [{ filter: "datum.chosen" }], mark: { type: "text", align: "left", dx: 7, dy: -7, fontSize: 11, fontWeight: "bold" },
        encoding: { x: x, y: y, text: { field: "name" }, color: { value: HIGHLIGHT } } }
    ];
  }

  function wire(form) {
    if (form.dataset.compareWords) WORDS = JSON.parse(form.dataset.compareWords);
    var root = form.dataset.root;
    var picker = window.AtlasPicker;
    var charts = window.AtlasCharts;
    var cache = {};
    var lines = document.getElementById("compare-lines");
    var scatter = document.getElementById("compare-scatter");
    var note = document.getElementById("compare-scatter-note");
    function series(id) {
      if (!cache[id]) cache[id] = picker.series(root, id);
      return cache[id];
    }
    function state() {
      return { i: form.i.value, j: form.j.value, c: picker.chosen(form.c), y: form.y.value,
        lx: form.lx.checked, ly: form.ly.checked };
    }
    function apply(params) {
      if (params.get("i") && form.i.querySelector('option[value="' + params.get("i") + '"]')) form.i.value = params.get("i");
      if (params.get("j") && form.j.querySelector('option[value="' + params.get("j") + '"]')) form.j.value = params.get("j");
      if (params.get("y") && /^\d{4}$/.test(params.get("y"))) form.y.value = params.get("y");
      form.lx.checked = params.get("lx") === "1";
      form.ly.checked = params.get("ly") === "1";
    }
    function show() {
      var s = state();
      var q = picker.keepInAddress({ i: s.i, j: s.j, c: s.c.join(","), y: s.y, lx: s.lx ? "1" : null, ly: s.ly ? "1" : null });
      document.getElementById("cmp-link").href = q;
      style(lines, "value", form.i);
      style(scatter, "x", form.i);
      style(scatter, "y", form.j);
      var unit = option(form.i).dataset.unit;
      document.getElementById("compare-lines-subtitle").textContent = unit + " · " + (s.c.length ? say("chosen", { n: s.c.length }) : say("choose"));
      document.getElementById("compare-scatter-subtitle").textContent = s.y + " · " + say("vertical", { unit: option(form.j).dataset.unit }) +
        " · " + say("dots") + (s.c.length ? say("coloured") : "");
      lines.querySelector(".atlas-chart__title").textContent = label(form.i);
      scatter.querySelector(".atlas-chart__title").textContent = label(form.i) + " " + say("against", { title: label(form.j) });
      scatter.querySelector('th[data-field="x"]').textContent = label(form.i);
      scatter.querySelector('th[data-field="y"]').textContent = label(form.j);
      var sources = [option(form.i).dataset.source, option(form.j).dataset.source];
      if (sources[0] === sources[1]) sources.pop();
      document.getElementById("compare-lines-source").textContent = say("source", { source: sources[0] });
      document.getElementById("compare-scatter-source").textContent = say("source", { source: sources.join("; ") });
      lines.dataset.spec = option(form.i).dataset.spec; // the unit on the value axis
      Promise.all([series(s.i), charts.flagWords(root)]).then(function (got) {
        var rows = charts.picked(got[0], s.c, got[1]);
        lines._csv = csv(rows.map(function (r) { return Object.assign({ indicator: s.i, unit: unit }, r); }),
          ["series", "iso3", "indicator", "year", "value", "unit", "flag_note"]);
        return charts.draw(lines, rows, function (spec) {
          spec.title.text = label(form.i);
          spec.title.subtitle = document.getElementById("compare-lines-subtitle").textContent;
        }).then(function () { charts.fillTable(lines, rows); });
      });
      Promise.all([series(s.i), series(s.j)]).then(function (both) {
        var year = Number(s.y);
        var ys = {};
        both[1].forEach(function (r) { if (r.sex === "total" && r.year === year) ys[r.iso3] = r.value; });
        var rows = both[0].filter(function (r) {
          return r.sex === "total" && r.year === year && ys[r.iso3] !== undefined &&
            (!aggregates[r.iso3] || s.c.indexOf(r.iso3) >= 0); // aggregates only when chosen
        }).map(function (r) {
          return { name: r.name, iso3: r.iso3, x: r.value, y: ys[r.iso3], chosen: s.c.indexOf(r.iso3) >= 0 };
        });
        var kept = rows.filter(function (r) { return (!s.lx || r.x > 0) && (!s.ly || r.y > 0); });
        note.textContent = kept.length < rows.length
          ? say("left_out", { n: rows.length - kept.length })
          : "";
        scatter._csv = csv(kept.map(function (r) { return Object.assign({ year: year, x_indicator: s.i, y_indicator: s.j }, r); }),
          ["name", "iso3", "year", "x_indicator", "x", "y_indicator", "y"]);
        return charts.draw(scatter, kept, function (spec) {
          scatterLayers(spec, s, form);
          spec.title.text = [label(form.i), say("against", { title: label(form.j) })];
          spec.title.subtitle = document.getElementById("compare-scatter-subtitle").textContent;
        }).then(function () { charts.fillTable(scatter, kept); });
      });
    }
    var timer = null;
    function soon() {
      clearTimeout(timer);
      timer = setTimeout(show, 120);
    }
    var aggregates = {}; // World, regions and income groups: dots only when chosen
    Array.prototype.forEach.call(form.c.querySelectorAll("optgroup.atlas-aggregates option"), function (o) { aggregates[o.value] = true; });
    var params = new URLSearchParams(window.location.search);
    apply(params);
    picker.enhance(form.i, soon);
    picker.enhance(form.j, soon);
    var places = picker.enhance(form.c, soon);
    var codes = picker.fromAddress("c");
    if (codes) picker.setChosen(places, codes);
    form.y.addEventListener("input", function () { if (/^\d{4}$/.test(form.y.value)) soon(); });
    form.lx.addEventListener("change", soon);
    form.ly.addEventListener("change", soon);
    form.addEventListener("submit", function (e) { e.preventDefault(); show(); });
    wireCsv(lines, "compare-lines");
    wireCsv(scatter, "compare-scatter");
    show();
    form.dataset.ready = "true";
  }

  function init() {
    var form = document.getElementById("compare");
    if (form) wire(form);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

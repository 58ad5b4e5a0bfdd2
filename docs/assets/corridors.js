/* The corridor explorer (/corridors/): an origin and a destination (or one end alone) picked
   with the site's searchable pickers, kept in the page address (?from=MEX&to=USA) and restored
   on load. Each country's file (charts/corridors/<ISO3>.json, written by the build:
   atlas/render/explorer_figures.py) holds every corridor it is an end of and its largest
   partners, already ranked and labelled; this script only picks rows from it and draws them with
   AtlasCharts (atlas.js). It never sums, ranks or divides: a missing series is said to be
   missing, never drawn as 0. */
(function () {
  "use strict";

  var FILES = {};
  // the page's language (<html lang>): numbers written in words here follow its locale; the
  // words themselves come from the page (#corridor-words, metadata/corridors.yaml translated)
  var LANG = (document.documentElement.lang || "en").slice(0, 2);

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return values[k] !== undefined ? values[k] : m; });
  }

  function num(v, digits) {
    return v.toLocaleString(LANG, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  }

  // --- rows of each chart, from a corridor's entry (one origin, one destination) -------------
  function pairRows(id, e, w, names) {
    if (id === "stock") {
      var rows = [];
      (e.s || []).forEach(function (r) {
        [[2, w.words.women], [3, w.words.men], [1, w.words.both]].forEach(function (p) {
          if (r[p[0]] !== null && r[p[0]] !== undefined) rows.push({ series: p[1], year: r[0], value: r[p[0]] });
        });
      });
      return rows;
    }
    if (id === "remittances") {
      var label = fill(w.words.remittance_sent, names);
      return (e.r ? [2017, 2021] : []).map(function (y, i) {
        return { label: label, group: String(y), group_order: i, order: 0, value: e.r[i], year: y };
      }).filter(function (r) { return r.value !== null; });
    }
    if (id === "cost") {
      return (e.c || []).map(function (r) {
        return { series: w.words.average_cost, year: r[0], value: r[1], target: w.lines.target, ceiling: w.lines.ceiling };
      });
    }
    return (e.u || []).map(function (r) { return { series: w.words.refugees, year: r[0], value: r[1] }; });
  }

  // --- rows of each chart for one end and its largest partners (ranked by the build) ---------
  function partnerRows(id, file, side, names, shorts, sexes) {
    var top = (file.top[side] || {})[id];
    var corridors = file[side];
    if (!top) return [];
    if (id === "cost") return top.map(function (r) { return Object.assign({}, r); });
    if (id === "remittances") {
      var out = [];
      top.partners.forEach(function (p, rank) {
        var r = (corridors[p] || {}).r;
        if (!r) return;
        [2017, 2021].forEach(function (y, i) {
          // the axis shows `label`: the short name of a long one (a name over 24 characters would
          // break into two lines that crowd the next row); the table and CSV the full `partner`
          if (r[i] !== null) out.push({ label: shorts[p] || names[p] || p, partner: names[p] || p, partner_iso3: p, group: String(y), group_order: i, order: rank, value: r[i], year: y });
        });
      });
      return out;
    }
    var rows = [];
    top.partners.forEach(function (pl, rank) {
      var p = pl[0];
      var e = corridors[p] || {};
      if (id === "stock") {
        var at = (e.s || []).filter(function (r) { return r[0] === top.year; })[0];
        if (!at) return;
        [[2, "female"], [3, "male"]].forEach(function (s, i) {
          if (at[s[0]] === null) return;
          // sex in the page's words (the chart's colours and its table); of_total: the share
          // the build wrote, for the bar label in the page's words (a Spanish or French spec)
          rows.push({ partner: names[p] || p, short: shorts[p], partner_iso3: p, sex: sexes[s[1]], value: at[s[0]], year: top.year, rank: rank + 1,
            partner_total: at[1], of_total: pl[2], label: i === 0 ? pl[1] : "" });
        });
      } else {
        var hit = (e.u || []).filter(function (r) { return r[0] === top.year; })[0];
        if (!hit) return;
        rows.push({ partner: names[p] || p, short: shorts[p], partner_iso3: p, sex: sexes.total, value: hit[1], year: top.year, rank: rank + 1,
          partner_total: hit[1], of_total: pl[2], label: pl[1] });
      }
    });
    return rows;
  }

  function wire(form) {
    var root = form.dataset.root;
    var picker = window.AtlasPicker;
    var charts = window.AtlasCharts;
    var w = JSON.parse(document.getElementById("corridor-words").textContent);
    var figs = Array.prototype.slice.call(document.querySelectorAll("figure.atlas-corridor-chart"));
    var heading = document.getElementById("corridor-heading");
    var gap = document.getElementById("corridor-gap");
    var gapText = document.getElementById("corridor-gap-text");
    var names = {};
    Array.prototype.forEach.call(form.from.options, function (o) { if (o.value) names[o.value] = o.textContent; });
    // on chart axes, a place whose full name is too long goes by its short name (tooltips,
    // tables and CSVs keep the full one)
    var shorts = JSON.parse(form.getAttribute("data-short") || "{}");

    function file(code) {
      if (!FILES[code]) FILES[code] = charts.getJSON(root + "charts/corridors/" + code + ".json");
      return FILES[code];
    }

    function showGap(o, d, f) {
      // the income gap: the build's numbers, written in words
      gap.hidden = false;
      if (o && d) {
        var g = (f.origin[d] || {}).g;
        var year = f.gap ? f.gap.gdp_year : "";
        gapText.textContent = g
          ? fill(w.gap.pair, { origin: names[o], destination: names[d], ratio: num(g[0], 2), gdp_year: year,
            gdp_origin: num(g[1], 0), gdp_destination: num(g[2], 0) })
          : fill(w.gap.missing, { gdp_year: year });
      } else if (o) {
        var s = f.gap;
        gapText.textContent = s && s.mean_ratio !== null
          ? fill(w.gap.origin, { origin: names[o], covered: num(s.covered, 0), year: s.year, mean: num(s.mean_ratio, 2),
            gdp_year: s.gdp_year, left_out: num(s.left_out, 0) })
          : fill(w.gap.origin_missing, { origin: names[o], gdp_year: s ? s.gdp_year : "" });
      } else {
        gapText.textContent = w.gap.destination;
      }
    }

    function drawOne(fig, rows, subtitle, entity, code) {
      var missing = fig.querySelector(".atlas-corridor-missing");
      var panels = fig.querySelectorAll(".atlas-chart__bar, .atlas-panel");
      fig.hidden = false;
      fig.querySelector(".atlas-chart__subtitle").textContent = subtitle;
      fig.dataset.entity = entity;
      fig.dataset.code = code;
      fig.dataset.years = rows.length ? rows[0].year + (rows.length > 1 ? "–" + rows[rows.length - 1].year : "") : "";
      missing.hidden = rows.length > 0;
      missing.textContent = rows.length ? "" : w.missing; // said, never drawn as 0
      Array.prototype.forEach.call(panels, function (p) { p.classList.toggle("atlas-hidden", !rows.length); });
      fig.querySelector(".atlas-chart__view").setAttribute("aria-label", fig.querySelector(".atlas-chart__title").textContent + ": " + subtitle);
      charts.fillTable(fig, rows);
      if (!rows.length) { fig.classList.remove("is-drawn"); return Promise.resolve(); }
      charts.csvFollows(fig, rows);
      return charts.draw(fig, rows, function (spec) { spec.title.subtitle = subtitle; });
    }

    var shown = 0; // the latest choice: an earlier one answered late draws nothing

    function show() {
      var asked = ++shown;
      var o = form.from.value;
      var d = form.to.value;
      var q = picker.keepInAddress({ from: o || null, to: d || null });
      document.getElementById("cor-link").href = q;
      var mode = o && d ? "pair" : "partners";
      figs.forEach(function (fig) { if (fig.dataset.mode !== mode || (!o && !d)) fig.hidden = true; });
      if (!o && !d) { heading.textContent = w.none; gap.hidden = true; return Promise.resolve(); }
      var pair = { origin: names[o], destination: names[d] };
      heading.textContent = fill(o && d ? w.words.pair : o ? w.words.all_destinations : w.words.all_origins, pair);
      var end = o || d;
      var side = o ? "origin" : "destination";
      return file(end).then(function (f) {
        if (asked !== shown) return null; // the reader has chosen again meanwhile
        showGap(o, d, f);
        var entry = o && d ? f.origin[d] || {} : null;
        return Promise.all(figs.filter(function (fig) { return fig.dataset.mode === mode; }).map(function (fig) {
          var id = fig.dataset.chart;
          var rows = entry ? pairRows(id, entry, w, pair) : partnerRows(id, f, side, names, shorts, w.sexes);
          var top = (f.top[side] || {})[id];
          var subtitle = heading.textContent + " · " + fig.dataset.unit +
            (!entry && top && top.year ? " · " + fill(w.words.latest, { year: top.year }) : "");
          var code = o && d ? o + "-" + d : end;
          return drawOne(fig, rows, subtitle, heading.textContent, code);
        }));
      });
    }

    var tsFrom = picker.enhance(form.from, function () { show(); });
    var tsTo = picker.enhance(form.to, function () { show(); });
    document.getElementById("cor-swap").addEventListener("click", function () {
      var o = form.from.value;
      var d = form.to.value;
      picker.setChosen(tsFrom, d ? [d] : []);
      picker.setChosen(tsTo, o ? [o] : []);
      show();
    });
    document.getElementById("cor-clear").addEventListener("click", function () {
      picker.setChosen(tsFrom, []);
      picker.setChosen(tsTo, []);
      show();
    });
    var params = new URLSearchParams(window.location.search);
    ["from", "to"].forEach(function (k) {
      var v = (params.get(k) || "").toUpperCase();
      if (v && names[v]) picker.setChosen(k === "from" ? tsFrom : tsTo, [v]);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); show(); });
    show().then(function () { form.dataset.ready = "true"; });
  }

  function init() {
    var form = document.getElementById("corridors");
    if (form) wire(form);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

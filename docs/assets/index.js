/* Global Index page: the reader's weights. Scores and ranks are recomputed from the published
   dimension scores (index/scores.json) with the formula of the build (atlas/index_scores.py,
   weighted_mean); the median ranks and rank intervals by replaying the build's Monte-Carlo draws
   (index/uncertainty.json; atlas/index_scores.py draw_plan, draw_scores; atlas/composite.py
   rank_intervals) around the reader's weights: the same operations in the same order, so that
   the default weights give the published numbers. The table, the map and the interval chart all
   follow; the weights are kept in the page address. */
(function () {
  "use strict";

  // the page's language (<html lang>) and its words (#atlas-index-words, written by the build
  // through gettext): what this script writes reads in the page's language and locale
  var LANG = (document.documentElement.lang || "en").slice(0, 2);
  var WORDS = {
    default: "Default weights.",
    recomputed: "Recomputed with weights {weights} ({n} countries): scores, ranks, median ranks, intervals and the map.",
    invalid: "Weights must be numbers of 0 or more, and not all 0.",
    not_drawn: "The chart could not be drawn:",
    not_loaded: "Could not load the scores:"
  };

  function number(v, digits) {
    // as the build's `fixed` (digits given) and `number` filters write it in the page's language
    var opts = digits === undefined ? { maximumFractionDigits: 20 } : { minimumFractionDigits: digits, maximumFractionDigits: digits };
    opts.useGrouping = "always";
    return v.toLocaleString(LANG, opts);
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return values[k] !== undefined ? values[k] : m; });
  }

  function weightedMean(scores, weights) {
    var total = 0;
    var wsum = 0;
    for (var i = 0; i < scores.length; i++) {
      total += weights[i] * scores[i];
      wsum += weights[i];
    }
    return total / wsum;
  }

  function ranks(values) {
    // 1 = highest; ties share the best rank (rank = 1 + number of strictly greater scores)
    return values.map(function (v) {
      var n = 1;
      for (var i = 0; i < values.length; i++) if (values[i] > v) n++;
      return n;
    });
  }

  function drawScores(dims, weights, geometric) {
    // one draw's scores, as `draw_scores` in atlas/index_scores.py
    var out = new Array(dims.length);
    for (var i = 0; i < dims.length; i++) {
      var total = 0;
      var wsum = 0;
      for (var j = 0; j < weights.length; j++) {
        total += weights[j] * (geometric ? Math.log(dims[i][j] + 1.0) : dims[i][j]);
        wsum += weights[j];
      }
      out[i] = geometric ? Math.exp(total / wsum) - 1.0 : total / wsum;
    }
    return out;
  }

  function percentile(sorted, q) {
    // numpy's default ('linear') percentile of sorted numbers, its operations in its order
    var n = sorted.length;
    var vi = (n - 1) * (q / 100);
    var lo = Math.floor(vi);
    var hi = lo + 1;
    if (vi >= n - 1) { lo = n - 1; hi = n - 1; }
    var gamma = vi - lo;
    var a = sorted[lo];
    var b = sorted[hi];
    var diff = b - a;
    return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
  }

  function drawRanks(values) {
    // the same ranks as `ranks` (1 + number of strictly greater scores), by one sort
    var order = values.map(function (v, i) { return i; });
    order.sort(function (a, b) { return values[b] - values[a]; });
    var out = new Array(values.length);
    for (var p = 0; p < order.length; p++) {
      var i = order[p];
      out[i] = p > 0 && values[i] === values[order[p - 1]] ? out[order[p - 1]] : p + 1;
    }
    return out;
  }

  function intervals(unc, weights) {
    // median rank and rank interval of each country over the draws, with the reader's weights
    var n = unc.dims[unc.methods[0]].length;
    var byCountry = [];
    for (var i = 0; i < n; i++) byCountry.push(new Int32Array(unc.draws.length));
    unc.draws.forEach(function (d, k) {
      var w = weights.map(function (x, j) { return x * d[2 + j]; });
      var r = drawRanks(drawScores(unc.dims[unc.methods[d[0]]], w, unc.aggregations[d[1]] === "geometric"));
      for (var c = 0; c < n; c++) byCountry[c][k] = r[c];
    });
    var tail = (1 - unc.interval) / 2 * 100;
    return byCountry.map(function (rs) {
      rs.sort(); // a typed array sorts as numbers
      var m = rs.length;
      var median = m % 2 ? rs[(m - 1) / 2] : (rs[m / 2 - 1] + rs[m / 2]) / 2;
      return { median: median, low: Math.floor(percentile(rs, tail)), high: Math.ceil(percentile(rs, 100 - tail)) };
    });
  }

  var READER = ["scroll", "wheel", "pointerdown", "pointermove", "keydown", "touchstart", "focusin"];

  function mapClass(cuts, v) {
    // bisect_right, as `map_classes` in atlas/render/figures.py
    var k = 0;
    while (k < cuts.length && cuts[k] <= v) k++;
    return k;
  }

  function wire(form) {
    var block = document.getElementById("atlas-index-words");
    if (block) WORDS = JSON.parse(block.textContent);
    var status = document.getElementById("atlas-weights-status");
    var table = document.getElementById("atlas-index-ranking");
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input[type=number]"));
    var data = null;
    var unc = null;
    var timer = null;

    function weights() {
      return inputs.map(function (input) {
        var w = parseFloat(input.value);
        return isFinite(w) && w >= 0 ? w : NaN;
      });
    }

    function isDefault() {
      return inputs.every(function (input) {
        return parseFloat(input.value) === parseFloat(input.dataset.default);
      });
    }

    function keepInAddress() {
      var params = new URLSearchParams(window.location.search);
      inputs.forEach(function (input) {
        if (isDefault()) params.delete(input.name);
        else params.set(input.name, input.value);
      });
      var q = params.toString();
      history.replaceState(null, "", window.location.pathname + (q ? "?" + q : "") + window.location.hash);
    }

    function redraw(id, rows) {
      var fig = document.getElementById(id);
      var charts = window.AtlasCharts;
      if (!fig || !charts) return;
      fig.classList.add("atlas-chart--live"); // from now on drawn with the reader's weights
      charts.draw(fig, rows).then(function () { charts.fillTable(fig, rows); })
        .catch(function (err) { status.textContent = WORDS.not_drawn + " " + err.message; });
    }

    function apply() {
      var w = weights();
      var total = w.reduce(function (a, b) { return a + b; }, 0);
      if (w.some(isNaN) || !(total > 0)) {
        status.textContent = WORDS.invalid;
        return;
      }
      keepInAddress();
      var scores = data.countries.map(function (c) { return weightedMean(c.scores, w); });
      var rank = ranks(scores);
      var t0 = performance.now();
      var iv = intervals(unc, w);
      form.dataset.mcMs = String(Math.round(performance.now() - t0));
      var order = data.countries.map(function (c, i) { return i; });
      order.sort(function (a, b) {
        return iv[a].median - iv[b].median || rank[a] - rank[b] ||
          (data.countries[a].iso3 < data.countries[b].iso3 ? -1 : 1);
      });
      var rows = {};
      if (window.AtlasTables) window.AtlasTables.expand(table); // every country is re-ranked
      Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) { rows[tr.dataset.iso3] = tr; });
      var body = table.tBodies[0];
      var chartRows = [];
      var names = {};
      order.forEach(function (i, n) {
        var c = data.countries[i];
        var tr = rows[c.iso3];
        tr.dataset.score = String(scores[i]);
        tr.dataset.median = String(iv[i].median);
        tr.dataset.low = String(iv[i].low);
        tr.dataset.high = String(iv[i].high);
        tr.querySelector(".atlas-median").textContent = number(iv[i].median);
        tr.querySelector(".atlas-interval").textContent = iv[i].low + "–" + iv[i].high;
        tr.querySelector(".atlas-rank").textContent = String(rank[i]);
        tr.querySelector(".atlas-score").textContent = number(scores[i], 2);
        body.appendChild(tr);
        names[c.iso3] = tr.querySelector("a").textContent; // in the page's language
        chartRows.push({ order: n, rank: rank[i], name: names[c.iso3], score: scores[i], rank_median: iv[i].median,
          rank_low: iv[i].low, rank_high: iv[i].high, iso3: c.iso3, short: c.short });
      });
      var mapRows = data.countries.map(function (c, i) {
        var k = mapClass(data.map.cuts, scores[i]);
        return { rank: rank[i], iso3: c.iso3, name: names[c.iso3], id: c.id, value: scores[i], flag: "",
          bin: (WORDS.map_labels || data.map.labels)[k], bin_order: k };
      });
      redraw("chart-index-ranks", chartRows);
      redraw("chart-index-map", mapRows);
      form.dataset.weights = w.join(",");
      status.textContent = isDefault()
        ? WORDS.default
        : fill(WORDS.recomputed, { weights: w.map(function (x) { return number(x); }).join(" : "), n: number(data.countries.length) });
    }

    function restore() {
      // weights from the page address (?development=2&...), checked like typed ones
      var params = new URLSearchParams(window.location.search);
      inputs.forEach(function (input) {
        var v = params.get(input.name);
        if (v !== null && v !== "" && isFinite(Number(v)) && Number(v) >= 0) input.value = v;
      });
    }

    function getJSON(url) {
      return fetch(url).then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + r.url);
        return r.json();
      });
    }

    function load() {
      READER.forEach(function (t) { window.removeEventListener(t, load, true); });
      if (form.dataset.loading) return;
      form.dataset.loading = "true";
      Promise.all([getJSON(form.dataset.scores), getJSON(form.dataset.uncertainty)]).then(ready)
        .catch(function (err) { status.textContent = WORDS.not_loaded + " " + err.message; });
    }

    function ready(got) {
      data = got[0];
      unc = got[1];
      restore();
      inputs.forEach(function (input) {
        input.addEventListener("change", apply);
        input.addEventListener("input", function () {
          clearTimeout(timer);
          if (input.checkValidity()) timer = setTimeout(apply, 150);
        });
      });
      document.getElementById("atlas-weights-reset").addEventListener("click", function () {
        inputs.forEach(function (input) { input.value = input.dataset.default; });
        apply();
      });
      if (!isDefault()) apply();
      form.dataset.ready = "true";
    }

    // the scores and the Monte-Carlo draws (55 KB) load when the page address carries weights,
    // else once the reader does something (scrolls, points, types, touches): the page's first
    // view needs neither
    var params = new URLSearchParams(window.location.search);
    if (inputs.some(function (input) { return params.has(input.name); })) load();
    else READER.forEach(function (t) { window.addEventListener(t, load, { capture: true, passive: true }); });
  }

  function start() {
    var form = document.getElementById("atlas-weights");
    if (form) wire(form);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

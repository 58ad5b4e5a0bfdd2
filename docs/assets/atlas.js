/* Migration & Development Atlas: draws the charts of a page with the self-hosted vega-embed,
   keeps each chart's data table in step with what is drawn, and wires the controls (year
   pickers, table filters and sorting, PNG/SVG export; the place pickers and the compare page
   are picker.js and compare.js). Data always
   come from the JSON files named on the page; nothing is fetched from outside the site. */
(function () {
  "use strict";

  // Within the site's Content-Security-Policy: no actions menu (our own export buttons), no
  // injected <style> elements (their CSS ships as assets/vendor/vega-embed.css), and vega's
  // expressions run by the interpreter instead of compiled code (no 'unsafe-eval').
  var EMBED = {
    actions: false,
    renderer: "svg",
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true },
    ast: true,
    expr: vegaInterpreter.expressionInterpreter
  };
  var THEME = null; // the site's one chart theme, loaded once (assets/atlas-theme.json)

  function theme(root) {
    if (!THEME) THEME = getJSON(root + "assets/atlas-theme.json");
    return THEME;
  }

  var FLAGS = null; // each flag id's meaning in words (assets/flag-words.json)

  function flagWords(root) {
    if (!FLAGS) FLAGS = getJSON(root + "assets/flag-words.json");
    return FLAGS;
  }

  function picked(rows, codes, words) {
    // a line chart's rows for the countries chosen: totals, flags explained in words
    return segments(rows.filter(function (r) { return r.sex === "total" && codes.indexOf(r.iso3) >= 0; })
      .map(function (r) {
        var row = { series: r.name, iso3: r.iso3, year: r.year, value: r.value };
        if (r.flag) { row.flag = r.flag; row.flag_note = words[r.flag] || r.flag; }
        return row;
      }));
  }

  function abs(root, url) {
    return url && !/^([a-z]+:|\/)/.test(url) ? root + url : url;
  }

  function fmt(v, style) {
    // a table cell, as `cell_text` in atlas/render/formats.py: "year" (2024, never 2,024), a
    // number of decimals ("1": shares, "3": indices), or full precision
    if (v === null || v === undefined) return "";
    if (typeof v === "number") {
      if (isNaN(v)) return "";
      if (style === "year") return BigInt(Math.trunc(v)).toString();
      if (/^[0-9]+$/.test(style || "")) {
        var d = Number(style);
        var t = v.toLocaleString("en", { minimumFractionDigits: d, maximumFractionDigits: d });
        return /^-0(\.0*)?$/.test(t) ? t.slice(1) : t;
      }
      return v.toLocaleString("en", { maximumFractionDigits: 20 });
    }
    return String(v);
  }

  function getJSON(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  function status(fig, text) {
    var el = fig.querySelector(".atlas-status");
    if (!el) {
      el = document.createElement("p");
      el.className = "atlas-status";
      el.setAttribute("role", "status");
      el.setAttribute("aria-live", "polite");
      fig.querySelector(".atlas-chart__view").before(el);
    }
    el.textContent = text;
  }

  function fillTable(fig, rows) {
    var table = fig.querySelector("table");
    var heads = table.querySelectorAll("thead th");
    var fields = Array.prototype.map.call(heads, function (th) { return th.dataset.field; });
    var styles = Array.prototype.map.call(heads, function (th) { return th.dataset.format || ""; });
    var body = table.tBodies[0];
    var out = document.createDocumentFragment();
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      fields.forEach(function (f, i) {
        var td = document.createElement("td");
        td.textContent = fmt(r[f], styles[i]);
        tr.appendChild(td);
      });
      out.appendChild(tr);
    });
    body.replaceChildren(out);
  }

  function usualStep(years) {
    // the most common step between a series' observed years (the smaller on a tie), as
    // `usual_step` in atlas/render/specs.py
    var counts = {};
    for (var i = 1; i < years.length; i++) {
      var d = years[i] - years[i - 1];
      counts[d] = (counts[d] || 0) + 1;
    }
    var best = null;
    Object.keys(counts).forEach(function (k) {
      var s = Number(k);
      if (best === null || counts[k] > counts[best] || (counts[k] === counts[best] && s < best)) best = s;
    });
    return best === null ? 1 : best;
  }

  function segments(rows) {
    // lines join a series' observed years and break only where it skips more than its usual
    // step, as `segmented` in atlas/render/specs.py
    var last = {};
    var years = {};
    var n = 0;
    rows.sort(function (a, b) { return a.series < b.series ? -1 : a.series > b.series ? 1 : a.year - b.year; });
    rows.forEach(function (r) { (years[r.series] = years[r.series] || []).push(r.year); });
    var step = {};
    Object.keys(years).forEach(function (k) { step[k] = usualStep(years[k]); });
    rows.forEach(function (r) {
      var prev = last[r.series];
      if (!prev || r.year - prev.year > step[r.series]) n += 1;
      r.segment = r.series + "#" + n;
      last[r.series] = r;
    });
    return rows;
  }

  var SPECS = {};

  function loadSpec(fig) {
    // the kind's shared spec, with this chart's title, subtitle and description put in
    if (!SPECS[fig.dataset.spec]) SPECS[fig.dataset.spec] = getJSON(fig.dataset.spec);
    return SPECS[fig.dataset.spec].then(function (shared) {
      var spec = JSON.parse(JSON.stringify(shared));
      var title = fig.querySelector(".atlas-chart__title");
      var subtitle = fig.querySelector(".atlas-chart__subtitle");
      spec.title = { text: title ? title.textContent : "", subtitle: subtitle ? subtitle.textContent : "" };
      spec.description = fig.dataset.description || spec.title.text;
      return spec;
    });
  }

  function draw(fig, rows, specEdit) {
    var root = fig.dataset.root || "";
    var seq = (fig._seq = (fig._seq || 0) + 1); // a later call wins, whichever finishes first
    var dataPromise = rows ? Promise.resolve(rows) : getJSON(fig.dataset.data);
    return Promise.all([loadSpec(fig), dataPromise, theme(root)]).then(function (got) {
      var spec = JSON.parse(JSON.stringify(got[0]));
      var values = got[1];
      fig._rows = values;
      spec.config = got[2];
      if (fig.dataset.kind === "lines" && values.length && values[0].segment === undefined) {
        values = segments(values.map(function (r) { return Object.assign({}, r); }));
      }
      var t = spec.transform && spec.transform[0];
      if (t && t.lookup) {
        t.from.data = { values: values };
        spec.data = Object.assign({}, spec.data, { url: abs(root, spec.data.url) });
      } else {
        spec.data = { values: values };
      }
      if (specEdit) specEdit(spec);
      var view = fig.querySelector(".atlas-chart__view");
      var holder = document.createElement("div");
      holder.className = "atlas-vega";
      view.appendChild(holder);
      return vegaEmbed(holder, spec, EMBED).then(function (result) {
        if (seq !== fig._seq) { // overtaken by a newer drawing (a reader's choice)
          result.view.finalize();
          holder.remove();
          return result;
        }
        if (fig._view) fig._view.finalize();
        if (fig._holder) fig._holder.remove();
        fig._view = result.view;
        fig._holder = holder;
        var fallback = view.querySelector(".atlas-fallback");
        if (fallback) fallback.remove();
        fig.classList.add("is-drawn");
        fig.dataset.rows = String(values.length);
        return result;
      });
    });
  }

  function exportImage(fig, format) {
    if (!fig._view) return;
    fig._view.toImageURL(format, format === "png" ? 2 : 1).then(function (url) {
      var a = document.createElement("a");
      a.href = url;
      a.download = (fig.id || "chart") + "." + format;
      document.body.appendChild(a);
      a.click();
      a.remove();
    });
  }

  function wireYear(fig) {
    var select = fig.querySelector(".atlas-year");
    var input = fig.querySelector(".atlas-year-input");
    if (!select) return;
    var years = Array.prototype.map.call(select.options, function (o) { return o.value; });
    function show(year) {
      if (years.indexOf(String(year)) < 0) {
        status(fig, "No data for " + year + ". Years with data: " + years[years.length - 1] + "–" + years[0] + ".");
        return;
      }
      status(fig, "");
      select.value = String(year);
      input.value = String(year);
      var url = fig.dataset.yearPattern.replace("{year}", year);
      // the downloads follow the year shown
      Array.prototype.forEach.call(fig.querySelectorAll(".atlas-downloads a[download]"), function (a) {
        var ext = /\.(csv|json)$/.exec(a.getAttribute("href"));
        if (ext && !/\.vl\.json$/.test(a.getAttribute("href"))) a.href = url.replace(/\.json$/, "." + ext[1]);
      });
      getJSON(url).then(function (rows) {
        var sub = fig.querySelector(".atlas-chart__subtitle");
        sub.textContent = sub.textContent.replace(/^\d{4}/, String(year));
        return draw(fig, rows, function (spec) {
          spec.title.subtitle = spec.title.subtitle.replace(/^\d{4}/, String(year));
        }).then(function () { fillTable(fig, rows); });
      });
    }
    select.addEventListener("change", function () { show(select.value); });
    input.addEventListener("change", function () { show(input.value); });
  }

  function wireFilter(input) {
    var table = document.getElementById(input.dataset.target);
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
        tr.hidden = q !== "" && tr.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
  }

  function sortValue(td) {
    var text = td.textContent.trim();
    var n = Number(text.replace(/,/g, "").replace(/\s*%$/, ""));
    return text !== "" && !isNaN(n) ? n : text.toLowerCase();
  }

  function wireSort(table) {
    Array.prototype.forEach.call(table.querySelectorAll("thead th"), function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "atlas-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.querySelectorAll("thead th"), function (o) { o.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(table.tBodies[0].rows);
        rows.sort(function (a, b) {
          var x = sortValue(a.cells[col]);
          var y = sortValue(b.cells[col]);
          var r = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : typeof x === "number" ? -1 : 1;
          return asc ? r : -r;
        });
        table.tBodies[0].append.apply(table.tBodies[0], rows);
      });
    });
  }

  // "Cite" blocks: the reader's access date, filled in here so built pages stay byte-identical
  function fillAccessDates() {
    var now = new Date();
    var iso = now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" + String(now.getDate()).padStart(2, "0");
    var apa = now.toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric" });
    Array.prototype.forEach.call(document.querySelectorAll(".atlas-accessed"), function (el) {
      el.textContent = el.dataset.format === "iso" ? iso : apa;
    });
  }

  function init() {
    fillAccessDates();
    Array.prototype.forEach.call(document.querySelectorAll("figure.atlas-chart"), function (fig) {
      Array.prototype.forEach.call(fig.querySelectorAll(".atlas-export"), function (b) {
        b.addEventListener("click", function () { exportImage(fig, b.dataset.format); });
      });
      if (fig.classList.contains("atlas-chart--live")) return; // drawn by its page's controls
      draw(fig).catch(function (err) { status(fig, "The chart could not be drawn: " + err.message); });
      wireYear(fig);
    });
    Array.prototype.forEach.call(document.querySelectorAll("input.atlas-filter"), wireFilter);
    Array.prototype.forEach.call(document.querySelectorAll("table.atlas-table"), wireSort);
  }

  // for the page scripts that redraw a chart with a reader's choices (index.js, picker.js)
  window.AtlasCharts = { draw: draw, fillTable: fillTable, getJSON: getJSON, flagWords: flagWords, picked: picked };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

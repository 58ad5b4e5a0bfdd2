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
  // the page's language (<html lang>, set per language by Material): table cells and, through
  // Vega's format locale (assets/locale/<lang>.json, from CLDR at build), axes and tooltips
  var LANG = (document.documentElement.lang || "en").slice(0, 2);
  var FORMAT_LOCALE = null;

  function embedOptions() {
    var options = {
      actions: false,
      renderer: "svg",
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true },
      ast: true,
      expr: vegaInterpreter.expressionInterpreter
    };
    if (FORMAT_LOCALE) options.formatLocale = FORMAT_LOCALE;
    return options;
  }

  // Vega, Vega-Lite and vega-embed (830 KB) are loaded only on pages with charts, and only when
  // the first chart is drawn: beside this script (assets/), in order, downloaded in parallel.
  // the chart-only pages of releases up to 2026.11.3 (embed/<key with dashes>.html, named by
  // their citations) are gone: such an address answers with the 404 page, which sends it on to
  // the one chart-only page (embed.js finds the chart by that name)
  var OLD_EMBED = /^(.*\/)embed\/([A-Za-z0-9_.-]+)\.html$/.exec(location.pathname);
  if (OLD_EMBED) {
    location.replace(OLD_EMBED[1] + "embed/?old=" + OLD_EMBED[2]);
    return;
  }
  var HERE = document.currentScript ? document.currentScript.src : location.href;
  var VENDOR = ["vega.min.js", "vega-interpreter.js", "vega-lite.min.js", "vega-embed.min.js"];
  var VEGA = null;

  function vegaReady() {
    if (VEGA) return VEGA;
    if (window.vegaEmbed && window.vegaInterpreter) { VEGA = Promise.resolve(); return VEGA; }
    VEGA = Promise.all(VENDOR.map(function (name) {
      return new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL("vendor/" + name, HERE).href;
        script.async = false; // run in order, whatever order they arrive in
        script.onload = resolve;
        script.onerror = function () { reject(new Error(name + " could not be loaded")); };
        document.head.appendChild(script);
      });
    }).concat(LANG === "en" ? [] : [
      fetch(new URL("locale/" + LANG + ".json", HERE).href)
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (loc) { FORMAT_LOCALE = loc; })
    ]));
    return VEGA;
  }

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

  function fmt(v, style, lang) {
    // a table cell, as `cell_text` in atlas/render/formats.py: "year" (2024, never 2,024), a
    // number of decimals ("1": shares, "3": indices), or full precision; in the page's
    // language (`lang`: "en", "es", "fr"; Intl's CLDR separators, as Babel's in Python)
    var loc = lang || "en";
    if (v === null || v === undefined) return "";
    if (typeof v === "number") {
      if (isNaN(v)) return "";
      if (style === "year") return BigInt(Math.trunc(v)).toString();
      if (/^[0-9]+$/.test(style || "")) {
        var d = Number(style);
        var t = v.toLocaleString(loc, { minimumFractionDigits: d, maximumFractionDigits: d, useGrouping: "always" });
        return /^-0([.,]0*)?$/.test(t) ? t.slice(1) : t;
      }
      // grouping "always": 1.234,5 in Spanish too, as Babel (Python) and d3 (axes) write it
      return v.toLocaleString(loc, { maximumFractionDigits: 20, useGrouping: "always" });
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

  function labelsOf(fig) {
    // a Spanish or French chart's map from the English words of its data to the language's
    // (the spec's `atlas_labels`): the table names places and flags as the chart does
    var params = (fig._spec && fig._spec.params) || [];
    for (var i = 0; i < params.length; i++) if (params[i].name === "atlas_labels") return params[i].value;
    return null;
  }

  function fillTable(fig, rows) {
    var labels = labelsOf(fig);
    var table = fig.querySelector("table");
    var heads = table.querySelectorAll("thead th");
    var fields = Array.prototype.map.call(heads, function (th) { return th.dataset.field; });
    var styles = Array.prototype.map.call(heads, function (th) { return th.dataset.format || ""; });
    var body = table.tBodies[0];
    delete table.dataset.allRows; // the rows drawn, not the build's (a deferred table)
    var out = document.createDocumentFragment();
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      fields.forEach(function (f, i) {
        var td = document.createElement("td");
        var v = r[f];
        if (labels && typeof v === "string" && Object.prototype.hasOwnProperty.call(labels, v)) v = labels[v];
        td.textContent = fmt(v, styles[i], LANG);
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
    // step or around a partial year, as `segmented` in atlas/render/specs.py
    var last = {};
    var years = {};
    var n = 0;
    rows.sort(function (a, b) { return a.series < b.series ? -1 : a.series > b.series ? 1 : a.year - b.year; });
    rows.forEach(function (r) { (years[r.series] = years[r.series] || []).push(r.year); });
    var step = {};
    Object.keys(years).forEach(function (k) { step[k] = usualStep(years[k]); });
    rows.forEach(function (r) {
      var prev = last[r.series];
      // a partial year stands alone, a hollow point (joined, it reads as a collapse)
      if (!prev || r.year - prev.year > step[r.series] || r.flag === "partial_year" || prev.flag === "partial_year") n += 1;
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
    var drawing = Promise.all([loadSpec(fig), dataPromise, theme(root), vegaReady()]).then(function (got) {
      var spec = JSON.parse(JSON.stringify(got[0]));
      var values = got[1];
      fig._rows = values;
      var hollow = fig.querySelector(".atlas-hollow-note"); // only when a point is hollow
      if (hollow) hollow.hidden = !values.some(function (r) { return r.flag; });
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
      fig._spec = spec; // kept for exports (drawn again with title and footer)
      // the title and subtitle are the figure's caption: the drawn chart does not repeat them
      var drawn = Object.assign({}, spec);
      delete drawn.title;
      var view = fig.querySelector(".atlas-chart__view");
      var holder = document.createElement("div");
      holder.className = "atlas-vega";
      // drawn out of the flow, unseen, over what the view shows now (the static SVG or the
      // previous drawing), and swapped in at once: the page never holds both (a layout shift)
      if (view.firstElementChild) holder.classList.add("atlas-vega--pending");
      view.appendChild(holder);
      return vegaEmbed(holder, drawn, embedOptions()).then(function (result) {
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
        holder.classList.remove("atlas-vega--pending");
        fig.classList.add("is-drawn");
        fig.dataset.rows = String(values.length);
        return result;
      });
    });
    if (!fig._drawing) fig._drawing = drawing;
    return drawing;
  }

  // --- exports: the chart with its title and a footer (source, license, site, URL, version) ---
  function footerLines(fig, width) {
    var d = fig.dataset;
    // the words of a Spanish or French figure (data-words: source|license|version|site name)
    var w = (d.words || "Source|License|version|Migration & Development Atlas").split("|");
    var text = [];
    if (d.source) text.push(w[0] + ": " + d.source + "." + (d.license ? " " + w[1] + ": " + d.license + "." : ""));
    text.push(w[3] + (d.version ? ", " + w[2] + " " + d.version : "") + ". " + (d.url || location.href.split("#")[0] + "#" + fig.id));
    var max = Math.max(40, Math.floor((width - 16) / 6)); // characters per line at 11 px
    var lines = [];
    text.forEach(function (t) {
      var line = "";
      t.split(" ").forEach(function (word) {
        if (line && (line + " " + word).length > max) { lines.push(line); line = word; }
        else line = line ? line + " " + word : word;
      });
      if (line) lines.push(line);
    });
    return lines;
  }

  function xml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function svgWithFooter(svg, lines) {
    var size = /<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"/.exec(svg);
    var w = Number(size[1]);
    var h = Number(size[2]);
    var total = h + 16 * lines.length + 14;
    var text = lines.map(function (l, i) {
      return '<text x="8" y="' + (h + 18 + 16 * i) + '" font-family="system-ui, sans-serif" font-size="11" fill="#444">' + xml(l) + "</text>";
    }).join("");
    return '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" width="' + w +
      '" height="' + total + '" viewBox="0 0 ' + w + " " + total + '"><rect width="' + w + '" height="' + total + '" fill="white"/>' +
      svg.replace(/^<svg/, '<svg x="0" y="0"') + text + "</svg>";
  }

  function pngWithFooter(canvas, lines, scale) {
    var w = canvas.width / scale;
    var h = canvas.height / scale;
    var out = document.createElement("canvas");
    out.width = canvas.width;
    out.height = Math.ceil((h + 16 * lines.length + 14) * scale);
    var c = out.getContext("2d");
    c.scale(scale, scale);
    c.fillStyle = "white";
    c.fillRect(0, 0, w, out.height / scale);
    c.drawImage(canvas, 0, 0, w, h);
    c.fillStyle = "#444";
    c.font = "11px system-ui, sans-serif";
    lines.forEach(function (l, i) { c.fillText(l, 8, h + 18 + 16 * i); });
    return out.toDataURL("image/png");
  }

  function exportSpec(fig) {
    // the spec drawn on the page, with its title, at a fixed width (no page to fit)
    var spec = JSON.parse(JSON.stringify(fig._spec));
    var title = fig.querySelector(".atlas-chart__title");
    var subtitle = fig.querySelector(".atlas-chart__subtitle");
    spec.title = { text: title ? title.textContent : "", subtitle: subtitle ? subtitle.textContent : "" };
    if (spec.width === "container" || spec.width === undefined) spec.width = 640;
    return spec;
  }

  function exportImage(fig, format) {
    var ready = fig._spec ? Promise.resolve() : drawFig(fig);
    return ready.then(function () {
      var compiled = vegaLite.compile(exportSpec(fig)).spec;
      var view = new vega.View(vega.parse(compiled, null, { ast: true }), {
        renderer: "none",
        expr: vegaInterpreter.expressionInterpreter
      });
      var scale = format === "png" ? 2 : 1;
      return view.runAsync().then(function () {
        return format === "svg" ? view.toSVG() : view.toCanvas(scale);
      }).then(function (out) {
        var width = format === "svg" ? Number(/width="([\d.]+)"/.exec(out)[1]) : out.width / scale;
        var lines = footerLines(fig, width);
        view.finalize();
        var url = format === "svg"
          ? URL.createObjectURL(new Blob([svgWithFooter(out, lines)], { type: "image/svg+xml" }))
          : pngWithFooter(out, lines, scale);
        var a = document.createElement("a");
        a.href = url;
        a.download = (fig.id || "chart") + "." + format;
        document.body.appendChild(a);
        a.click();
        a.remove();
        return url;
      });
    });
  }

  // --- CSV of what is shown: the columns of the build's CSVs (`csv_table` in
  // atlas/render/output.py), for rows a reader picked in the browser ---
  var DRAWING_FIELDS = ["segment", "bin_order", "order", "label", "partner_total", "short"];

  function csvCell(v) {
    // as Python's csv module writes the build's rows: numbers as repr() (whole numbers below
    // 1e15 are ints in the data files; others "0.3", "1e-07", "1e+16"), text quoted if needed
    if (v === null || v === undefined) return "";
    var t = String(v);
    if (typeof v === "number" && isFinite(v)) {
      var exp = Number(v.toExponential().split("e")[1]);
      if (Number.isInteger(v) && Math.abs(v) < 1e15) t = String(v);
      else if (exp < -4 || exp >= 16) t = v.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
      else t = Number.isInteger(v) ? v.toFixed(1) : String(v);
    }
    return /[",\n\r]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
  }

  function csvText(fig, rows) {
    var d = fig.dataset;
    var out = rows.map(function (r) {
      var row = d.code ? { entity: d.entity, code: d.code } : {
        entity: r.name !== undefined ? r.name : r.series !== undefined ? r.series : "",
        code: r.code !== undefined ? r.code : r.iso3 !== undefined ? r.iso3 : ""
      };
      Object.keys(r).forEach(function (k) { if (DRAWING_FIELDS.indexOf(k) < 0) row[k] = r[k]; });
      if (!("year" in row)) row.year = d.years;
      row.unit = d.unit; row.source = d.source; row.license = d.license;
      return row;
    });
    // the table's fields (a chart-only page, without a table, names them in data-fields)
    var named = d.fields ? d.fields.split(",") : Array.prototype.map.call(fig.querySelectorAll("thead th"), function (th) { return th.dataset.field; });
    var own = named
      .filter(function (f) { return ["name", "iso3", "code", "year", "value", "label"].indexOf(f) < 0; });
    var first = ["entity", "code"].concat(own, ["year"]);
    if (rows.some(function (r) { return "value" in r; })) first.push("value");
    var fields = [];
    function add(f) { if (fields.indexOf(f) < 0) fields.push(f); }
    first.forEach(add);
    add("unit");
    out.forEach(function (r) { Object.keys(r).forEach(function (k) { if (["unit", "source", "license"].indexOf(k) < 0) add(k); }); });
    ["source", "license"].forEach(add);
    return [fields.join(",")].concat(out.map(function (r) {
      return fields.map(function (f) { return csvCell(r[f]); }).join(",");
    })).join("\n") + "\n";
  }

  function csvFollows(fig, rows) {
    // the chart's CSV link downloads the rows now shown
    var a = fig.querySelector(".atlas-downloads a.atlas-csv, .atlas-downloads a[data-csv]");
    if (!a) return;
    if (a.dataset.csv) URL.revokeObjectURL(a.href);
    a.href = URL.createObjectURL(new Blob([csvText(fig, rows)], { type: "text/csv" }));
    a.dataset.csv = "shown";
    a.download = (fig.id || "chart") + ".csv";
  }

  function rowsFromText(text) {
    // a chart's JSON rows for its CSV: a number Python wrote as a whole float ("1.0") is kept
    // as written, so the CSV says "1.0" as the build's writer does (JSON.parse alone gives 1)
    var token = /"(?:[^"\\]|\\.)*"|-?\d+\.0(?![\d.eE])/g;
    return JSON.parse(text.replace(token, function (t) { return t.charAt(0) === '"' ? t : '"' + t + '"'; }));
  }

  function csvFrom(fig, url) {
    // the chart's CSV link downloads the rows of this JSON file (a map's year)
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.text();
    }).then(function (text) { csvFollows(fig, rowsFromText(text)); });
  }

  function wireCsv(a) {
    // a chart's CSV is written here from its JSON (the site carries no CSV per chart); once
    // written, or once the rows shown change (year, picked places), the link is the file
    var fig = a.closest("figure.atlas-chart");
    a.addEventListener("click", function (e) {
      if (a.dataset.csv) return;
      e.preventDefault();
      csvFrom(fig, fig.dataset.data).then(function () { a.click(); });
    });
  }

  function specText(template, words) {
    // a chart's own spec from its template: its words and data URL in their slots (the
    // build's `spec_template`), as Python's json writes them
    return ["title", "subtitle", "description", "data"].reduce(function (t, k) {
      return t.split('"@@' + k + '@@"').join(JSON.stringify(words[k]));
    }, template);
  }

  function wireSpec(a) {
    // the chart's "Vega-Lite spec": its template filled with the words the page printed
    var fig = a.closest("figure.atlas-chart");
    var d = fig.dataset;
    var words = {
      title: fig.querySelector(".atlas-chart__title").textContent,
      subtitle: fig.querySelector(".atlas-chart__subtitle").textContent,
      description: d.description,
      data: d.data.indexOf(d.root) === 0 ? d.data.slice(d.root.length) : d.data
    };
    a.addEventListener("click", function (e) {
      if (a.dataset.spec) return;
      e.preventDefault();
      fetch(a.dataset.template).then(function (r) {
        if (!r.ok) throw new Error(a.dataset.template + ": " + r.status);
        return r.text();
      }).then(function (template) {
        a.href = URL.createObjectURL(new Blob([specText(template, words)], { type: "application/json" }));
        a.download = (fig.id || "chart") + ".vl.json";
        a.dataset.spec = "written";
        a.click();
      });
    });
  }

  function wireYear(fig) {
    var select = fig.querySelector(".atlas-year");
    var input = fig.querySelector(".atlas-year-input");
    if (!select) return;
    var years = Array.prototype.map.call(select.options, function (o) { return o.value; });
    function show(year) {
      if (years.indexOf(String(year)) < 0) {
        // in the page's language (data-nodata of a Spanish or French figure)
        var words = select.dataset.nodata || "No data for {year}. Years with data: {first}–{last}.";
        status(fig, words.replace("{year}", year).replace("{first}", years[years.length - 1]).replace("{last}", years[0]));
        return;
      }
      status(fig, "");
      select.value = String(year);
      input.value = String(year);
      var url = fig.dataset.yearPattern.replace("{year}", year);
      // the downloads follow the year shown: the year's JSON, and its CSV written here from the
      // same rows (csvText, the twin of the build's CSV writer: the site keeps one CSV per map)
      Array.prototype.forEach.call(fig.querySelectorAll(".atlas-downloads a[download]"), function (a) {
        if (/(^|\/)map(-\d{4})?\.json$/.test(a.getAttribute("href"))) a.href = url;
      });
      csvFrom(fig, url);
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

  // --- long tables: their first rows at load, the rest on demand -------------------------------
  // A long table (the Global Index ranking and trend: 3,000 elements) carries its first rows;
  // the whole table is in a <noscript> (data-all-rows names it): what a reader without
  // JavaScript sees, and with JavaScript one text node, never parsed into elements nor laid
  // out. "Show all", a sort or a page script that re-ranks (index.js) parses its rows in.
  function expandTable(table) {
    var source = table.dataset.allRows && document.getElementById(table.dataset.allRows);
    if (!source) return table;
    var holder = document.createElement("template");
    holder.innerHTML = source.textContent;
    var body = table.tBodies[0];
    body.replaceChildren.apply(body, Array.prototype.slice.call(holder.content.querySelectorAll("tbody tr")));
    delete table.dataset.allRows;
    Array.prototype.forEach.call(document.querySelectorAll("[data-expand='" + table.id + "']"), function (b) {
      b.parentNode.hidden = true;
    });
    return table;
  }

  function wireExpand(button) {
    var table = document.getElementById(button.dataset.expand);
    button.addEventListener("click", function () {
      expandTable(table);
      table.parentNode.focus(); // the table's scrolling region, now with every row
    });
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
        expandTable(table); // sorts every row, not the first ones
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

  // --- Chart / Table views: the ARIA tabs pattern (arrows, Home and End move and select) ----
  function wireTabs(fig) {
    var tabs = Array.prototype.slice.call(fig.querySelectorAll("[role=tab]"));
    function select(tab, focus) {
      tabs.forEach(function (t) {
        var on = t === tab;
        t.setAttribute("aria-selected", String(on));
        t.tabIndex = on ? 0 : -1;
        document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
      });
      var rows = fig.querySelector("table[data-all-rows]"); // a long table: its rows now
      if (rows && tab.id.slice(-6) === "-table") expandTable(rows);
      if (focus) tab.focus();
    }
    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function () { select(tab, false); });
      tab.addEventListener("keydown", function (e) {
        var to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
        if (to === undefined) return;
        e.preventDefault();
        select(tabs[(to + tabs.length) % tabs.length], true);
      });
    });
  }

  // --- charts drawn as they scroll into view -------------------------------------------------
  // Each chart shows its static SVG until drawn. Nothing is drawn before the reader does
  // something (scrolls, points, types, touches): the page's first view is HTML and SVG only, and
  // Vega is loaded with the first chart drawn. Then each chart is drawn as it comes near the
  // viewport (IntersectionObserver).
  var READER = ["scroll", "wheel", "pointerdown", "pointermove", "keydown", "touchstart", "focusin"];

  function drawFig(fig) {
    if (!fig._drawing) { // not yet drawn, nor being drawn for a reader's pick
      fig._drawing = draw(fig).catch(function (err) { status(fig, "The chart could not be drawn: " + err.message); });
    }
    return fig._drawing;
  }

  function drawWhenSeen(figs, now) {
    if (!figs.length) return;
    var seen = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) { seen.unobserve(e.target); drawFig(e.target); }
      });
    }, { rootMargin: "300px 0px" }) : null;
    var armed = false;
    function arm() {
      if (armed) return;
      armed = true;
      READER.forEach(function (t) { window.removeEventListener(t, arm, true); });
      figs.forEach(function (f) { if (seen) seen.observe(f); else drawFig(f); });
    }
    if (now) arm();
    else READER.forEach(function (t) { window.addEventListener(t, arm, { capture: true, passive: true }); });
  }

  function reserveSizes(figs) {
    // A chart far off screen is not laid out (content-visibility: auto in atlas.css) and takes
    // the height its contain-intrinsic-size says until it comes near. Say its real height (the
    // first chart's title, bar and footer, plus this chart's static SVG, whose height is the
    // drawn chart's: atlas.css never scales it), so nothing moves when it is laid out: no
    // layout shift, and a click lands where it was aimed. One layout read for the page.
    // The static SVG keeps its own height at any width (scaled down inside it on a phone, as
    // the drawn chart keeps its height), so nothing moves when the chart is drawn over it.
    figs.forEach(function (fig) {
      var own = fig.querySelector("img.atlas-fallback");
      if (own) own.style.height = own.getAttribute("height") + "px";
    });
    var first = figs[0];
    var img = first && first.querySelector("img.atlas-fallback");
    if (!img) return;
    // measured on the first chart, laid out now (before its first rendering, content-visibility
    // would report its placeholder's height)
    first.style.contentVisibility = "visible";
    var chrome = first.offsetHeight - img.offsetHeight;
    figs.forEach(function (fig) {
      var own = fig.querySelector("img.atlas-fallback");
      if (own) fig.style.containIntrinsicSize = "auto " + Math.round(chrome + Number(own.getAttribute("height"))) + "px";
    });
  }

  function init() {
    fillAccessDates();
    reserveSizes(Array.prototype.slice.call(document.querySelectorAll("figure.atlas-chart")));
    var lazy = [];
    Array.prototype.forEach.call(document.querySelectorAll("figure.atlas-chart"), function (fig) {
      Array.prototype.forEach.call(fig.querySelectorAll(".atlas-export"), function (b) {
        b.addEventListener("click", function () { exportImage(fig, b.dataset.format); });
      });
      Array.prototype.forEach.call(fig.querySelectorAll(".atlas-downloads a.atlas-csv"), wireCsv);
      Array.prototype.forEach.call(fig.querySelectorAll(".atlas-downloads a.atlas-spec"), wireSpec);
      wireTabs(fig);
      if (fig.classList.contains("atlas-chart--live")) return; // drawn by its page's controls
      lazy.push(fig);
      wireYear(fig);
    });
    // a chart-only page, or a link to one chart: drawn at once
    drawWhenSeen(lazy, document.body.classList.contains("atlas-embed-page") || /^#chart-/.test(location.hash));
    Array.prototype.forEach.call(document.querySelectorAll("input.atlas-filter"), wireFilter);
    Array.prototype.forEach.call(document.querySelectorAll("table.atlas-table"), wireSort);
    Array.prototype.forEach.call(document.querySelectorAll("button[data-expand]"), wireExpand);
  }

  // for the page scripts that redraw a chart with a reader's choices (index.js, picker.js)
  window.AtlasCharts = { draw: draw, fillTable: fillTable, csvFollows: csvFollows, getJSON: getJSON, flagWords: flagWords, picked: picked };
  window.AtlasTables = { expand: expandTable };

  // print: every chart not yet drawn prints its static SVG, so the lazy ones load now
  // (`beforeprint` for the browser's print; the media query for a print preview or PDF export)
  function loadForPrint() {
    Array.prototype.forEach.call(document.querySelectorAll("img.atlas-fallback[loading=lazy]"), function (img) {
      img.loading = "eager";
    });
    Array.prototype.forEach.call(document.querySelectorAll("table[data-all-rows]"), expandTable);
  }
  window.addEventListener("beforeprint", loadForPrint);
  if (window.matchMedia) {
    var printing = window.matchMedia("print");
    if (printing.addEventListener) printing.addEventListener("change", function (e) { if (e.matches) loadForPrint(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

/* A chart on its own (embed/?chart=<key>[&page=<page>]): one page for every chart of the site.
   The chart's figure is read from the page that shows it (its folder, countries/MEX/, unless
   the address names another page), its links made absolute, its table left out; then atlas.js
   draws it as on its page. Nothing is asked of another site. An address of the chart-only
   pages of releases up to 2026.11.3 (embed/countries-MEX-stocks.html, cited by them) reaches
   the 404 page, which sends it here as ?old=<name>: charts.json names its chart. */
(function () {
  "use strict";
  var main = document.querySelector("main");
  var status = document.querySelector(".atlas-embed-status");
  var params = new URLSearchParams(location.search);
  var key = params.get("chart") || "";
  // a chart's key is path-safe (letters, digits, _ . - /), as its page's address is
  var SAFE = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*\/?$/;
  // a Spanish or French chart (es/countries/MEX/stocks): read from the page in its language
  // (es/countries/MEX/), and the page around it said in that language (its words: the JSON
  // block the build wrote through gettext)
  var ALL_WORDS = JSON.parse(document.getElementById("atlas-embed-words").textContent);
  var lang = /^(es|fr)\//.test(key) && ALL_WORDS[key.slice(0, 2)] ? key.slice(0, 2) : "en";
  var WORDS = ALL_WORDS[lang];
  if (lang !== "en") {
    key = key.slice(3);
    document.documentElement.lang = lang; // before atlas.js reads it (numbers, Vega's locale)
    say(WORDS.loading);
  }
  var page = params.get("page") || key.replace(/[^/]*$/, "");
  var URLS = ["href", "src", "data-spec", "data-data", "data-root", "data-year-pattern", "data-template"];

  function say(text) {
    status.textContent = text + " ";
    var a = document.createElement("a");
    a.href = lang === "en" ? "../" : "../" + lang + "/";
    a.textContent = WORDS.site;
    status.appendChild(a);
  }

  function fail(text) {
    say(text);
  }

  function absolute(fig, base) {
    // the page's links are relative to the page: made absolute, they work from here
    [fig].concat(Array.prototype.slice.call(fig.querySelectorAll("*"))).forEach(function (el) {
      URLS.forEach(function (name) {
        var v = el.getAttribute(name);
        if (v === null || v === "" || v.charAt(0) === "#") return;
        el.setAttribute(name, new URL(v, base).href.replace(/%7Byear%7D/g, "{year}"));
      });
    });
  }

  function chartOnly(fig) {
    // the table's fields name the CSV's columns (csvText); the chart alone is shown
    fig.dataset.fields = Array.prototype.map.call(fig.querySelectorAll("thead th"), function (th) {
      return th.dataset.field;
    }).join(",");
    Array.prototype.forEach.call(fig.querySelectorAll(".atlas-tabs, [role=tabpanel][id$='-table']"), function (el) {
      el.remove();
    });
    var img = fig.querySelector("img.atlas-fallback");
    if (img) img.removeAttribute("loading");
    return fig;
  }

  function show(key, page) {
    var base = new URL("../" + (lang === "en" ? "" : lang + "/") + page, location.href);
    return fetch(base.href).then(function (r) {
      if (!r.ok) throw new Error(base.href + ": " + r.status);
      return r.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var fig = doc.getElementById("chart-" + key.replace(/\//g, "-"));
      if (!fig) throw new Error("no chart " + key + " on " + base.href);
      absolute(fig, base);
      document.title = fig.querySelector(".atlas-chart__title").textContent + " — " + WORDS.site;
      status.remove();
      main.appendChild(document.importNode(chartOnly(fig), true));
      var s = document.createElement("script");
      s.src = "../assets/atlas.js";
      document.body.appendChild(s);
    });
  }

  var old = params.get("old");
  var found;
  if (old !== null) {
    // an address of the chart-only pages up to release 2026.11.3 (embed/<key with dashes>.html,
    // sent here by atlas.js from the 404 page): charts.json names its chart and page
    found = /^[A-Za-z0-9_.-]+$/.test(old) ? fetch("charts.json").then(function (r) {
      if (!r.ok) throw new Error("charts.json: " + r.status);
      return r.json();
    }).then(function (names) {
      if (!names[old]) throw new Error("no chart named " + old);
      key = names[old][0];
      page = names[old][1] || key.replace(/[^/]*$/, "");
      history.replaceState(null, "", "?chart=" + key + (names[old][1] ? "&page=" + page : ""));
      return show(key, page);
    }) : Promise.reject(new Error("no chart named " + old));
  } else if (SAFE.test(key) && SAFE.test(page)) {
    found = show(key, page);
  } else {
    fail(WORDS.no_chart);
    return;
  }
  found.catch(function (e) {
    fail(WORDS.not_read.replace("{error}", e.message));
  });
})();

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
  var page = params.get("page") || key.replace(/[^/]*$/, "");
  var URLS = ["href", "src", "data-spec", "data-data", "data-root", "data-year-pattern", "data-template"];

  function fail(text) {
    status.textContent = text + " ";
    var a = document.createElement("a");
    a.href = "../";
    a.textContent = "Migration & Development Atlas";
    status.appendChild(a);
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
    var base = new URL("../" + page, location.href);
    return fetch(base.href).then(function (r) {
      if (!r.ok) throw new Error(base.href + ": " + r.status);
      return r.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var fig = doc.getElementById("chart-" + key.replace(/\//g, "-"));
      if (!fig) throw new Error("no chart " + key + " on " + base.href);
      absolute(fig, base);
      document.title = fig.querySelector(".atlas-chart__title").textContent + " — Migration & Development Atlas";
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
    fail("This address names no chart.");
    return;
  }
  found.catch(function (e) {
    fail("This chart could not be read (" + e.message + ").");
  });
})();

/* Pickers of the compare and indicator pages: the native <select> turned into a searchable,
   keyboard-usable picker with chips (Tom Select, self-hosted: assets/vendor/tom-select.min.js).
   Typing filters ("Mex" then Enter adds Mexico), Backspace removes the last chip, each chip has
   a remove button; World, regions and income groups are offered before countries. On indicator
   pages the chosen places are drawn at once and kept in the page address (?c=MEX,WLD). */
(function () {
  "use strict";

  function labelText(select) {
    var label = document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.trim() : "";
  }

  function words(select) {
    // the picker's words in the page's language: data-words on the select or its form
    // (Remove|placeholder of a multiple picker|placeholder of a single one|no match)
    var holder = select.dataset.words ? select : select.closest("[data-words]");
    var w = (holder ? holder.dataset.words : "").split("|");
    var english = ["Remove", "Type a country, region or income group", "Type to search", "Nothing matches"];
    return english.map(function (e, i) { return w[i] || e; });
  }

  function enhance(select, onChange) {
    // the select stays the form's value (and what tests and no-JS readers see); the picker
    // replaces it on screen and for assistive technology
    select.setAttribute("aria-label", labelText(select));
    var multiple = select.multiple;
    var w = words(select);
    var ts = new TomSelect(select, {
      plugins: multiple ? { remove_button: { title: w[0] } } : [],
      maxOptions: null,
      hideSelected: multiple,
      closeAfterSelect: !multiple,
      clearAfterSelect: true, // the typed text goes once its place is added
      // the page's words where it gives them (data-placeholder: the corridor explorer's pickers)
      placeholder: select.dataset.placeholder || (multiple ? w[1] : w[2]),
      onChange: function () { onChange(chosen(select)); },
      render: {
        no_results: function () {
          var div = document.createElement("div");
          div.className = "no-results";
          div.textContent = select.dataset.noResults || w[3];
          return div;
        }
      }
    });
    select.setAttribute("aria-hidden", "true");
    if (multiple) nameRemoveButtons(ts, w[0]);
    return ts;
  }

  function nameRemoveButtons(ts, remove) {
    // each chip's remove button names its place ("Remove Mexico"), for chips added by the
    // reader, from the address or by a script alike
    function name() {
      Array.prototype.forEach.call(ts.control.querySelectorAll(".item"), function (item) {
        var button = item.querySelector(".remove");
        var option = ts.options[item.dataset.value];
        if (!button || !option) return;
        var label = remove + " " + option[ts.settings.labelField];
        if (button.getAttribute("aria-label") !== label) {
          button.setAttribute("aria-label", label);
          button.setAttribute("title", label);
          button.setAttribute("role", "button");
        }
      });
    }
    new MutationObserver(name).observe(ts.control, { childList: true });
    name();
  }

  function chosen(select) {
    // in the order the reader chose them (the picker's), else the select's
    if (select.tomselect) {
      var v = select.tomselect.getValue();
      return Array.isArray(v) ? v.slice() : v ? [v] : [];
    }
    return Array.prototype.filter.call(select.options, function (o) { return o.selected; })
      .map(function (o) { return o.value; });
  }

  function setChosen(ts, codes) {
    // silently: the caller draws once afterwards
    ts.setValue(codes, true);
  }

  function fromAddress(name) {
    var v = new URLSearchParams(window.location.search).get(name);
    return v ? v.split(",").filter(function (c) { return c !== ""; }) : null;
  }

  function keepInAddress(values) {
    // replaceState: a reader's picks are a view of the same page, not new history entries
    var params = new URLSearchParams(window.location.search);
    Object.keys(values).forEach(function (k) {
      if (values[k] === null || values[k] === "") params.delete(k);
      else params.set(k, values[k]);
    });
    var q = params.toString().replace(/%2C/g, ",");
    history.replaceState(null, "", window.location.pathname + (q ? "?" + q : "") + window.location.hash);
    return q ? "?" + q : window.location.pathname;
  }

  function series(root, id) {
    // an indicator's country rows and its aggregates (World, regions, income groups)
    var charts = window.AtlasCharts;
    return Promise.all([
      charts.getJSON(root + "data/indicators/" + id + ".json"),
      charts.getJSON(root + "charts/aggregates/" + id + ".json")
    ]).then(function (got) { return got[0].concat(got[1]); });
  }

  // --- indicator pages: "Places shown" over time ------------------------------------------------
  function wireIndicator(select) {
    var fig = document.getElementById(select.dataset.target);
    if (!fig) return;
    var root = fig.dataset.root || "";
    var all = null;
    function show(codes) {
      keepInAddress({ c: codes.join(",") });
      var charts = window.AtlasCharts;
      Promise.all([all || (all = series(root, fig.dataset.indicator)), charts.flagWords(root)]).then(function (got) {
        var rows = charts.picked(got[0], codes, got[1]);
        return charts.draw(fig, rows).then(function () { charts.fillTable(fig, rows); charts.csvFollows(fig, rows); });
      });
    }
    var ts = enhance(select, show);
    var codes = fromAddress("c");
    if (codes) {
      fig.classList.add("atlas-chart--live"); // drawn here, with the places of the address
      setChosen(ts, codes);
      show(chosen(select));
    }
    select.dataset.ready = "true";
  }

  window.AtlasPicker = { enhance: enhance, chosen: chosen, setChosen: setChosen, fromAddress: fromAddress, keepInAddress: keepInAddress, series: series };

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("select.atlas-picker[data-target]"), wireIndicator);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

/* Global Index page: the reader's weights. Scores and ranks are recomputed from the published
   dimension scores (index/scores.json) with the formula of the build (atlas/composite.py,
   weighted_mean): the same operations in the same order, so the numbers are the same. */
(function () {
  "use strict";

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

  function wire(form) {
    var status = document.getElementById("atlas-weights-status");
    var table = document.getElementById("atlas-index-ranking");
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input[type=number]"));
    var data = null;

    function weights() {
      return inputs.map(function (input) {
        var w = parseFloat(input.value);
        return isFinite(w) && w >= 0 ? w : NaN;
      });
    }

    function apply() {
      var w = weights();
      var total = w.reduce(function (a, b) { return a + b; }, 0);
      if (w.some(isNaN) || !(total > 0)) {
        status.textContent = "Weights must be numbers of 0 or more, and not all 0.";
        return;
      }
      var scores = data.countries.map(function (c) { return weightedMean(c.scores, w); });
      var rank = ranks(scores);
      var rows = {};
      Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) { rows[tr.dataset.iso3] = tr; });
      var order = data.countries.map(function (c, i) { return i; });
      order.sort(function (a, b) {
        return rank[a] - rank[b] || (data.countries[a].name < data.countries[b].name ? -1 : 1);
      });
      var body = table.tBodies[0];
      order.forEach(function (i) {
        var tr = rows[data.countries[i].iso3];
        tr.dataset.score = String(scores[i]);
        tr.querySelector(".atlas-rank").textContent = String(rank[i]);
        tr.querySelector(".atlas-score").textContent = scores[i].toFixed(2);
        body.appendChild(tr);
      });
      var isDefault = inputs.every(function (input) {
        return parseFloat(input.value) === parseFloat(input.dataset.default);
      });
      status.textContent = isDefault
        ? "Default weights."
        : "Recomputed with weights " + w.join(" : ") + " (" + data.countries.length + " countries).";
    }

    fetch(form.dataset.scores).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + r.url);
      return r.json();
    }).then(function (got) {
      data = got;
      form.dataset.ready = "true";
      inputs.forEach(function (input) { input.addEventListener("change", apply); });
      document.getElementById("atlas-weights-reset").addEventListener("click", function () {
        inputs.forEach(function (input) { input.value = input.dataset.default; });
        apply();
      });
    }).catch(function (err) {
      status.textContent = "Could not load the scores: " + err.message;
    });
  }

  function start() {
    var form = document.getElementById("atlas-weights");
    if (form) wire(form);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

/* Migration & Development Atlas: the search index is fetched when the reader opens search,
   not on every page. MkDocs Material 9.8.1 requests search/search_index.json (~2 MB, 1.9 MB of
   it JSON to parse in its worker) as soon as a page loads, except on file: pages, and offers no
   setting to wait (its bundle: `merge(of(location.protocol !== "file:"), watchToggle("search"))`).
   This script, loaded before the bundle (overrides/main.html), holds that one request until
   the search toggle opens (a click on the search icon or field, or the "/", "s" and "f" keys,
   all of which check Material's #__search toggle) or the search field takes focus; then it is
   sent as Material made it. Every other request is untouched. Hand-written: no library does
   this for Material. */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json(\?|#|$)/;
  var opened = false;
  var held = [];
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;

  function release() {
    if (opened) return;
    opened = true;
    held.splice(0).forEach(function (go) { go(); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.atlasSearchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this;
    var args = arguments;
    if (!xhr.atlasSearchIndex || opened) return send.apply(xhr, args);
    held.push(function () { send.apply(xhr, args); });
  };

  function watch() {
    var toggle = document.getElementById("__search");
    if (toggle) {
      if (toggle.checked) release();
      toggle.addEventListener("change", function () { if (toggle.checked) release(); });
    }
    document.addEventListener("focusin", function (e) {
      var el = e.target;
      if (el && el.matches && el.matches("[data-md-component=search-query]")) release();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();

/* The static edition's search page: Pagefind UI over the index beside the pages (in parts,
 * for a large edition).
 * The site root is found from this script's own address, so the edition works under any
 * path prefix; ?q= (the search box in the header) starts a search. Pages opened from a disk
 * (file://) cannot load Pagefind's index, so they say how to serve the folder instead. */
(function () {
  "use strict";
  var script = document.currentScript;
  var box = document.getElementById("edition-search");
  if (!box || !script) return;
  if (location.protocol === "file:" || typeof PagefindUI === "undefined") {
    document.getElementById("edition-search-file").hidden = false;
    return;
  }
  var root = new URL("../../", script.src).pathname;
  // A large edition's index comes in parts (each built in bounded memory): parts.json lists
  // those beyond the first, and Pagefind UI searches them all as one.
  fetch(root + "pagefind/parts.json")
    .then(function (response) { return response.ok ? response.json() : []; })
    .catch(function () { return []; })
    .then(function (parts) { start(parts); });

  function start(parts) {
    var ui = new PagefindUI({
      element: "#edition-search",
      bundlePath: root + "pagefind/",
      mergeIndex: parts.map(function (part) {
        return { bundlePath: root + "pagefind/" + part, baseUrl: root };
      }),
      baseUrl: root,
      showSubResults: true,
      showImages: false,
      autofocus: true,
    });
    // Pagefind's box has only a title; a label names it for screen readers.
    var input = box.querySelector("input");
    if (input) input.setAttribute("aria-label", box.dataset.label);
    var query = new URLSearchParams(location.search).get("q");
    if (query) ui.triggerSearch(query);
  }
})();

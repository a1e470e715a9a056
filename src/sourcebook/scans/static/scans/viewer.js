// The scan viewer: OpenSeadragon over the IIIF info.json URLs the page lists in data-sources
// (no inline script: the content security policy allows our own static files only).
//
// Beside the text on the document page (#scan-viewer.beside) it also keeps text and scan in
// step. The server has already linked each page marker of the text to its canvas
// (a[data-canvas], see sourcebook/scans/beside.py); without script those links open the page
// image. Here a click on one shows that canvas in the viewer instead, and turning the page in
// the viewer scrolls the text to the first marker of that canvas, when the scan stands beside
// the text (on a phone, where it stands below, the text stays where the reader left it).
(function () {
  "use strict";

  var STORE = "sourcebook-scan-column";

  function start() {
    var el = document.getElementById("scan-viewer");
    if (!el || !window.OpenSeadragon) return;
    var sources = JSON.parse(el.dataset.sources || "[]");
    var beside = el.classList.contains("beside");
    el.classList.add("is-zoomable");
    el.textContent = ""; // the page image shown without script
    var viewer = OpenSeadragon({
      element: el,
      prefixUrl: el.dataset.prefix,
      tileSources: sources,
      sequenceMode: sources.length > 1,
      showReferenceStrip: sources.length > 1 && !beside,
      crossOriginPolicy: false,
      maxZoomPixelRatio: 2,
    });
    window.sourcebookViewer = viewer;
    if (beside) inStep(viewer, el);
  }

  function inStep(viewer, el) {
    var column = el.closest("details");
    var fromText = false;
    remember(column);
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[data-canvas]");
      if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      var canvas = parseInt(link.dataset.canvas, 10);
      if (column && !column.open) column.open = true;
      if (!besideTheText(el)) el.scrollIntoView({ block: "nearest" });
      if (viewer.currentPage() === canvas - 1) {
        mark(canvas);
        return;
      }
      fromText = !link.closest(".scan-pages");
      viewer.goToPage(canvas - 1);
    });
    viewer.addHandler("page", function (event) {
      var canvas = event.page + 1;
      mark(canvas);
      if (fromText) {
        fromText = false;
        return;
      }
      if (!besideTheText(el)) return;
      var marker = firstShownMarker(canvas);
      if (marker) marker.scrollIntoView({ block: "start" });
    });
  }

  // The scan stands beside the text (not below it) when its left edge is right of the text's.
  function besideTheText(el) {
    var texts = document.querySelector(".doc-texts");
    if (!texts) return false;
    return el.getBoundingClientRect().left >= texts.getBoundingClientRect().right - 1;
  }

  function firstShownMarker(canvas) {
    var markers = document.querySelectorAll('.doc-texts a.page-marker[data-canvas="' + canvas + '"]');
    for (var i = 0; i < markers.length; i++) {
      if (markers[i].offsetParent !== null) return markers[i];
    }
    return null;
  }

  // The page list and the text's markers say which page the viewer shows.
  function mark(canvas) {
    document.querySelectorAll(".scan-pages a[data-canvas]").forEach(function (a) {
      if (a.dataset.canvas === String(canvas)) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
    document.querySelectorAll(".doc-texts a.page-marker").forEach(function (a) {
      a.classList.toggle("is-current", a.dataset.canvas === String(canvas));
    });
  }

  // A reader who closed the scan column finds it closed on the next document too.
  function remember(column) {
    if (!column) return;
    try {
      if (window.localStorage.getItem(STORE) === "closed") column.open = false;
      column.addEventListener("toggle", function () {
        window.localStorage.setItem(STORE, column.open ? "open" : "closed");
      });
    } catch (e) {
      // storage refused (private mode): the column simply starts open
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();

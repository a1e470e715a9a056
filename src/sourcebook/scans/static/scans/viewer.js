// The scan viewer: OpenSeadragon over the IIIF info.json URLs the page lists in data-sources
// (no inline script: the content security policy allows our own static files only).
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("scan-viewer");
  if (!el || !window.OpenSeadragon) return;
  var sources = JSON.parse(el.dataset.sources || "[]");
  window.sourcebookViewer = OpenSeadragon({
    element: el,
    prefixUrl: el.dataset.prefix,
    tileSources: sources,
    sequenceMode: sources.length > 1,
    showReferenceStrip: sources.length > 1,
    crossOriginPolicy: false,
    maxZoomPixelRatio: 2,
  });
});

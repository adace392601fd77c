// Figure pages: hovering or focusing a point of the chart shows its passage
// under the chart. Without this script the points still link to their
// passages and their titles show on hover.
(function () {
  "use strict";
  var out = document.getElementById("chart-passage");
  if (!out) return;
  function show(e) {
    var a = e.target.closest && e.target.closest("a[data-passage]");
    if (!a) return;
    var title = a.querySelector("title");
    out.textContent = (title ? title.textContent + ": " : "") + "“" + a.getAttribute("data-passage") + "”";
    out.hidden = false;
  }
  document.addEventListener("focusin", show);
  document.addEventListener("mouseover", show);
})();

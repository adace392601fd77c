// attest serve: live reload (development server only).
(function () {
  "use strict";
  var me = document.currentScript;
  var build = me ? me.getAttribute("data-build") : null;
  var ID = "attest-overlay";
  function hide() {
    var old = document.getElementById(ID);
    if (old) old.parentNode.removeChild(old);
  }
  function show(text) {
    hide();
    var box = document.createElement("div");
    box.id = ID;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", ID + "-title");
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,20,.97);color:#f4f4f4;padding:1.5rem;font:16px/1.5 system-ui,sans-serif";
    var title = document.createElement("p");
    title.id = ID + "-title";
    title.style.cssText = "margin:0 0 1rem;font-weight:bold;color:#ff8f8f";
    title.textContent = "The last build failed. This page is from the last good build; fix the errors and save to rebuild.";
    var pre = document.createElement("pre");
    pre.style.cssText = "white-space:pre-wrap;font:14px/1.45 ui-monospace,monospace;margin:0 0 1rem";
    pre.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.onclick = hide;
    box.appendChild(title);
    box.appendChild(pre);
    box.appendChild(close);
    document.body.appendChild(box);
  }
  // The suggestions panel: a button copies the block it names.
  document.addEventListener("click", function (e) {
    var button = e.target && e.target.closest && e.target.closest("[data-attest-copy]");
    if (!button) return;
    var block = document.getElementById(button.getAttribute("data-attest-copy"));
    if (!block) return;
    var text = block.textContent;
    var label = button.textContent;
    function done(ok) {
      button.textContent = ok ? "Copied" : "Select the text and copy it";
      setTimeout(function () { button.textContent = label; }, 1500);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
    } else {
      var range = document.createRange();
      range.selectNodeContents(block);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
      done(ok);
    }
  });
  var overlay = document.getElementById(ID);
  if (overlay) {
    var button = overlay.querySelector("button");
    if (button) button.onclick = hide;
  }
  if (!window.EventSource) return;
  var here = location.pathname.replace(/index\.html$/, "");
  var events = new EventSource("/__attest/events");
  events.addEventListener("build", function (e) {
    var state = JSON.parse(e.data);
    if (state.pages) {
      // A rebuild under way: the pages listed are ready, the others come next.
      if (state.pages.indexOf(here) >= 0 && state.build !== build) location.reload();
      return;
    }
    if (state.ok) {
      if (state.build !== build) location.reload();
      else hide();
    } else {
      var pre = document.querySelector("#" + ID + " pre");
      if (!pre || pre.textContent !== state.errors) show(state.errors);
    }
  });
})();

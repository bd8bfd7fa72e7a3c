(function () {
  "use strict";
  // Injected by `quire serve` into served pages only; never in `quire build` output.
  var script = document.currentScript;
  var generation = script.getAttribute("data-quire-generation");
  var key = "quire-scroll:" + location.pathname;

  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var restore = function () { window.scrollTo(0, Number(saved) || 0); };
    restore();
    window.addEventListener("load", restore);
  }

  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }

  function showErrors(errors) {
    var old = document.getElementById("quire-errors");
    if (old) old.remove();
    if (!errors.length) return;
    var box = document.createElement("div");
    box.id = "quire-errors";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;z-index:2147483647;" +
      "max-height:50vh;overflow:auto;padding:1rem 1.25rem;border-radius:8px;" +
      "background:#2b0b0b;color:#ffd7d7;font:13px/1.5 ui-monospace,monospace;" +
      "box-shadow:0 4px 24px rgba(0,0,0,.4);white-space:pre-wrap";
    var title = document.createElement("strong");
    title.textContent = "quire: the last edit did not build (the last good version is shown)";
    box.appendChild(title);
    errors.forEach(function (line) {
      var item = document.createElement("div");
      item.className = "quire-error";
      item.textContent = line; // text, never HTML: messages quote the user's content
      box.appendChild(item);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "Close");
    close.style.cssText = "position:absolute;top:.25rem;right:.5rem;background:none;" +
      "border:0;color:inherit;font-size:1.25rem;cursor:pointer";
    close.onclick = function () { box.remove(); };
    box.appendChild(close);
    document.body.appendChild(box);
  }

  var events = new EventSource(script.getAttribute("data-quire-events"));
  events.addEventListener("hello", function (e) {
    if (e.data !== generation) reload();
  });
  events.addEventListener("reload", reload);
  events.addEventListener("errors", function (e) {
    try { showErrors(JSON.parse(e.data)); } catch (_) { /* a malformed event is ignored */ }
  });
  events.addEventListener("shutdown", function () { events.close(); });
})();

// Keyboard for the queue: j/k move, Enter opens, a acknowledges. The page works without this file.
// Served from our own origin (the Content-Security-Policy allows no inline script).
(function () {
  "use strict";
  var selected = null; // incident number of the selected row, kept across htmx refreshes

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("#queue-rows tr[data-number]"));
  }

  function mark() {
    rows().forEach(function (r) {
      var on = r.getAttribute("data-number") === selected;
      r.classList.toggle("selected", on);
      r.setAttribute("aria-selected", on ? "true" : "false");
    });
  }

  function move(step) {
    var all = rows();
    if (all.length === 0) { return; }
    var at = all.findIndex(function (r) { return r.getAttribute("data-number") === selected; });
    var next = at < 0 ? 0 : Math.max(0, Math.min(all.length - 1, at + step));
    selected = all[next].getAttribute("data-number");
    mark();
    all[next].scrollIntoView({ block: "nearest" });
  }

  function current() {
    return rows().find(function (r) { return r.getAttribute("data-number") === selected; });
  }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(t.tagName))) { return; }
    if (!document.getElementById("queue-rows")) { return; }
    var row;
    if (e.key === "j") { move(1); e.preventDefault(); }
    else if (e.key === "k") { move(-1); e.preventDefault(); }
    else if (e.key === "Enter" && (row = current())) { window.location.href = row.getAttribute("data-href"); e.preventDefault(); }
    else if (e.key === "a" && (row = current())) {
      var ack = row.querySelector("form.ack");
      if (ack) { ack.submit(); }
      e.preventDefault();
    }
  });

  // htmx swaps the rows every few seconds; the selection follows the incident, not the position.
  document.addEventListener("htmx:afterSwap", mark);
  // No refresh while the person is typing in the filter form (their input would not be lost, but focus would jump).
  document.addEventListener("htmx:beforeRequest", function (e) {
    var a = document.activeElement;
    if (a && a.form && a.form.classList.contains("filters") && e.target.id === "queue-rows") { e.preventDefault(); }
  });
})();

// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  function enhance(root) {
    root.querySelectorAll("[data-copy]").forEach(function (button) {
      if (!navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var field = document.querySelector(button.getAttribute("data-copy"));
        var status = document.querySelector(button.getAttribute("data-status") || "[data-copy-status]");
        navigator.clipboard.writeText(field.value).then(function () {
          if (status) status.textContent = button.getAttribute("data-copied") || "✓";
        });
      });
    });
    // The phone's own share sheet where the browser has one; the copy button otherwise.
    root.querySelectorAll("[data-share]").forEach(function (button) {
      if (!navigator.share) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.share({
          title: button.getAttribute("data-share-title") || document.title,
          url: button.getAttribute("data-share")
        }).catch(function () { /* the student closed the share sheet */ });
      });
    });
    root.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // A link into a role's folded details opens them (browsers that auto-expand details on
  // fragment navigation do it without JavaScript; this covers the others).
  function openTarget() {
    var target = location.hash && document.getElementById(location.hash.slice(1));
    var details = target && target.closest("details");
    if (details) details.open = true;
  }
  window.addEventListener("hashchange", openTarget);

  // On paper the three roles' details are all there; the screen gets back what the student had open.
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.role-result:not([open])").forEach(function (details) {
      details.open = true;
      reopened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    reopened.forEach(function (details) { details.open = false; });
    reopened = [];
  });

  document.addEventListener("DOMContentLoaded", function () { enhance(document); openTarget(); });
  // After htmx swaps a question card, move focus to its heading for screen readers.
  document.addEventListener("htmx:afterSettle", function (event) {
    var heading = event.detail.elt && event.detail.elt.querySelector && event.detail.elt.querySelector("[autofocus]");
    if (heading) heading.focus();
  });
})();

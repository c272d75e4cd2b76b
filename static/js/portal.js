/* The applicant's pages: warn before leaving a form with unsaved changes, and filter the
   list of municipalities while typing. Everything also works without this script. */
(function () {
  "use strict";
  var dirty = false;
  document.addEventListener("input", function (event) {
    if (event.target.closest("form[data-warn-unsaved]") && !event.target.matches("[data-picker-filter]")) {
      dirty = true;
    }
  });
  document.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });

  document.addEventListener("input", function (event) {
    if (!event.target.matches("[data-picker-filter]")) { return; }
    var needle = event.target.value.trim().toLowerCase();
    var picker = event.target.closest("[data-picker]");
    picker.querySelectorAll("li[data-name]").forEach(function (item) {
      item.hidden = needle !== "" && item.getAttribute("data-name").indexOf(needle) === -1;
    });
  });
})();

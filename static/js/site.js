// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Filter panels start open (so they work without JavaScript) and fold away on small screens.
  document.querySelectorAll("details[data-collapse-below]").forEach(function (details) {
    var width = parseInt(details.getAttribute("data-collapse-below"), 10);
    var hasErrors = details.querySelector(".errorlist");
    if (window.matchMedia("(max-width: " + width + "px)").matches && !hasErrors) {
      details.removeAttribute("open");
    }
  });

  // "Compare selected" says how many bills are ticked, and asks for two before submitting.
  document.querySelectorAll("form[data-compare-form]").forEach(function (form) {
    var button = form.querySelector("[data-compare-button]");
    var status = form.querySelector("[data-compare-count]");
    function update() {
      var count = form.querySelectorAll('input[name="bills"]:checked').length;
      if (status) {
        status.textContent = count === 0 ? "No bills picked yet." :
          count === 1 ? "1 bill picked: pick one more." : count + " bills picked.";
      }
    }
    form.addEventListener("change", update);
    update();
  });

  // The grid's print note names the day it is printed, which may come after the day it was loaded.
  document.querySelectorAll("time[data-print-date]").forEach(function (time) {
    window.addEventListener("beforeprint", function () {
      var now = new Date();
      var iso = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map(function (part) {
        return String(part).padStart(2, "0");
      }).join("-");
      time.setAttribute("datetime", iso);
      time.textContent = now.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    });
  });
})();

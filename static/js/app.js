// Safety Valve: the only script of our own. htmx ignores error responses by default, so an htmx action that
// fails (the database down, a conflict, a lost connection) would otherwise look like nothing happened.
(function () {
  "use strict";

  function showError(text) {
    var box = document.getElementById("request-error");
    if (!box) { return; }
    box.textContent = text;
    box.hidden = false;
  }

  function hideError() {
    var box = document.getElementById("request-error");
    if (box) { box.hidden = true; }
  }

  document.addEventListener("htmx:beforeRequest", hideError);

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 503) {
      showError("The database is not answering; nothing was saved. Try again in a minute.");
    } else if (status === 403) {
      showError("You are not allowed to do that, or your session has expired. Reload the page and sign in again.");
    } else {
      showError("Something went wrong (error " + status + "); nothing was saved. Reload the page and try again.");
    }
  });

  document.addEventListener("htmx:sendError", function () {
    showError("Safety Valve could not be reached; nothing was saved. Check your connection and try again.");
  });
})();

// Live character count under every textarea with a limit (data-maxlength; see
// templates/django/forms/widgets/textarea.html). The browser's maxlength would cut a longer paste silently;
// here the whole text stays, the count says how much is too much, and the server refuses it with a message.
(function () {
  "use strict";

  // Count as the server does: characters (code points), each line break sent as CR LF, so two.
  function lengthAsSent(text) {
    var breaks = (text.match(/\n/g) || []).length;
    return Array.from(text).length + breaks;
  }

  function update(area) {
    var limit = parseInt(area.getAttribute("data-maxlength"), 10);
    var counter = document.getElementById(area.id + "_count");
    if (!counter || !limit) { return; }
    var length = lengthAsSent(area.value);
    var over = length - limit;
    counter.hidden = false;
    counter.classList.toggle("over", over > 0);
    // Announce only when the limit is passed, not every keystroke.
    counter.setAttribute("aria-live", over > 0 ? "polite" : "off");
    counter.textContent = length.toLocaleString("en-US") + " of " + limit.toLocaleString("en-US") + " characters" +
      (over > 0 ? ": " + over.toLocaleString("en-US") + " too many. Shorten it; it cannot be saved like this." : "");
    if (over > 0) {
      area.setAttribute("aria-invalid", "true");
    } else if (area.getAttribute("aria-invalid") === "true" && !area.closest(".has-error")) {
      area.removeAttribute("aria-invalid");
    }
    var described = (area.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (described.indexOf(counter.id) === -1) {
      described.push(counter.id);
      area.setAttribute("aria-describedby", described.join(" "));
    }
  }

  function updateAll(root) {
    var areas = (root || document).querySelectorAll("textarea[data-maxlength]");
    for (var i = 0; i < areas.length; i++) { update(areas[i]); }
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("textarea[data-maxlength]")) { update(event.target); }
  });
  document.addEventListener("DOMContentLoaded", function () { updateAll(document); });
  // htmx swaps in new forms (the arguments section, an argument's edit form).
  document.addEventListener("htmx:afterSettle", function (event) { updateAll(event.target); });
})();

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

  // After an invalid submit, move focus to the error summary so a phone user (and a screen reader) starts at
  // the list of problems, not at the top of a long page with the errors far below.
  function focusErrorSummary(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () { focusErrorSummary(document); });
  // An htmx form (adding or editing an argument) swaps its own summary in. Only a submitted form moves focus:
  // the live triage preview also swaps while staff type, and must not take the cursor away.
  document.addEventListener("htmx:afterSettle", function (event) {
    var config = event.detail.requestConfig;
    if (config && config.elt && config.elt.tagName === "FORM") { focusErrorSummary(document); }
  });

  // Warn before leaving a page with unsaved changes in a form marked data-warn-unsaved. A form becomes dirty
  // when the user types or changes a value, and clean again when it is submitted (the page is then saving it).
  document.addEventListener("input", markDirty);
  document.addEventListener("change", markDirty);
  function markDirty(event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-warn-unsaved")) { form.setAttribute("data-dirty", ""); }
  }
  document.addEventListener("submit", function (event) { event.target.removeAttribute("data-dirty"); }, true);
  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("form[data-warn-unsaved][data-dirty]")) {
      event.preventDefault();
      event.returnValue = "";  // older browsers show the warning only when this is set
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

  // Python's str.strip() whitespace: the server saves (and counts) the text without it.
  var EDGE_SPACE = /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

  // Count as the server does: characters (code points) of the text without the spaces around it, each line break
  // one (the server reads "\r\n" as "\n", config/forms.py Textarea).
  function lengthAsSaved(text) {
    return Array.from(text.replace(EDGE_SPACE, "")).length;
  }

  // The server's "too long" message beside the box, while it is still about the text in the box.
  function serverTooLong(area) {
    var field = area.closest(".has-error");
    var error = field && field.querySelector(".errorlist li[data-too-long]");
    return error && !error.hidden ? error : null;
  }

  function update(area) {
    var limit = parseInt(area.getAttribute("data-maxlength"), 10);
    var counter = document.getElementById(area.id + "_count");
    if (!counter || !limit) { return; }
    var length = lengthAsSaved(area.value);
    var over = length - limit;
    counter.hidden = false;
    counter.classList.toggle("over", over > 0);
    // Announce only when the limit is passed, not every keystroke.
    counter.setAttribute("aria-live", over > 0 ? "polite" : "off");
    // Said once: while the server's refusal stands beside the box, the count alone.
    var verdict = over > 0 && !serverTooLong(area);
    counter.textContent = length.toLocaleString("en-US") + " of " + limit.toLocaleString("en-US") + " characters" +
      (verdict ? ": " + over.toLocaleString("en-US") + " too many. Shorten it; it cannot be saved like this." : "");
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
    if (event.target.matches && event.target.matches("textarea[data-maxlength]")) {
      // The server's refusal was about the text before this change: the count speaks for the new one.
      var stale = serverTooLong(event.target);
      if (stale) {
        stale.hidden = true;
        var list = stale.parentNode;
        list.hidden = !list.querySelector("li:not([hidden])");
      }
      update(event.target);
    }
  });
  document.addEventListener("DOMContentLoaded", function () { updateAll(document); });
  // htmx swaps in new forms (the arguments section, an argument's edit form).
  document.addEventListener("htmx:afterSettle", function (event) { updateAll(event.target); });

  // Printing shows every argument in full: open the folded (decided) ones, and fold them again afterwards.
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    openedForPrint = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.open = true;
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
  });
})();

// The letter page: "Join to the argument above" moves a proposal's text to the end of the nearest kept proposal
// above it and unticks this one, for a claim the splitter cut in two. Nothing is lost: the joined text is in the
// box above, editable, and ticking this one again keeps it as well.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-join-previous]"), function (button) {
      button.hidden = false;
    });
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-join-previous]");
    if (!button) return;
    var item = button.closest("li.proposal");
    var above = item.previousElementSibling;
    while (above && !above.querySelector("input[type=checkbox]:checked")) above = above.previousElementSibling;
    if (!above) return;
    var from = item.querySelector("textarea");
    var into = above.querySelector("textarea");
    into.value = into.value.replace(/\s+$/, "") + "\n" + from.value.replace(/^\s+/, "");
    item.querySelector("input[type=checkbox]").checked = false;
    button.disabled = true;
    button.textContent = "Joined to the argument above";
    // the count under the box above, and the unsaved-changes warning, follow the change
    into.dispatchEvent(new Event("input", { bubbles: true }));
    into.focus();
  });
})();

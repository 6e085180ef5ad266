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

// Long texts are not lost: a form marked data-draft keeps a copy of what is typed in this
// browser (localStorage) and saves it to the server while it changes (every
// data-draft-interval seconds, 30 by default; the answer is JSON, see polku/core/drafts.py).
// If the connection or the session is lost, the copy is offered back on the next visit
// to the same worker within a day (see browser-data.js, loaded on every page before this).
(function () {
  "use strict";
  function values(form) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit") return;
      if (el.type === "radio" || el.type === "checkbox") {
        out[el.name + "=" + el.value] = el.checked;
      } else {
        out[el.name] = el.value;
      }
    });
    return out;
  }
  function restore(form, saved) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit") return;
      if (el.type === "radio" || el.type === "checkbox") {
        var key = el.name + "=" + el.value;
        if (key in saved) el.checked = saved[key];
      } else if (el.name in saved) {
        el.value = saved[el.name];
      }
    });
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    // A draft belongs to the signed-in worker and expires (browser-data.js).
    // Without one (no worker on the page) nothing is kept here; the server saves still run.
    var key = window.PolkuDrafts ? window.PolkuDrafts.key(form.getAttribute("data-draft")) : null;
    var status = form.querySelector("[data-draft-status]");
    var version = form.querySelector("input[name=version]");
    var serverValues = values(form);
    var stored = key ? window.PolkuDrafts.load(key) : null;
    if (stored && !same(stored.values, serverValues) && status) {
      var notice = document.createElement("div");
      notice.className = "draft-notice";
      notice.setAttribute("role", "status");
      var text = document.createElement("p");
      text.textContent = form.getAttribute("data-draft-restore");
      var restoreButton = document.createElement("button");
      restoreButton.type = "button";
      restoreButton.className = "hds-button hds-button--secondary hds-button--small";
      restoreButton.textContent = form.getAttribute("data-draft-restore-button");
      var discardButton = document.createElement("button");
      discardButton.type = "button";
      discardButton.className = "hds-button hds-button--supplementary hds-button--small";
      discardButton.textContent = form.getAttribute("data-draft-discard-button");
      restoreButton.addEventListener("click", function () { restore(form, stored.values); notice.remove(); });
      discardButton.addEventListener("click", function () { forget(); notice.remove(); });
      notice.append(text, restoreButton, discardButton);
      form.prepend(notice);
    }
    var dirty = false;
    var submitting = false;
    var inFlight = null;
    function forget() { if (key) localStorage.removeItem(key); }
    function keep() {
      if (key) localStorage.setItem(key, JSON.stringify({ values: values(form), at: Date.now() }));
    }
    function say(text) { if (status) status.textContent = text; }
    // A page shown again after a refusal or a conflict holds text that is not saved yet. It is
    // kept in this browser, but not saved in the background before the worker changes it:
    // after a conflict that would replace the colleague's text before the worker has combined them.
    if (form.hasAttribute("data-draft-pending")) { keep(); say(form.getAttribute("data-draft-unsaved")); }
    form.addEventListener("input", function () { dirty = true; keep(); });
    form.addEventListener("submit", function (event) {
      if (inFlight) {
        // A background save is on its way: send the form after it, with the version it
        // returns, or the worker's own save would look like someone else's newer one.
        event.preventDefault();
        var submitter = event.submitter;
        inFlight.then(function () { form.requestSubmit(submitter); });
        return;
      }
      submitting = true;
      forget();
    });
    form.setAttribute("data-draft-ready", "");
    function newVersion(number) {
      if (version) version.value = number;
      // Other forms acting on the same document (e.g. agreeing the plan) send its version too.
      document.querySelectorAll("input[name=version][data-version-of='" + form.getAttribute("data-draft") + "']")
        .forEach(function (input) { input.value = number; });
    }
    function autosave() {
      if (!dirty || submitting || inFlight) return;
      dirty = false;
      var sent = JSON.stringify(values(form));
      inFlight = fetch(form.action || window.location.href, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-Polku-Autosave": "1" },
        redirect: "manual"
      }).then(function (response) {
        if (response.status === 200) {
          return response.json().then(function (body) {
            newVersion(body.version);
            if (JSON.stringify(values(form)) === sent) forget();  // else newer text stays kept
            var text = form.getAttribute("data-draft-saved") + " " + body.saved_at + ".";
            say([text].concat(body.warnings || []).join(" "));
          });
        }
        dirty = true;  // try again later; the copy in this browser stays
        if (response.status === 409) {
          return response.json().then(function (body) {
            say(form.getAttribute("data-draft-conflict").replace("{who}", body.saved_by).replace("{time}", body.saved_at));
          });
        }
        say(form.getAttribute(response.status === 400 ? "data-draft-refused" : "data-draft-offline"));
      }).catch(function () {
        dirty = true;
        say(form.getAttribute("data-draft-offline"));
      }).then(function () { inFlight = null; });
    }
    var seconds = parseFloat(form.getAttribute("data-draft-interval")) || 30;
    setInterval(autosave, seconds * 1000);
  });
})();

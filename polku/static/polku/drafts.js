// Long texts are not lost: a form marked data-draft keeps a copy of what is typed in this
// browser (localStorage) and saves it to the server every half minute while it changes.
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
    function forget() { if (key) localStorage.removeItem(key); }
    form.addEventListener("input", function () {
      dirty = true;
      if (key) localStorage.setItem(key, JSON.stringify({ values: values(form), at: Date.now() }));
    });
    form.addEventListener("submit", forget);
    form.setAttribute("data-draft-ready", "");
    setInterval(function () {
      if (!dirty) return;
      dirty = false;
      var data = new FormData(form);
      fetch(form.action || window.location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Polku-Autosave": "1" },
        redirect: "manual"
      }).then(function (response) {
        if (response.status === 200) {
          return response.json().then(function (body) {
            if (version) version.value = body.version;
            forget();
            if (status) status.textContent = form.getAttribute("data-draft-saved") + " " + body.saved_at;
          });
        }
        dirty = true;  // try again later; the copy in this browser stays
        if (status) status.textContent = form.getAttribute(response.status === 409 ? "data-draft-conflict" : "data-draft-offline");
      }).catch(function () {
        dirty = true;
        if (status) status.textContent = form.getAttribute("data-draft-offline");
      });
    }, 30000);
  });
})();

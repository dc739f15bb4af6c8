// What Polku keeps in this browser: drafts of documents (drafts.js), each belonging to one
// worker (the page's data-worker) and kept for at most a day. On every page, drafts that are
// older or belong to another worker are removed; signing out removes them all (the sign-out
// response also sends Clear-Site-Data, which a browser may not support).
(function () {
  "use strict";
  var PREFIX = "polku-draft:";
  var MAX_AGE = 24 * 60 * 60 * 1000;
  var worker = document.body.getAttribute("data-worker");

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }
  function draftKeys(store) {
    var keys = [];
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0) keys.push(key);
    }
    return keys;
  }
  function expired(stored) {
    return !stored || typeof stored.at !== "number" || Date.now() - stored.at > MAX_AGE;
  }
  function read(store, key) {
    try { return JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; }
  }

  // drafts.js asks here for the key of a form's draft and for a draft still worth offering.
  window.PolkuDrafts = {
    key: function (name) { return worker ? PREFIX + worker + ":" + name : null; },
    load: function (key) {
      var store = storage();
      if (!store || !key) return null;
      var stored = read(store, key);
      if (expired(stored)) { store.removeItem(key); return null; }
      return stored;
    }
  };

  var store = storage();
  if (!store) return;
  draftKeys(store).forEach(function (key) {
    var owner = key.slice(PREFIX.length).split(":")[0];
    if (expired(read(store, key)) || (worker && owner !== worker)) store.removeItem(key);
  });
  document.querySelectorAll("form[data-sign-out]").forEach(function (form) {
    form.addEventListener("submit", function () {
      draftKeys(store).forEach(function (key) { store.removeItem(key); });
    });
  });
})();

// The review screen's keyboard (issue 11): j/k move, 1-9 choose the option, a accepts, c asks for
// a correction, n focuses the note, q w e r t ... insert a common note. Keys never act while the
// person types in a field (Esc leaves it). No inline script: the page's CSP forbids it.
(function () {
  "use strict";
  var NOTE_KEYS = "qwertyuiop";

  function panel() { return document.getElementById("review-panel"); }
  function typing(target) {
    if (!target) return false;
    var tag = target.tagName;
    return tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable ||
      (tag === "INPUT" && !/^(radio|checkbox|button|submit)$/.test(target.type));
  }
  function click(selector) {
    var el = panel() && panel().querySelector(selector);
    if (el) { el.click(); return true; }
    return false;
  }
  function note() { return document.getElementById("review-note"); }
  function insertNote(text) {
    var field = note();
    if (!field) return;
    field.value = field.value.trim() ? field.value.trim() + " " + text : text;
  }
  function markCurrent() {
    var p = panel();
    var id = p && p.getAttribute("data-response");
    document.querySelectorAll("#queue-list li[aria-current]").forEach(function (li) {
      li.removeAttribute("aria-current");
    });
    if (id) {
      var li = document.getElementById("q-" + id);
      if (li) { li.setAttribute("aria-current", "true"); li.scrollIntoView({block: "nearest"}); }
    }
  }

  document.addEventListener("keydown", function (event) {
    if (!panel()) return;
    // Ctrl+Enter in the note: needs correction, with that note, and on to the next item.
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target === note()) {
      if (note().value.trim()) {
        event.preventDefault();
        click('button[name="verdict"][value="needs_correction"]');
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    var key = event.key;
    var handled = true;
    if (key === "j") handled = click('[data-key="next"]');
    else if (key === "k") handled = click('[data-key="prev"]');
    else if (/^[1-9]$/.test(key)) {
      var options = panel().querySelectorAll('input[name="option"]');
      var chosen = options[Number(key) - 1];
      if (chosen) { chosen.checked = true; chosen.focus(); } else handled = false;
    } else if (key === "a") handled = click('button[name="verdict"][value="accepted"]');
    else if (key === "c") {
      if (note() && !note().value.trim()) { note().focus(); }
      else handled = click('button[name="verdict"][value="needs_correction"]');
    } else if (key === "n") { if (note()) note().focus(); else handled = false; }
    else if (NOTE_KEYS.indexOf(key) >= 0) {
      var button = panel().querySelector('[data-note-key="' + key + '"]');
      if (button) insertNote(button.getAttribute("data-note")); else handled = false;
    } else handled = false;
    if (handled) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-note]");
    if (button) { event.preventDefault(); insertNote(button.getAttribute("data-note")); }
  });

  document.body.addEventListener("htmx:afterSettle", markCurrent);
})();

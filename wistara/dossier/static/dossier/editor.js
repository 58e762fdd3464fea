// The narrative editor: a contenteditable surface over the form's textarea, with a small toolbar,
// a word count against the guide, image upload through the dossier's upload address, pasted
// content trimmed to what the server keeps, and a warning before leaving unsaved text.
// No network beyond this site and no inline script (the Content-Security-Policy forbids both).
// The server sanitises whatever arrives (dossier/html.py): nothing here is a security boundary.
(function () {
  "use strict";
  var KEEP = { P: 1, BR: 1, H2: 1, H3: 1, H4: 1, STRONG: 1, B: 1, EM: 1, I: 1, U: 1, S: 1, SUB: 1, SUP: 1,
    UL: 1, OL: 1, LI: 1, BLOCKQUOTE: 1, A: 1, IMG: 1, TABLE: 1, THEAD: 1, TBODY: 1, TR: 1, TH: 1, TD: 1,
    CAPTION: 1, HR: 1 };
  var DROP = { SCRIPT: 1, STYLE: 1, TEMPLATE: 1, NOSCRIPT: 1, IFRAME: 1, OBJECT: 1, TITLE: 1, META: 1, LINK: 1 };
  var ATTRS = { A: ["href"], IMG: ["src", "alt"], TH: ["colspan", "rowspan"], TD: ["colspan", "rowspan"] };
  var WORD = /[\p{L}\p{N}]+(?:['\u2019.,-][\p{L}\p{N}]+)*/gu;

  function tidy(node) {
    Array.prototype.slice.call(node.childNodes).forEach(function (child) {
      if (child.nodeType === 8) { child.remove(); return; }
      if (child.nodeType !== 1) return;
      if (DROP[child.tagName]) { child.remove(); return; }
      tidy(child);
      if (!KEEP[child.tagName] || (child.tagName === "IMG" && !/\/profil\/berkas\/\d+\//.test(child.getAttribute("src") || ""))) {
        while (child.firstChild) child.parentNode.insertBefore(child.firstChild, child);
        child.remove();
        return;
      }
      var allowed = ATTRS[child.tagName] || [];
      Array.prototype.slice.call(child.attributes).forEach(function (attr) {
        if (allowed.indexOf(attr.name) < 0) child.removeAttribute(attr.name);
      });
    });
  }

  function init(root) {
    var form = root.closest("form");
    var textarea = root.querySelector("textarea");
    var surface = root.querySelector("[contenteditable]");
    var toolbar = root.querySelector(".editor-toolbar");
    var guide = root.querySelector("[data-word-guide]");
    var status = root.querySelector("[data-editor-status]");
    var imageInput = root.querySelector("[data-image-input]");
    var min = parseInt(root.dataset.wordsMin, 10), max = parseInt(root.dataset.wordsMax, 10);
    var saved = null, dirty = false;

    surface.innerHTML = textarea.value;
    textarea.hidden = true;
    surface.hidden = false;
    toolbar.hidden = false;
    try { document.execCommand("defaultParagraphSeparator", false, "p"); } catch (e) { /* older browsers */ }

    function say(text) { status.textContent = text || ""; }
    function count() {
      var n = ((surface.innerText || "").match(WORD) || []).length;
      var text = root.dataset.msgWords.replace("{n}", n.toLocaleString("id-ID"));
      if (n && n < min) text += " · " + root.dataset.msgShort;
      if (n > max) text += " · " + root.dataset.msgLong;
      guide.textContent = text;
      guide.classList.toggle("out", (n > 0 && n < min) || n > max);
    }
    function changed() { dirty = true; count(); }
    function keepSelection() {
      var sel = window.getSelection();
      if (sel.rangeCount && surface.contains(sel.getRangeAt(0).commonAncestorContainer)) saved = sel.getRangeAt(0);
    }
    function restoreSelection() {
      surface.focus();
      if (!saved) return;
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(saved);
    }
    function run(cmd, value) { restoreSelection(); document.execCommand(cmd, false, value || null); changed(); }

    toolbar.addEventListener("mousedown", function (event) {
      keepSelection();
      if (event.target.closest("button")) event.preventDefault(); // keep the text selected
    });
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      if (button.hasAttribute("data-cmd")) {
        var value = button.dataset.value;
        run(button.dataset.cmd, value ? "<" + value + ">" : null);
      } else if (button.hasAttribute("data-link")) {
        var url = window.prompt(root.dataset.msgLink, "https://");
        if (!url) return;
        if (!/^(https?:\/\/|mailto:)/i.test(url.trim())) { say(root.dataset.msgBadlink); return; }
        run("createLink", url.trim());
      } else if (button.hasAttribute("data-image")) {
        imageInput.click();
      }
    });
    toolbar.querySelector("[data-block]").addEventListener("change", function (event) {
      run("formatBlock", "<" + event.target.value + ">");
    });
    imageInput.addEventListener("change", function () {
      var file = imageInput.files[0];
      if (!file) return;
      var data = new FormData();
      data.append("file", file);
      say(root.dataset.msgUploading);
      fetch(root.dataset.uploadUrl, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value }
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (result) {
        if (!result.ok) { say(result.body.error || root.dataset.msgFailed); return; }
        run("insertHTML", '<img src="' + result.body.url + '" alt="">');
        say(root.dataset.msgUploaded);
      }).catch(function () { say(root.dataset.msgFailed); });
      imageInput.value = "";
    });
    surface.addEventListener("paste", function (event) {
      var html = event.clipboardData && event.clipboardData.getData("text/html");
      if (!html) return; // plain text pastes as it is
      event.preventDefault();
      var doc = new DOMParser().parseFromString(html, "text/html");
      tidy(doc.body);
      document.execCommand("insertHTML", false, doc.body.innerHTML);
      changed();
    });
    surface.addEventListener("input", changed);
    surface.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && event.key === "s") {
        event.preventDefault();
        form.requestSubmit ? form.requestSubmit() : form.submit();
      }
    });
    form.addEventListener("submit", function () { textarea.value = surface.innerHTML; dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });
    count();
  }

  function start() { document.querySelectorAll("[data-editor]").forEach(init); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

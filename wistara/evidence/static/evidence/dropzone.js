// The item form's files: dropped or chosen several at once, each shown with its data year(s) and
// kind (guessed from its name by the same rules as the server, changeable), kept when a save is
// refused, and a warning before leaving the page with unsaved changes. No inline script (CSP).
(function () {
  if (window.wistaraDropzone) return;
  window.wistaraDropzone = true;

  var dirty = false;
  var kept = null; // the files and tags of a save in flight, restored if it is refused

  function rules() {
    var el = document.getElementById("dropzone-rules");
    return el ? JSON.parse(el.textContent) : null;
  }

  function words(name) {
    return " " + (name.toLowerCase().match(/[a-z]+|\d+/g) || []).join(" ") + " ";
  }

  function guessKind(file, r) {
    var w = words(file.name);
    for (var i = 0; i < r.kinds.length; i++) {
      var needles = r.kinds[i][1];
      for (var j = 0; j < needles.length; j++) {
        if (w.indexOf(" " + needles[j] + " ") !== -1) return r.kinds[i][0];
      }
    }
    return (file.type || "").indexOf("image/") === 0 ? r.photo : r.report;
  }

  function guessYears(file, r) {
    var found = r.years.filter(function (y) {
      return new RegExp("(^|\\D)" + y + "(\\D|$)").test(file.name);
    });
    return found.length === 1 ? String(found[0]) : r.both;
  }

  function select(zone, kind, name, value) {
    var s = document.createElement("select");
    s.name = name;
    s.innerHTML = zone.querySelector("template[data-" + kind + "-options]").innerHTML;
    s.value = value;
    return s;
  }

  function render(zone, tags) {
    var r = rules(), input = zone.querySelector("input[type=file]");
    var list = zone.querySelector("[data-file-rows]"), limit = parseInt(zone.dataset.maxBytes, 10);
    list.innerHTML = "";
    Array.prototype.forEach.call(input.files, function (file, i) {
      var li = document.createElement("li"), name = document.createElement("span");
      name.className = "dropzone-name";
      name.textContent = file.name + " (" + Math.ceil(file.size / 1024) + " KB)";
      li.appendChild(name);
      if (file.size > limit) {
        var warn = document.createElement("span");
        warn.className = "errorlist small";
        warn.textContent = zone.dataset.tooLarge;
        li.appendChild(warn);
      }
      var t = (tags && tags[i]) || {};
      var years = select(zone, "year", "file-years-" + i, t.years || guessYears(file, r));
      var kind = select(zone, "kind", "file-kind-" + i, t.kind || guessKind(file, r));
      years.setAttribute("aria-label", file.name);
      kind.setAttribute("aria-label", file.name);
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "linklike small";
      remove.textContent = "×";
      remove.title = zone.dataset.removeLabel;
      remove.setAttribute("aria-label", zone.dataset.removeLabel + ": " + file.name);
      remove.addEventListener("click", function () { setFiles(zone, without(input.files, i)); });
      li.append(years, kind, remove);
      list.appendChild(li);
    });
  }

  function without(files, skip) {
    return Array.prototype.filter.call(files, function (_f, i) { return i !== skip; });
  }

  function setFiles(zone, files, tags) {
    var dt = new DataTransfer();
    files.forEach(function (f) { dt.items.add(f); });
    zone.querySelector("input[type=file]").files = dt.files;
    render(zone, tags);
    markDirty();
  }

  function markDirty() {
    dirty = true;
    var warning = document.querySelector("[data-item-form] [data-withdraw-warning]");
    if (warning) warning.classList.add("is-active");
  }

  document.addEventListener("change", function (event) {
    var zone = event.target.closest && event.target.closest("[data-dropzone]");
    if (zone && event.target.type === "file") render(zone);
  });
  document.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest("[data-item-form]")) markDirty();
  });
  document.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest("[data-item-form]")) markDirty();
  });
  ["dragenter", "dragover"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var zone = event.target.closest && event.target.closest("[data-dropzone]");
      if (!zone) return;
      event.preventDefault();
      zone.classList.add("is-over");
    });
  });
  document.addEventListener("dragleave", function (event) {
    var zone = event.target.closest && event.target.closest("[data-dropzone]");
    if (zone) zone.classList.remove("is-over");
  });
  document.addEventListener("drop", function (event) {
    var zone = event.target.closest && event.target.closest("[data-dropzone]");
    if (!zone) return;
    event.preventDefault();
    zone.classList.remove("is-over");
    var input = zone.querySelector("input[type=file]");
    setFiles(zone, Array.prototype.slice.call(input.files).concat(
      Array.prototype.slice.call(event.dataTransfer.files)));
  });

  // A refused save (400, 409, 413) answers with the form and its messages: show it in place, and
  // put back the files the person had chosen (a browser cannot re-fill a file input by itself).
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.target.closest && event.target.closest("[data-item-form]");
    var zone = form && form.querySelector("[data-dropzone]");
    if (!zone) return;
    var tags = Array.prototype.map.call(zone.querySelectorAll("[data-file-rows] li"), function (li) {
      var s = li.querySelectorAll("select");
      return { years: s[0].value, kind: s[1].value };
    });
    kept = { files: Array.prototype.slice.call(zone.querySelector("input[type=file]").files), tags: tags };
  });
  // Before the answer is processed (a "save and next" answers with a redirect, which must not
  // trigger the unsaved-changes warning).
  document.addEventListener("htmx:beforeOnLoad", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("[data-item-form]");
    if (form && event.detail.xhr.status < 300) dirty = false;
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status, target = event.detail.target;
    if (target && (target.id === "response-form" || target.id === "save-status")
        && [400, 409, 413].indexOf(status) !== -1) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "save-status" && event.detail.xhr.status === 200) {
      // Saved: the form stays as typed; the chosen files are now in the evidence list.
      dirty = false;
      kept = null;
      var zone = document.querySelector("#response-form [data-dropzone]");
      if (zone) setFiles(zone, []);
      dirty = false;
      var warning = document.querySelector("#response-form [data-withdraw-warning]");
      if (warning) warning.classList.remove("is-active");
      return;
    }
    if (!target || target.id !== "response-form") return;
    // A refusal answered with the whole form: put back the files the person had chosen.
    var refused = document.querySelector("#response-form [data-dropzone]");
    if (kept && refused && kept.files.length) setFiles(refused, kept.files, kept.tags);
    var focus = document.querySelector("#response-form [role=alert]");
    if (focus) { focus.setAttribute("tabindex", "-1"); focus.focus(); }
  });
  // The proposal hint marks the option it points to.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (!event.detail.target || event.detail.target.id !== "proposal") return;
    var marker = event.detail.target.querySelector("[data-proposed-option]");
    var id = marker ? marker.getAttribute("data-proposed-option") : "";
    document.querySelectorAll("#response-form .option-choice").forEach(function (label) {
      var radio = label.querySelector("input");
      label.classList.toggle("proposed", !!id && radio && radio.value === id);
    });
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
  document.addEventListener("submit", function (event) {
    if (event.target.matches && event.target.matches("[data-item-form]") && !window.htmx) dirty = false;
  });
})();

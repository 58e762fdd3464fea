// The evidence panel, without inline script (the Content-Security-Policy forbids it).
// The panel includes this file, so it may run again after a swap: set up once.
(function () {
  if (window.wistaraEvidence) return;
  window.wistaraEvidence = true;

  // A refusal (400, 413) answers with the panel and its message: show it in place.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var target = event.detail.target;
    if ((status === 400 || status === 413) && target && target.matches("[data-evidence-panel]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // Stop a file over the limit before sending it.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) return;
    var limit = parseInt(input.getAttribute("data-max-bytes"), 10);
    var file = input.files && input.files[0];
    input.setCustomValidity(file && file.size > limit ? input.getAttribute("data-too-large") : "");
    input.reportValidity();
  });
})();

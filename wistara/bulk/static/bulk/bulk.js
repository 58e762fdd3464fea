// "Select all" for a bulk list: a checkbox with data-check-all="NAME" ticks every checkbox
// named NAME in its form (the Content-Security-Policy forbids inline code).
document.addEventListener("change", function (event) {
  var all = event.target.closest && event.target.closest("[data-check-all]");
  if (!all) return;
  var name = all.getAttribute("data-check-all");
  all.form.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (box) {
    box.checked = all.checked;
  });
});

// The broadcast form's relay source picker (templates/relay/picker.html, loaded by htmx): choosing a source copies
// its URL into the form's stream URL field and tells the form it changed (the preview follows, as when typed).
// Delegated from the document, so it works on a picker htmx swaps in after this script ran.
document.addEventListener("change", function (event) {
  var picker = event.target;
  if (!(picker instanceof HTMLSelectElement) || !picker.hasAttribute("data-relay-picker") || !picker.value) {
    return;
  }
  var form = picker.closest("form");
  var field = form && form.querySelector('[name="' + picker.getAttribute("data-relay-picker") + '"]');
  if (!field) {
    return;
  }
  field.value = picker.value;
  field.dispatchEvent(new Event("input", { bubbles: true }));
  field.dispatchEvent(new Event("change", { bubbles: true }));
});

/*
 * Device page: the volume slider shows its value as it moves. Delegated from the document, so it keeps working
 * after htmx swaps the commands section in again.
 */
document.addEventListener('input', function (event) {
  if (event.target.id !== 'volume-slider') {
    return;
  }
  var output = document.getElementById('volume-value');
  if (output) {
    output.value = event.target.value;
  }
});

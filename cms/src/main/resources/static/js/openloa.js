/*
 * The few behaviours every page may ask for through data attributes, so that no template needs an inline event
 * handler (the content security policy allows scripts from this origin only):
 *   <select data-submit-on-change>      submits its form when the choice changes;
 *   <input type=radio data-sets-form-type>  copies its value to the form's data-type (CSS shows the matching part).
 */
document.addEventListener('change', function (event) {
  var field = event.target;
  if (!field.form) {
    return;
  }
  if (field.hasAttribute('data-submit-on-change')) {
    field.form.submit();
  } else if (field.hasAttribute('data-sets-form-type')) {
    field.form.dataset.type = field.value;
  }
});

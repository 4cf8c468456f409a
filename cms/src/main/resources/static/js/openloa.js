/*
 * The few behaviours every page may ask for through data attributes, so that no template needs an inline event
 * handler (the content security policy allows scripts from this origin only):
 *   <select data-submit-on-change>      submits its form when the choice changes;
 *   <input type=radio data-sets-form-type>  copies its value to the form's data-type (CSS shows the matching part);
 *   <form data-confirm="question" data-confirm-yes="Delete" data-confirm-no="Keep">  asks in a <dialog> first.
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

/*
 * A step that cannot be undone asks first, in a <dialog> built here (no inline handler, no window.confirm, which
 * some phones' browsers suppress). Without this script the form submits as before.
 */
document.addEventListener('submit', function (event) {
  var form = event.target;
  if (!form.hasAttribute || !form.hasAttribute('data-confirm') || form.dataset.confirmed === 'yes') {
    return;
  }
  event.preventDefault();
  var dialog = document.getElementById('confirm');
  if (!dialog) {
    dialog = document.createElement('dialog');
    dialog.id = 'confirm';
    dialog.className = 'confirm';
    dialog.setAttribute('aria-labelledby', 'confirm-question');
    var question = document.createElement('p');
    question.id = 'confirm-question';
    var actions = document.createElement('div');
    actions.className = 'actions';
    var no = document.createElement('button');
    no.type = 'button';
    no.id = 'confirm-no';
    var yes = document.createElement('button');
    yes.type = 'button';
    yes.id = 'confirm-yes';
    yes.className = 'primary';
    actions.appendChild(no);
    actions.appendChild(yes);
    dialog.appendChild(question);
    dialog.appendChild(actions);
    document.body.appendChild(dialog);
    no.addEventListener('click', function () { dialog.close(); });
  }
  dialog.querySelector('#confirm-question').textContent = form.dataset.confirm;
  dialog.querySelector('#confirm-no').textContent = form.dataset.confirmNo || 'Cancel';
  var yesButton = dialog.querySelector('#confirm-yes');
  yesButton.textContent = form.dataset.confirmYes || 'OK';
  yesButton.onclick = function () {
    dialog.close();
    form.dataset.confirmed = 'yes';
    form.submit();
  };
  dialog.showModal();
  dialog.querySelector('#confirm-no').focus();
});

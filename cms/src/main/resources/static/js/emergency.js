// The emergency pages' script. The form of /emergencies/new: show the part for what airs, the one confirm step
// before it airs. Both that form and the detail page's *Cập nhật* record in the browser (the recording put into
// the form's file input) and stream the recording to the server with its progress; without this script the
// forms still post it as multipart.
(function () {
  'use strict';

  function what(form) {
    var checked = form.querySelector('input[name=what]:checked');
    return checked ? checked.value : 'TEXT';
  }

  function showWhat(form) {
    form.querySelectorAll('.what-part').forEach(function (part) { part.hidden = part.dataset.what !== what(form); });
  }

  // The CSRF token of the page's session, as the header the server expects.
  function csrf(form, xhr) {
    var token = form.querySelector('input[name=_csrf]') || document.querySelector('meta[name=_csrf]');
    var header = document.querySelector('meta[name=_csrf_header]');
    if (token) { xhr.setRequestHeader(header ? header.content : 'X-CSRF-TOKEN', token.value || token.content); }
  }

  // Sends the recording as the raw body, the form's other fields in the query: the server measures it while it
  // arrives, so it is on air moments after the last byte, and the bar shows the sending. The form's
  // .record-sending (label and progress) and .record-error show how it goes; answered with `expected`, the
  // emergency's JSON goes to `done`, otherwise the message the server gave in the page's language is shown.
  function stream(form, recording, url, expected, done) {
    var sending = form.querySelector('.record-sending');
    var label = sending.querySelector('.record-sending-label');
    var bar = sending.querySelector('progress');
    var problem = form.querySelector('.record-error');
    problem.hidden = true;
    sending.hidden = false;
    label.textContent = form.dataset.uploading;
    bar.value = 0;
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (typeof value === 'string' && key !== '_csrf') { params.append(key, value); }
    });
    params.append('name', recording.name || 'ghi-am');
    var type = /^(audio|video)\//.test(recording.type || '') ? recording.type : 'application/octet-stream';
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open('POST', url + '?' + params.toString());
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.setRequestHeader('Content-Type', type.split(';')[0]);
      csrf(form, xhr);
      xhr.upload.onprogress = function (event) {
        if (event.lengthComputable) { bar.value = event.loaded / event.total; }
      };
      xhr.upload.onload = function () { bar.value = 1; label.textContent = form.dataset.processing; };
      xhr.onload = function () {
        var json = null;
        try { json = JSON.parse(xhr.responseText); } catch (ignored) { /* not JSON */ }
        if (xhr.status === expected && json && json.id) {
          done(json);
          return;
        }
        failed(json && (json.message || json.detail));
        resolve();
      };
      xhr.onerror = function () { failed(null); resolve(); };
      xhr.send(recording);
    });

    function failed(message) {
      sending.hidden = true;
      problem.textContent = message || form.dataset.failed;
      problem.hidden = false;
    }
  }

  // The recorder of a form's .recorder part: MediaRecorder gives WebM/Opus (Chrome, Firefox) or MP4/AAC
  // (Safari); the server takes both. The recording becomes the file of the part's file input.
  function recorder(part) {
    var start = part.querySelector('.record-start');
    var stop = part.querySelector('.record-stop');
    var preview = part.querySelector('.record-preview');
    var time = part.querySelector('.record-time');
    var unsupported = part.querySelector('.record-unsupported');
    var file = part.querySelector('input[type=file]');
    if (!window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia
        || typeof DataTransfer === 'undefined') {
      unsupported.hidden = false;
      start.disabled = true;
      return;
    }
    var media = null, chunks = [], timer = null, began = 0;
    start.addEventListener('click', function () {
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (microphone) {
        chunks = [];
        media = new MediaRecorder(microphone);
        media.ondataavailable = function (e) { if (e.data.size) { chunks.push(e.data); } };
        media.onstop = function () {
          microphone.getTracks().forEach(function (t) { t.stop(); });
          var type = media.mimeType || 'audio/webm';
          var blob = new Blob(chunks, { type: type });
          var extension = type.indexOf('mp4') >= 0 ? '.m4a' : type.indexOf('ogg') >= 0 ? '.ogg' : '.webm';
          var transfer = new DataTransfer();
          transfer.items.add(new File([blob], 'khan-cap-'
            + new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-') + extension, { type: type }));
          file.files = transfer.files;
          preview.src = URL.createObjectURL(blob);
          preview.hidden = false;
          clearInterval(timer);
        };
        media.start(1000);
        began = Date.now();
        timer = setInterval(function () {
          var s = Math.floor((Date.now() - began) / 1000);
          time.textContent = Math.floor(s / 60) + ':' + ('0' + (s % 60)).slice(-2);
        }, 500);
        start.disabled = true;
        stop.disabled = false;
      }).catch(function () { unsupported.hidden = false; });
    });
    stop.addEventListener('click', function () {
      if (media && media.state !== 'inactive') { media.stop(); }
      start.disabled = false;
      stop.disabled = true;
    });
  }

  document.querySelectorAll('form .recorder').forEach(recorder);

  // The form of /emergencies/new.
  (function (form) {
    if (!form) { return; }
    var fields = document.getElementById('emergency-fields');
    var review = document.getElementById('emergency-review');
    var confirmed = document.getElementById('confirmed');

    function showParts() {
      showWhat(form);
      var repeat = document.getElementById('repeat');
      form.querySelector('.repeat-part').hidden = !repeat.checked;
      var ends = document.getElementById('endsAt');
      if (repeat.checked && !ends.value) {
        var later = new Date(Date.now() + 6 * 3600 * 1000 - new Date().getTimezoneOffset() * 60000);
        ends.value = later.toISOString().slice(0, 16);
      }
    }
    form.addEventListener('change', showParts);
    showParts();

    // The confirm step: what, where and how often, then "Air now".
    document.getElementById('emergency-continue').addEventListener('click', function (e) {
      e.preventDefault();
      if (!form.reportValidity()) { return; }
      document.getElementById('review-title').textContent = document.getElementById('title').value;
      var names = [];
      form.querySelectorAll('input[name=areaIds]:checked').forEach(function (box) {
        names.push(box.parentElement.textContent.trim());
      });
      document.getElementById('review-areas').textContent = names.join(', ');
      var line = document.getElementById('review-repeat');
      line.textContent = document.getElementById('repeat').checked
        ? line.dataset.repeats.replace('{0}', document.getElementById('repeatEvery').value)
            .replace('{1}', document.getElementById('endsAt').value.replace('T', ' '))
        : line.dataset.once;
      fields.hidden = true;
      review.hidden = false;
      confirmed.disabled = false;
      document.getElementById('emergency-go').focus();
    });
    document.getElementById('emergency-back').addEventListener('click', function () {
      fields.hidden = false;
      review.hidden = true;
      confirmed.disabled = true;
    });
    form.addEventListener('submit', function (e) {
      var go = document.getElementById('emergency-go');
      var chosen = document.getElementById('file');
      if (!confirmed.disabled && what(form) === 'RECORD' && chosen.files.length) {
        e.preventDefault();
        go.disabled = true;
        stream(form, chosen.files[0], form.action + '/stream', 201, function (json) {
          window.location.href = form.action.replace(/\/new$/, '/' + json.id);
        }).then(function () { go.disabled = false; });
        return;
      }
      go.disabled = true;
    });
  }(document.getElementById('emergency-form')));

  // The detail page's *Cập nhật*: a recording made or picked replaces what it says everywhere, streamed.
  (function (form) {
    if (!form) { return; }
    form.addEventListener('change', function () { showWhat(form); });
    showWhat(form);
    form.addEventListener('submit', function (e) {
      var go = form.querySelector('button[type=submit]');
      var chosen = form.querySelector('input[type=file]');
      if (what(form) !== 'RECORD' || !chosen.files.length) { return; }
      e.preventDefault();
      go.disabled = true;
      stream(form, chosen.files[0], form.action + '/stream', 200, function () {
        window.location.href = form.action.replace(/\/content$/, '');
      }).then(function () { go.disabled = false; });
    });
  }(document.getElementById('update-form')));
}());

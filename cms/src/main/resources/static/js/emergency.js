// The emergency form: show the part for what airs, record in the browser (the bulletin page's recorder, with
// the recording put into the form's file input), the one confirm step before it airs, and then the recording
// streamed to the server with its progress (without this script the form still posts it as multipart).
(function () {
  'use strict';
  var form = document.getElementById('emergency-form');
  if (!form) { return; }
  var fields = document.getElementById('emergency-fields');
  var review = document.getElementById('emergency-review');
  var confirmed = document.getElementById('confirmed');

  function what() {
    var checked = form.querySelector('input[name=what]:checked');
    return checked ? checked.value : 'TEXT';
  }

  function showParts() {
    form.querySelectorAll('.what-part').forEach(function (part) { part.hidden = part.dataset.what !== what(); });
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
    if (!confirmed.disabled && what() === 'RECORD' && chosen.files.length) {
      // The recording goes as the raw body, the rest of the form in the query: the server measures it while
      // it arrives, so the emergency is on air moments after the last byte, and the bar shows the sending.
      e.preventDefault();
      go.disabled = true;
      sendRecording(chosen.files[0]).then(function () { go.disabled = false; });
      return;
    }
    go.disabled = true;
  });

  function sendRecording(recording) {
    var label = document.getElementById('record-sending-label');
    var bar = document.getElementById('record-progress');
    var problem = document.getElementById('record-error');
    problem.hidden = true;
    document.getElementById('record-sending').hidden = false;
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
      xhr.open('POST', form.action + '/stream?' + params.toString());
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.setRequestHeader('Content-Type', type.split(';')[0]);
      var token = form.querySelector('input[name=_csrf]') || document.querySelector('meta[name=_csrf]');
      var header = document.querySelector('meta[name=_csrf_header]');
      if (token) { xhr.setRequestHeader(header ? header.content : 'X-CSRF-TOKEN', token.value || token.content); }
      xhr.upload.onprogress = function (event) {
        if (event.lengthComputable) { bar.value = event.loaded / event.total; }
      };
      xhr.upload.onload = function () { bar.value = 1; label.textContent = form.dataset.processing; };
      xhr.onload = function () {
        var json = null;
        try { json = JSON.parse(xhr.responseText); } catch (ignored) { /* not JSON */ }
        if (xhr.status === 201 && json && json.id) {
          window.location.href = form.action.replace(/\/new$/, '/' + json.id);
          return;
        }
        failed(json && (json.message || json.detail));
        resolve();
      };
      xhr.onerror = function () { failed(null); resolve(); };
      xhr.send(recording);
    });

    function failed(message) {
      document.getElementById('record-sending').hidden = true;
      problem.textContent = message || form.dataset.failed;
      problem.hidden = false;
    }
  }

  // Recording: MediaRecorder gives WebM/Opus (Chrome, Firefox) or MP4/AAC (Safari); the server takes both.
  var start = document.getElementById('record-start');
  var stop = document.getElementById('record-stop');
  var preview = document.getElementById('record-preview');
  var file = document.getElementById('file');
  if (!window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia
      || typeof DataTransfer === 'undefined') {
    document.getElementById('record-unsupported').hidden = false;
    start.disabled = true;
    return;
  }
  var recorder = null, chunks = [], timer = null, began = 0;
  start.addEventListener('click', function () {
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      chunks = [];
      recorder = new MediaRecorder(stream);
      recorder.ondataavailable = function (e) { if (e.data.size) { chunks.push(e.data); } };
      recorder.onstop = function () {
        stream.getTracks().forEach(function (t) { t.stop(); });
        var type = recorder.mimeType || 'audio/webm';
        var blob = new Blob(chunks, { type: type });
        var extension = type.indexOf('mp4') >= 0 ? '.m4a' : type.indexOf('ogg') >= 0 ? '.ogg' : '.webm';
        var transfer = new DataTransfer();
        transfer.items.add(new File([blob], 'khan-cap-' + new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')
          + extension, { type: type }));
        file.files = transfer.files;
        preview.src = URL.createObjectURL(blob);
        preview.hidden = false;
        clearInterval(timer);
      };
      recorder.start(1000);
      began = Date.now();
      timer = setInterval(function () {
        var s = Math.floor((Date.now() - began) / 1000);
        document.getElementById('record-time').textContent = Math.floor(s / 60) + ':' + ('0' + (s % 60)).slice(-2);
      }, 500);
      start.disabled = true;
      stop.disabled = false;
    }).catch(function () { document.getElementById('record-unsupported').hidden = false; });
  });
  stop.addEventListener('click', function () {
    if (recorder && recorder.state !== 'inactive') { recorder.stop(); }
    start.disabled = false;
    stop.disabled = true;
  });
}());

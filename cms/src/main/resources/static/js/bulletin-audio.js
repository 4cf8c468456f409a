// The bulletin page's audio: upload with progress, recording in the browser, text-to-speech, and the
// processing job's progress until the new audio is ready. Plain script, no build step.
(function () {
  'use strict';
  var script = document.currentScript;
  var section = document.getElementById('audio-section');
  if (!section) { return; }
  var text = {
    processing: script.dataset.processing, queued: script.dataset.queued, uploading: script.dataset.uploading,
    done: script.dataset.done, failed: script.dataset.failed, tooLarge: script.dataset.tooLarge
  };
  // The server's upload limit: a larger file is refused here, before minutes of sending it for nothing.
  var maxBytes = Number(script.dataset.maxBytes) || 0;
  var base = window.location.pathname.replace(/\/$/, '');
  var csrfToken = document.querySelector('meta[name=_csrf]');
  var csrfHeader = document.querySelector('meta[name=_csrf_header]');

  drawWaveform();

  function show(id, visible) { var el = document.getElementById(id); if (el) { el.hidden = !visible; } return el; }

  function error(message) {
    var el = show('audio-error', !!message);
    if (el) { el.textContent = message || ''; }
  }

  function send(method, url, body, onUploadProgress, contentType) {
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader('Accept', 'application/json');
      if (contentType) { xhr.setRequestHeader('Content-Type', contentType); }
      if (csrfToken && csrfHeader) { xhr.setRequestHeader(csrfHeader.content, csrfToken.content); }
      if (onUploadProgress && xhr.upload) {
        xhr.upload.onprogress = function (e) { if (e.lengthComputable) { onUploadProgress(e.loaded / e.total); } };
      }
      xhr.onload = function () {
        var json = null;
        try { json = JSON.parse(xhr.responseText); } catch (ignored) { /* not JSON */ }
        resolve({ status: xhr.status, json: json });
      };
      xhr.onerror = function () { resolve({ status: 0, json: null }); };
      xhr.send(body);
    });
  }

  function accepted(result) {
    // 201: the streamed upload is already the bulletin's audio; 202: text-to-speech is under way, or the server
    // was busy and the upload waits its turn as a job.
    if ((result.status === 201 || result.status === 202) && result.json) {
      follow(result.json.id);
    } else {
      show('job', false);
      var said = result.json && (result.json.message || result.json.detail);
      // A 413 that is not ours (a proxy's page) still means the file was too large.
      error(said || (result.status === 413 ? text.tooLarge : text.failed));
    }
  }

  function follow(jobId) {
    error(null);
    show('job', true);
    document.getElementById('job-label').textContent = text.processing;
    var bar = document.getElementById('job-progress');
    var poll = function () {
      fetch(base + '/jobs/' + jobId, { headers: { 'Accept': 'application/json' } })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          bar.value = job.progress;
          if (job.state === 'SUCCEEDED') {
            document.getElementById('job-label').textContent = text.done;
            window.location.reload();
          } else if (job.state === 'FAILED') {
            show('job', false);
            error(job.error || text.failed);
          } else {
            // Waiting for a processing slot (the server is busy with other audio): say so rather than a still bar.
            document.getElementById('job-label').textContent =
              job.state === 'QUEUED' && text.queued ? text.queued : text.processing;
            setTimeout(poll, 800);
          }
        })
        .catch(function () { setTimeout(poll, 2000); });
    };
    poll();
  }

  function upload(file, name) {
    // An error of an earlier try does not stay on screen while this one goes.
    error(null);
    if (maxBytes && file.size > maxBytes) {
      error(text.tooLarge);
      return Promise.resolve();
    }
    // The file itself is the body, not a multipart form: the server measures it while it arrives, so the
    // audio is ready moments after the last byte. Types the server does not name as audio go as bytes.
    var type = /^(audio|video)\//.test(file.type || '') ? file.type : 'application/octet-stream';
    var bar = show('upload-progress', true);
    bar.value = 0;
    var label = document.getElementById('job-label');
    label.textContent = text.uploading;
    return send('PUT', base + '/audio/stream?name=' + encodeURIComponent(name), file, function (f) {
      bar.value = f;
      if (f >= 1) { label.textContent = text.processing; show('job', true); }
    }, type).then(function (result) { show('upload-progress', false); accepted(result); });
  }

  if (section.dataset.job) { follow(section.dataset.job); }

  var uploadForm = document.getElementById('upload-form');
  if (uploadForm) {
    uploadForm.addEventListener('submit', function (e) {
      e.preventDefault();
      var input = document.getElementById('audio-file');
      if (input.files.length) { upload(input.files[0], input.files[0].name); }
    });
  }

  var ttsForm = document.getElementById('tts-form');
  if (ttsForm) {
    ttsForm.addEventListener('submit', function (e) {
      e.preventDefault();
      var params = new URLSearchParams(new FormData(ttsForm));
      send('POST', base + '/tts?' + params.toString(), null).then(accepted);
    });
  }

  // Recording: MediaRecorder gives WebM/Opus (Chrome, Firefox) or MP4/AAC (Safari); the server takes both.
  var start = document.getElementById('record-start');
  if (start) {
    if (!window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      show('record-unsupported', true);
      start.disabled = true;
    }
    var stop = document.getElementById('record-stop');
    var use = document.getElementById('record-use');
    var preview = document.getElementById('record-preview');
    var recorder = null, chunks = [], blob = null, timer = null, began = 0;
    start.addEventListener('click', function () {
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        chunks = [];
        recorder = new MediaRecorder(stream);
        recorder.ondataavailable = function (e) { if (e.data.size) { chunks.push(e.data); } };
        recorder.onstop = function () {
          stream.getTracks().forEach(function (t) { t.stop(); });
          blob = new Blob(chunks, { type: recorder.mimeType || 'audio/webm' });
          preview.src = URL.createObjectURL(blob);
          preview.hidden = false;
          use.hidden = false;
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
      }).catch(function (e) { error(e.message); });
    });
    stop.addEventListener('click', function () {
      if (recorder && recorder.state !== 'inactive') { recorder.stop(); }
      start.disabled = false;
      stop.disabled = true;
    });
    use.addEventListener('click', function () {
      if (!blob) { return; }
      var extension = blob.type.indexOf('mp4') >= 0 ? '.m4a' : blob.type.indexOf('ogg') >= 0 ? '.ogg' : '.webm';
      upload(blob, 'ghi-am-' + new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-') + extension);
    });
  }

  function drawWaveform() {
    var svg = document.querySelector('svg.waveform');
    if (!svg || !svg.dataset.peaks) { return; }
    var peaks = svg.dataset.peaks.split(',').map(Number);
    var width = 200 / peaks.length, path = '';
    peaks.forEach(function (p, i) {
      var h = Math.max(0.5, p * 19);
      path += 'M' + (i * width + width / 2).toFixed(2) + ' ' + (20 - h).toFixed(2) + 'v' + (2 * h).toFixed(2);
    });
    var el = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    el.setAttribute('d', path);
    el.setAttribute('stroke', '#b3261e');
    el.setAttribute('stroke-width', (width * 0.7).toFixed(2));
    svg.appendChild(el);
  }
}());

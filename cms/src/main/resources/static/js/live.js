// The live page (templates/live/session.html): takes the microphone, sends what MediaRecorder makes to cms over a
// WebSocket (cms transcodes and feeds the session), shows the level, the elapsed time and the loudspeakers joined.
(function () {
  'use strict';
  const panel = document.getElementById('live-panel');
  if (!panel) {
    return;
  }
  const speak = document.getElementById('live-speak');
  const stateOut = document.getElementById('live-state');
  const elapsedOut = document.getElementById('live-elapsed');
  const level = document.getElementById('live-level');
  const joined = document.getElementById('live-joined');
  const error = document.getElementById('live-error');
  const words = {
    WAITING: panel.dataset.wordWaiting,
    ON_AIR: panel.dataset.wordOnAir,
    ENDED: panel.dataset.wordEnded
  };
  let startedAt = null;
  let recorder = null;
  let socket = null;
  let stream = null;

  function show(status) {
    panel.dataset.state = status.state;
    stateOut.textContent = words[status.state] || status.state;
    joined.textContent = String(status.joinedDevices);
    if (status.onAirAt && !startedAt) {
      startedAt = Date.parse(status.onAirAt);
    }
    if (status.state === 'ENDED') {
      stop();
      if (speak) {
        speak.disabled = true;
      }
    }
  }

  function poll() {
    fetch(panel.dataset.status, { headers: { Accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : null))
      .then((s) => { if (s) { show(s); } })
      .catch(() => {})
      .finally(() => { if (panel.dataset.state !== 'ENDED') { setTimeout(poll, 2000); } });
  }

  function tick() {
    if (startedAt) {
      const seconds = Math.max(0, Math.floor((Date.now() - startedAt) / 1000));
      elapsedOut.textContent = Math.floor(seconds / 60) + ':' + String(seconds % 60).padStart(2, '0');
    }
    if (panel.dataset.state !== 'ENDED') {
      setTimeout(tick, 500);
    }
  }

  function meter(mediaStream) {
    const AudioContextClass = window.AudioContext || window.webkitAudioContext;
    if (!AudioContextClass) {
      return;
    }
    const context = new AudioContextClass();
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    context.createMediaStreamSource(mediaStream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    (function draw() {
      analyser.getFloatTimeDomainData(samples);
      let peak = 0;
      for (let i = 0; i < samples.length; i++) {
        peak = Math.max(peak, Math.abs(samples[i]));
      }
      level.value = peak;
      if (recorder && recorder.state !== 'inactive') {
        requestAnimationFrame(draw);
      } else {
        level.value = 0;
      }
    })();
  }

  function stop() {
    if (recorder && recorder.state !== 'inactive') {
      recorder.stop();
    }
    if (socket && socket.readyState <= 1) {
      socket.close();
    }
    if (stream) {
      stream.getTracks().forEach((t) => t.stop());
    }
  }

  function start() {
    error.hidden = true;
    if (!navigator.mediaDevices || !window.MediaRecorder) {
      error.textContent = panel.dataset.wordNoMic;
      error.hidden = false;
      return;
    }
    speak.disabled = true;
    navigator.mediaDevices.getUserMedia({ audio: true }).then((media) => {
      stream = media;
      const url = new URL(panel.dataset.socket, window.location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      socket = new WebSocket(url.toString());
      socket.binaryType = 'arraybuffer';
      socket.onopen = () => {
        const type = MediaRecorder.isTypeSupported('audio/webm;codecs=opus') ? 'audio/webm;codecs=opus' : '';
        recorder = type ? new MediaRecorder(media, { mimeType: type }) : new MediaRecorder(media);
        recorder.ondataavailable = (e) => {
          if (e.data && e.data.size > 0 && socket.readyState === 1) {
            socket.send(e.data);
          }
        };
        recorder.start(250);
        meter(media);
      };
      socket.onclose = () => { stop(); };
    }).catch(() => {
      speak.disabled = false;
      error.textContent = panel.dataset.wordNoMic;
      error.hidden = false;
    });
  }

  if (speak) {
    speak.addEventListener('click', start);
  }
  window.addEventListener('pagehide', stop);
  poll();
  tick();
})();

#!/usr/bin/env python3
"""Mouth-to-loudspeaker latency of a live session (docs/benchmarks.md, "Live latency"; goal <= 3 s).

All parts real and each in its own process: cms (the jar), Debian's mosquitto for the wake, optionally
Debian's icecast2 as the streaming engine, and the edge agent (the jar) with the file sink.

The "mouth" is this script: it writes 16-bit PCM in 20 ms chunks, paced by the wall clock, into an ffmpeg
encoder that pushes MP3 to the session's ingest over HTTP PUT (as docs/live.md tells an operator to). Every
`--period` seconds it writes a 0.4 s tone burst whose frequency names the burst (500 Hz + 150 Hz * (k mod 9)),
and records the wall-clock instant it wrote the burst's first sample.

The "loudspeaker" is the file sink's WAV: the agent's player writes what it plays to <sink>/<n>-stream.wav as
it decodes it. The script samples that file's size every 5 ms, so each byte of the WAV has the instant it
reached the disk; a burst's onset found in the WAV (the first 10 ms window louder than -30 dBFS after
silence, frequency by zero crossings) gives its arrival, and arrival - sent is the latency of that burst.

Baseline in the same run: a bare ffmpeg reading the same listen URL (what the mount and the codec cost without
the box), timed the same way on its stdout.

Join time is reported apart: from the encoder's first byte to the box's first sound.
"""
import argparse
import base64
import json
import math
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

RATE = 44100
CHUNK = RATE // 50  # 20 ms
BURST = 0.4
ADMIN_PASSWORD = "bench-national-secret-1234"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Api:
    def __init__(self, base, user, password):
        self.base = base
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Authorization", self.auth)
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                text = r.read().decode()
                return r.status, (json.loads(text) if text else None)
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()


def wait(what, condition, limit):
    deadline = time.time() + limit
    while True:
        value = condition()
        if value:
            return value
        if time.time() > deadline:
            sys.exit(f"gave up waiting for: {what}")
        time.sleep(0.05)


def burst_freq(k):
    return 500 + 150 * (k % 9)


def onsets(samples, rate):
    """(sample index, frequency) of each tone burst: 10 ms windows above -30 dBFS after >= 200 ms quiet."""
    win = rate // 100
    found = []
    quiet = 1000
    i = 0
    n = len(samples)
    threshold = 32768 * 10 ** (-30 / 20)
    while i + win <= n:
        w = samples[i:i + win]
        rms = math.sqrt(sum(x * x for x in w) / win)
        if rms > threshold:
            if quiet >= 20:
                found.append((i, frequency(samples[i:i + int(0.3 * rate)], rate)))
            quiet = 0
        else:
            quiet += 1
        i += win
    return found


def frequency(seg, rate):
    """The strongest frequency of a segment (numpy's FFT; zero crossings without numpy)."""
    try:
        import numpy as np
        x = np.asarray(seg, dtype=float)
        spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
        return float(np.argmax(spectrum)) * rate / len(x)
    except ImportError:
        crossings = sum(1 for a, b in zip(seg, seg[1:]) if (a < 0) != (b < 0))
        return crossings / 2 / (len(seg) / rate)


def nearest_burst(freq):
    k = round((freq - 500) / 150)
    return k if 0 <= k <= 8 and abs(freq - burst_freq(k)) < 50 else None


def arrival(size_log, byte_offset):
    """The first sampled instant the output had reached byte_offset."""
    lo, hi = 0, len(size_log) - 1
    if not size_log or size_log[-1][1] < byte_offset:
        return None
    while lo < hi:
        mid = (lo + hi) // 2
        if size_log[mid][1] >= byte_offset:
            hi = mid
        else:
            lo = mid + 1
    return size_log[lo][0]


def latencies(sent, samples, rate, size_log, header, bytes_per_sample):
    """Match each burst heard to the newest burst sent with its frequency before it arrived."""
    result = []
    for index, freq in onsets(samples, rate):
        k = nearest_burst(freq)
        if k is None:
            continue
        t = arrival(size_log, header + index * bytes_per_sample)
        if t is None:
            continue
        candidates = [s for (j, s) in sent if j % 9 == k and s < t]
        if candidates:
            result.append(t - max(candidates))
    return result


def summary(label, values):
    if not values:
        return f"{label}: no burst heard"
    v = sorted(values)
    p50 = v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2
    return f"{label}: bursts={len(v)} p50={p50:.2f}s max={v[-1]:.2f}s min={v[0]:.2f}s"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cms-jar", required=True)
    p.add_argument("--agent-jar", required=True, action="append",
                   help="repeat to compare agents: each gets a box of its own in the same commune, same session")
    p.add_argument("--java", default="java")
    p.add_argument("--engine", choices=["embedded", "icecast"], default="embedded")
    p.add_argument("--bursts", type=int, default=12)
    p.add_argument("--period", type=float, default=3.0)
    p.add_argument("--keep", action="store_true")
    a = p.parse_args()

    work = tempfile.mkdtemp(prefix="live-bench-")
    procs = []

    def start(cmd, log, **kw):
        pr = subprocess.Popen(cmd, stdout=open(os.path.join(work, log), "ab"), stderr=subprocess.STDOUT, **kw)
        procs.append(pr)
        return pr

    def cleanup():
        for pr in reversed(procs):
            if pr.poll() is None:
                pr.terminate()
        for pr in procs:
            try:
                pr.wait(10)
            except subprocess.TimeoutExpired:
                pr.kill()
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("kept", work)

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        run(a, work, start)
    finally:
        cleanup()


def run(a, work, start):
    mqtt = free_port()
    with open(os.path.join(work, "mosquitto.conf"), "w") as f:
        f.write(f"listener {mqtt} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    start(["mosquitto", "-c", os.path.join(work, "mosquitto.conf")], "mosquitto.log")

    extra = []
    if a.engine == "icecast":
        ice = free_port()
        logs = os.path.join(work, "icecast-logs")
        os.makedirs(logs)
        security = "<security><chroot>0</chroot>"
        if os.geteuid() == 0:  # icecast refuses root: it drops to nobody, which must write its logs
            os.chmod(work, 0o755)
            shutil.chown(logs, "nobody", "nogroup")
            security += "<changeowner><user>nobody</user><group>nogroup</group></changeowner>"
        security += "</security>"
        with open(os.path.join(work, "icecast.xml"), "w") as f:
            f.write(f"""<icecast><location>bench</location><admin>bench@localhost</admin>
<limits><clients>100</clients><sources>20</sources><queue-size>524288</queue-size>
<source-timeout>10</source-timeout><burst-on-connect>1</burst-on-connect><burst-size>8192</burst-size></limits>
<authentication><source-password>bench-source</source-password><relay-password>r</relay-password>
<admin-user>admin</admin-user><admin-password>bench-admin</admin-password></authentication>
<hostname>127.0.0.1</hostname><listen-socket><port>{ice}</port><bind-address>127.0.0.1</bind-address></listen-socket>
<paths><basedir>/usr/share/icecast2</basedir><logdir>{logs}</logdir><webroot>/usr/share/icecast2/web</webroot>
<adminroot>/usr/share/icecast2/admin</adminroot></paths>
<logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>3</loglevel></logging>
{security}</icecast>""")
        start(["icecast2", "-c", os.path.join(work, "icecast.xml")], "icecast.log")
        extra = [f"--openloa.stream.icecast-url=http://127.0.0.1:{ice}",
                 "--openloa.stream.icecast-password=bench-source"]

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cms = start([a.java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", a.cms_jar,
           f"--server.port={port}", f"--openloa.data-dir={work}/cms-data", "--openloa.admin.username=admin",
           f"--openloa.admin.password={ADMIN_PASSWORD}", "--spring.main.banner-mode=off",
           f"--openloa.mqtt.url=tcp://127.0.0.1:{mqtt}"] + extra, "cms.log")
    admin = Api(base, "admin", ADMIN_PASSWORD)

    def healthy():
        if cms.poll() is not None:
            sys.exit("cms died: see cms.log")
        try:
            return admin.call("GET", "/actuator/health")[0] == 200
        except OSError:
            return False

    t0 = time.time()
    wait("cms healthy (see cms.log)", healthy, 1800)
    print(f"cms started in {time.time() - t0:.1f}s", flush=True)

    s = format(int(time.time()) % 100000, "x")
    st, prov = admin.call("POST", "/api/v1/areas", {"code": "B" + s, "name": "Tỉnh đo " + s, "kind": "province"})
    st, com = admin.call("POST", "/api/v1/areas", {"code": "B" + s + "-A", "name": "Xã đo " + s, "kind": "commune",
                                                   "parentId": prov["id"]})
    boxes = []  # (label, data dir, sink dir)
    for n, jar in enumerate(a.agent_jar):
        wait(f"{jar} (being built?)", lambda: os.path.exists(jar) and os.path.getsize(jar) > 0, 1800)
        st, dev = admin.call("POST", "/api/v1/devices", {"name": f"Loa đo {n}", "areaId": com["id"], "tags": []})
        assert st == 201, dev
        data = os.path.join(work, f"box{n}")
        sink = os.path.join(work, f"sink{n}")
        os.makedirs(sink)
        env = dict(os.environ, OPENLOA_SERVER_URL=base, OPENLOA_ENROLLMENT_CODE=dev["enrollmentCode"],
                   OPENLOA_DATA_DIR=data, OPENLOA_PLAYER="file:" + sink, OPENLOA_HEARTBEAT_SECONDS="5",
                   OPENLOA_MQTT_URL=f"tcp://127.0.0.1:{mqtt}")
        start([a.java, "-Xmx64m", "-XX:+UseSerialGC", "-jar", jar], f"agent{n}.log", env=env)
        boxes.append((f"box {n} ({os.path.basename(jar)})", data, sink))
    for _, data, _ in boxes:
        wait("the box enrolled and holds a manifest (see agent*.log)",
             lambda: os.path.exists(os.path.join(data, "manifest.json")), 600)
    time.sleep(3)  # their MQTT subscriptions

    st, started = admin.call("POST", "/api/v1/live",
                             {"areaIds": [com["id"]], "priority": "EMERGENCY", "title": "Đo độ trễ"})
    assert st == 201, started
    sid = started["session"]["id"]
    listen = started["session"]["listenUrl"]
    ing = started["ingest"]
    push = ing["url"].replace("://", f"://{ing['username']}:{ing['password']}@")
    encoder = start(["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "s16le", "-ar", str(RATE), "-ac", "1",
                     "-i", "pipe:0", "-c:a", "libmp3lame", "-b:a", "64k", "-f", "mp3", "-flush_packets", "1",
                     "-content_type", "audio/mpeg", "-method", "PUT", "-auth_type", "basic", push],
                    "encoder.log", stdin=subprocess.PIPE)

    sent = []
    stop = threading.Event()
    first_byte = [None]

    def mouth():
        n = 0
        begin = time.time()
        next_burst = 2.0
        k = 0
        while not stop.is_set():
            t = n / RATE
            if k < a.bursts and t >= next_burst:
                sent.append((k, begin + t))
                burst_start, freq = t, burst_freq(k)
                k += 1
                next_burst += a.period
            samples = []
            for i in range(CHUNK):
                ti = (n + i) / RATE
                on = sent and 0 <= ti - burst_start < BURST
                samples.append(int(16000 * math.sin(2 * math.pi * freq * (ti - burst_start))) if on else 0)
            try:
                encoder.stdin.write(struct.pack(f"<{CHUNK}h", *samples))
                encoder.stdin.flush()
            except (BrokenPipeError, ValueError):
                return
            if first_byte[0] is None:
                first_byte[0] = time.time()
            n += CHUNK
            delay = begin + n / RATE - time.time()
            if delay > 0:
                time.sleep(delay)

    threading.Thread(target=mouth, daemon=True).start()
    wait("session on air", lambda: admin.call("GET", f"/api/v1/live/{sid}")[1].get("state") == "ON_AIR", 60)

    # Baseline: a bare ffmpeg on the listen URL, its PCM timed as it comes out.
    base_log = []
    base_pcm = bytearray()
    bare = subprocess.Popen(["ffmpeg", "-hide_banner", "-loglevel", "error", "-fflags", "nobuffer",
                             "-formatprobesize", "8192", "-probesize", "32768", "-analyzeduration", "0",
                             "-i", listen, "-ac", "1", "-ar", str(RATE), "-f", "s16le", "-"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def read_bare():
        while True:
            chunk = bare.stdout.read1(65536)
            if not chunk:
                return
            base_pcm.extend(chunk)
            base_log.append((time.time(), len(base_pcm)))

    threading.Thread(target=read_bare, daemon=True).start()

    # The boxes: sample their WAVs' sizes.
    size_logs = [[] for _ in boxes]
    wavs = [None for _ in boxes]
    end = time.time() + 2.0 + a.bursts * a.period + 12
    while time.time() < end:
        for b, (_, _, sink) in enumerate(boxes):
            if wavs[b] is None:
                names = sorted(n for n in os.listdir(sink) if n.endswith(".wav"))
                if names:
                    wavs[b] = os.path.join(sink, names[-1])
            if wavs[b] is not None:
                try:
                    size = os.path.getsize(wavs[b])
                    if not size_logs[b] or size != size_logs[b][-1][1]:
                        size_logs[b].append((time.time(), size))
                except OSError:
                    pass
        time.sleep(0.005)
    stop.set()
    bare.terminate()
    admin.call("DELETE", f"/api/v1/live/{sid}")

    base_samples = struct.unpack(f"<{len(base_pcm) // 2}h", bytes(base_pcm[: len(base_pcm) // 2 * 2]))
    base_lat = latencies(sent, base_samples, RATE, base_log, 0, 2)

    with open(os.path.join(work, "measure.json"), "w") as f:  # for a second look (--keep)
        json.dump({"sent": sent, "first_byte": first_byte[0], "baseline": base_log, "boxes": size_logs,
                   "wavs": wavs}, f)
    print(f"engine={a.engine} bursts_sent={len(sent)} period={a.period}s")
    print(summary("baseline (bare ffmpeg on the listen URL)", base_lat))
    for b, (label, _, _) in enumerate(boxes):
        box_lat, join = [], None
        size_log, wav = size_logs[b], wavs[b]
        if wav is not None:
            with open(wav, "rb") as f:
                raw = f.read()
            # WAV: find the 'fmt ' and 'data' chunks (ffmpeg may add LIST)
            pos, rate, channels, header = 12, RATE, 1, None
            while pos + 8 <= len(raw):
                cid, size = raw[pos:pos + 4], struct.unpack("<I", raw[pos + 4:pos + 8])[0]
                if cid == b"fmt ":
                    channels, rate = struct.unpack("<HI", raw[pos + 10:pos + 16])
                if cid == b"data":
                    header = pos + 8
                    break
                pos += 8 + size
            if header is not None:
                body = raw[header:]
                pcm = struct.unpack(f"<{len(body) // 2}h", body[: len(body) // 2 * 2])[::channels]
                box_lat = latencies(sent, pcm, rate, size_log, header, 2 * channels)
            if size_log and first_byte[0]:
                join = size_log[0][0] - first_byte[0]
        print(summary(label, box_lat))
        print(f"  join: encoder's first byte -> the box starts playing (its WAV appears): {join:.2f}s"
              if join else "  join: the box never played")
        grain = [y[1] - x[1] for x, y in zip(size_log, size_log[1:])]
        if grain:
            print(f"  (WAV written in steps of median {sorted(grain)[len(grain) // 2]} bytes)")

if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A tiny stand-in for cms's /edge/v1 endpoints, for bench/edge-agent/run.sh.

Serves one device a plan of ITEMS recordings spread over the next 24 hours (the first one after the
measurement window, so the agent holds its plan and idles), MEDIA small WAV files, ETag/304 on the
manifest, and accepts heartbeats and play logs. GET /stats tells the script what the agent did.

    stand_in_cms.py PORT_FILE [ITEMS=48] [MEDIA=4]
"""
import json
import math
import struct
import sys
import threading
import hashlib
from datetime import datetime, timedelta, timezone
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler


def sine_wav(seconds, hertz, rate=8000):
    samples = int(seconds * rate)
    data = b"".join(struct.pack("<h", int(12000 * math.sin(2 * math.pi * hertz * i / rate))) for i in range(samples))
    header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVE" + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
    return header + b"data" + struct.pack("<I", len(data)) + data


ITEMS = int(sys.argv[2]) if len(sys.argv) > 2 else 48
MEDIA = int(sys.argv[3]) if len(sys.argv) > 3 else 4
media = {f"m-{i}": sine_wav(6, 300 + 100 * i) for i in range(MEDIA)}
start = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(minutes=10)
items = []
for i in range(ITEMS):
    begin = start + timedelta(minutes=30 * i)
    ids = [f"m-{i % MEDIA}", f"m-{(i + 1) % MEDIA}"]
    items.append({"id": f"bench@{begin.isoformat()}", "start": begin.isoformat(),
                  "end": (begin + timedelta(seconds=12)).isoformat(), "priority": "NORMAL", "kind": "AUDIO",
                  "mediaIds": ids, "streamUrl": None, "volume": None})
manifest = {"version": "bench-1", "pollSeconds": 60,
            "settings": {"volume": 70, "quietHours": [], "heartbeatSeconds": 60},
            "items": items,
            "media": [{"id": k, "sha256": hashlib.sha256(v).hexdigest(), "size": len(v), "mimeType": "audio/wav",
                       "durationMs": 6000, "url": None} for k, v in media.items()],
            "purge": [], "commands": []}
stats = {"manifest200": 0, "manifest304": 0, "media": 0, "heartbeats": 0, "playlogs": 0}
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", content_type="application/json", headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)

    def count(self, key):
        with lock:
            stats[key] += 1

    def do_GET(self):
        if self.path == "/stats":
            return self.send(200, json.dumps(stats).encode())
        if self.headers.get("Authorization") != "Bearer bench-secret":
            return self.send(401, b"{}")
        if self.path == "/edge/v1/manifest":
            if self.headers.get("If-None-Match") == '"bench-1"':
                self.count("manifest304")
                return self.send(304, headers={"ETag": '"bench-1"'})
            self.count("manifest200")
            body = dict(manifest, serverTime=datetime.now(timezone.utc).isoformat())
            return self.send(200, json.dumps(body).encode(), headers={"ETag": '"bench-1"'})
        if self.path.startswith("/edge/v1/media/"):
            data = media.get(self.path.rsplit("/", 1)[1])
            if data is None:
                return self.send(404, b"{}")
            self.count("media")
            return self.send(200, data, "audio/wav")
        self.send(404, b"{}")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        if self.path == "/edge/v1/enroll":
            return self.send(200, b'{"deviceId": "bench-1", "credential": "bench-secret"}')
        if self.headers.get("Authorization") != "Bearer bench-secret":
            return self.send(401, b"{}")
        if self.path == "/edge/v1/heartbeat":
            self.count("heartbeats")
            return self.send(200, b"{}")
        if self.path == "/edge/v1/playlogs":
            self.count("playlogs")
            return self.send(200, b"{}")
        self.send(404, b"{}")


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1], "w") as port_file:
    port_file.write(str(server.server_address[1]))
server.serve_forever()

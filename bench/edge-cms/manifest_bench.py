#!/usr/bin/env python3
"""Drives wrk against cms's GET /edge/v1/manifest (200 and 304 paths) and against nginx serving a file of
the same size (200 and 304), with 10,000 device credentials rotating, and prints a Markdown table. cms is
measured on both of its listeners: Tomcat's HTTP port (the servlet filter) and the edge fast listener
(openloa.edge.fast-port, Netty), same process, same index.

cms runs from its jar on the embedded defaults (H2 file, filesystem media) in a fresh data directory. The
world is made through the public API, as an installer would: a province with 100 communes, a bulletin with
audio, a daily broadcast at three times to the whole province, then N devices created (POST /api/v1/devices)
and enrolled (POST /edge/v1/enroll). Each side gets one warm-up, then runs alternate A/B. Besides wrk's
requests per second it reports the server's CPU time per request (utime+stime from /proc ÷ requests), the
fairer figure when wrk shares the two cores. With --jar-b a second cms from another jar is seeded alike and served at
the same time, and each fast side is driven against both in turns (fast, fastB, nginx, then again): a change of a few
percent is then read against the same minutes, where two runs of this script minutes apart differ by more."""
import argparse, base64, concurrent.futures, http.client, json, math, os, re, shutil, signal, socket
import statistics, subprocess, sys, tempfile, time, urllib.parse, wave, struct, io

ADMIN = ("admin", "loa-bench-secret-1234")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Http:
    """One keep-alive connection per thread."""

    def __init__(self, port, auth=None):
        self.port, self.auth = port, auth
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, method, path, body=None, headers=None, content_type="application/json"):
        h = dict(headers or {})
        if isinstance(self.auth, str):
            h["Authorization"] = "Bearer " + self.auth
        elif self.auth:
            h["Authorization"] = "Basic " + base64.b64encode(("%s:%s" % self.auth).encode()).decode()
        if body is not None and not isinstance(body, (bytes, bytearray)):
            body = json.dumps(body).encode()
        if body is not None:
            h["Content-Type"] = content_type
        for attempt in range(3):
            try:
                self.conn.request(method, path, body=body, headers=h)
                r = self.conn.getresponse()
                data = r.read()
                return r.status, dict(r.getheaders()), data
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise

    def json(self, method, path, body=None, expect=(200, 201, 202)):
        status, _, data = self.call(method, path, body)
        if status not in expect:
            raise SystemExit("%s %s -> %s %s" % (method, path, status, data[:500]))
        return json.loads(data) if data else None


def tone_wav(seconds=20.0, rate=16000):
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1); w.setsampwidth(2); w.setframerate(rate)
        frames = bytearray()
        for i in range(int(seconds * rate)):
            frames += struct.pack("<h", int(6000 * math.sin(2 * math.pi * 440 * i / rate)))
        w.writeframes(bytes(frames))
    return buf.getvalue()


def multipart(field, filename, content, content_type):
    boundary = "----openloa-bench"
    head = ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\nContent-Type: %s\r\n\r\n"
            % (boundary, field, filename, content_type)).encode()
    return head + content + ("\r\n--%s--\r\n" % boundary).encode(), "multipart/form-data; boundary=" + boundary


def cpu_seconds(pid):
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def children_cpu(pid):
    """nginx: the master plus its workers."""
    total = cpu_seconds(pid)
    for line in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split():
        total += cpu_seconds(int(line))
    return total


def tcp_counters():
    """The host's TCP counters (loopback: both ends of every connection count): segments out, pure ACKs, delayed ACKs."""
    counts = {}
    for path, prefix in (("/proc/net/snmp", "Tcp:"), ("/proc/net/netstat", "TcpExt:")):
        lines = [line.split() for line in open(path) if line.startswith(prefix)]
        counts.update(zip(lines[0][1:], lines[1][1:]))
    return {name: int(counts.get(name, 0)) for name in ("OutSegs", "TCPPureAcks", "DelayedACKs")}


def perf_pids(pid, cpu):
    """The processes that serve: cms itself, or nginx's workers (not its idle master)."""
    if cpu is children_cpu:
        return [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()]
    return [pid]


def perf_watch(directory, name, pid, cpu, seconds):
    """perf stat (system calls, context switches) and perf record over the middle of a run of `seconds`."""
    os.makedirs(directory, exist_ok=True)
    pids = ",".join(str(p) for p in perf_pids(pid, cpu))
    span = str(max(1, seconds - 4))
    stat = subprocess.Popen(["perf", "stat", "-x", ",", "-e", "raw_syscalls:sys_enter,context-switches,task-clock",
                             "-p", pids, "-o", os.path.join(directory, name + ".stat"), "--", "sleep", span])
    record = subprocess.Popen(["perf", "record", "-q", "-F", "499", "-g", "-p", pids,
                               "-o", os.path.join(directory, name + ".data"), "--", "sleep", span],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return [stat, record, time.time(), int(span)]


def perf_report(watchers, directory, name, pid, cpu, rate):
    if not watchers:
        return
    stat, record, started, span = watchers
    stat.wait()
    record.wait()
    if cpu is not children_cpu:
        subprocess.run(["jcmd", str(pid), "Compiler.perfmap"], capture_output=True)
    counts = {}
    for line in open(os.path.join(directory, name + ".stat")):
        parts = line.strip().split(",")
        if len(parts) > 2 and parts[0].replace(".", "").isdigit():
            counts[parts[2]] = float(parts[0])
    requests = rate * span  # the run's rate over the span perf watched
    per = ", ".join("%s %.2f" % (event, value / requests) for event, value in counts.items())
    print("perf %s: per request (about %.0f in %d s): %s" % (name, requests, span, per), file=sys.stderr)


def wrk(url, script, seconds, threads=2, connections=64):
    out = subprocess.run(["wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % seconds, "-s", script, url],
                         capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    statuses = re.findall(r"^status (\d+) (\d+)$", out, re.M)
    return rps, total, int(non2xx.group(1)) if non2xx else 0, dict(statuses), out


LUA = r"""
local lines = {}
for line in io.lines("%(file)s") do lines[#lines + 1] = line end
local counter = 0
statuses = {}  -- a global: done() reads each thread's copy with thread:get
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  counter = id * 7919
  statuses = {}
end
function request()
  counter = counter + 1
  local line = lines[(counter %% #lines) + 1]
  local token, etag = line:match("^(%%S+) (%%S+)$")
  local headers = { ["Authorization"] = "Bearer " .. token }
  if %(conditional)s then headers["If-None-Match"] = etag end
  return wrk.format("GET", "%(path)s", headers)
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local merged = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do merged[k] = (merged[k] or 0) + v end
  end
  for k, v in pairs(merged) do io.write(string.format("status %%d %%d\n", k, v)) end
end
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", required=True)
    ap.add_argument("--java", default="java")
    ap.add_argument("--devices", type=int, default=10000)
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--java-opt", action="append", default=[], help="an extra JVM option for cms")
    ap.add_argument("--java-b", metavar="JAVA",
                    help="the java that runs the second cms (--jar-b): the same jar on another JDK (default: --java)")
    ap.add_argument("--java-opt-b", action="append", default=[],
                    help="an extra JVM option for the second cms only (--jar-b): the same jar under other flags")
    ap.add_argument("--cms-arg-b", action="append", default=[],
                    help="an extra argument for the second cms only (--jar-b), e.g. --openloa.edge.fast-transport=io_uring")
    ap.add_argument("--cms-arg", action="append", default=[], help="an extra argument for cms, e.g. --server.port=…")
    ap.add_argument("--warmup", type=int, default=5,
                    help="seconds each side is driven before the runs (the JIT's compiling is part of its CPU time)")
    ap.add_argument("--perf", metavar="DIR",
                    help="in the first run, count each side's system calls (perf stat) and record a profile "
                         "(perf record -g; cms's JIT symbols through jcmd Compiler.perfmap) into DIR")
    ap.add_argument("--jar-b", metavar="JAR",
                    help="a second cms from another jar (e.g. the code before a change), seeded alike and served at the "
                         "same time: each fast side is also driven against it, in turns with the first (fastB rows)")
    ap.add_argument("--idle", type=int, default=0, metavar="SECONDS",
                    help="after the warm-up, measure cms's and nginx's CPU while nobody asks anything, for this long "
                         "(the background work a request's CPU time also pays for; profiled too with --perf)")
    ap.add_argument("--sides", default="cms200,cms304,fast200,fast304,nginx200,nginx304",
                    help="the sides to drive, comma-separated, e.g. fast304,nginx304 (a shorter run)")
    a = ap.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not os.path.exists("/usr/sbin/" + tool):
            raise SystemExit("needs %s: apt-get install -y wrk nginx" % tool)
    work = tempfile.mkdtemp(prefix="openloa-bench-")
    os.chmod(work, 0o755)  # nginx's workers run as another user
    java_version = subprocess.run([a.java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    if a.java_b or a.java_opt_b or a.cms_arg_b:
        java_version += "; the second cms (`--jar-b`) on %s %s" % (
            subprocess.run([a.java_b or a.java, "-version"], capture_output=True, text=True).stderr.splitlines()[0],
            " ".join(a.java_opt_b + a.cms_arg_b))

    def start(jar, name, data, opts=(), java=None, args=()):
        port, fport = free_port(), free_port()
        log = open(os.path.join(work, name + ".log"), "w")
        proc = subprocess.Popen([java or a.java, "-Xms1g", "-Xmx1g"] + a.java_opt + list(opts) + ["-jar", jar, "--server.port=%d" % port,
                                 "--openloa.data-dir=" + os.path.join(work, data),
                                 "--openloa.admin.username=" + ADMIN[0], "--openloa.admin.password=" + ADMIN[1],
                                 "--logging.level.root=WARN", "--spring.main.banner-mode=off",
                                 "--openloa.edge.fast-port=%d" % fport] + a.cms_arg + list(args),
                                stdout=log, stderr=subprocess.STDOUT)
        return {"proc": proc, "port": port, "fport": fport, "log": log}

    nodes = [start(a.jar, "cms", "data")]
    if a.jar_b:  # a second cms from another jar, served at the same time, driven in turns with the first
        nodes.append(start(a.jar_b, "cmsB", "dataB", a.java_opt_b, a.java_b, a.cms_arg_b))
    cms, port, fport, log = nodes[0]["proc"], nodes[0]["port"], nodes[0]["fport"], nodes[0]["log"]
    nginx = None
    try:
        deadline = time.time() + 900  # a loaded machine has taken minutes
        for node in nodes:
            while True:
                try:
                    if Http(node["port"]).call("GET", "/actuator/health")[0] == 200:
                        break
                except OSError:
                    pass
                if time.time() > deadline or node["proc"].poll() is not None:
                    raise SystemExit("cms did not start; see " + node["log"].name)
                time.sleep(0.5)

        def seed(port, tokens):
            print("cms up (%s); seeding %d devices..." % (java_version, a.devices), file=sys.stderr)
            # A personal API token for the seeding: a password would cost a bcrypt per request.
            token = Http(port, ADMIN).json("POST", "/api/v1/tokens", {"name": "bench"})["token"]
            admin = Http(port, token)
            suffix = str(int(time.time()))[-6:]
            province = admin.json("POST", "/api/v1/areas", {"code": "B" + suffix, "name": "Tỉnh Đo " + suffix, "kind": "province"})["id"]
            communes = [admin.json("POST", "/api/v1/areas", {"code": "B%s-%03d" % (suffix, i), "name": "Xã %d" % i,
                                                             "kind": "commune", "parentId": province})["id"] for i in range(100)]
            def user(name, role):
                admin.json("POST", "/api/v1/users", {"username": name, "password": "bench-user-password-1234",
                                                     "displayName": name, "roles": [role], "areaId": province})
                return Http(port, (name, "bench-user-password-1234"))
            editor = user("bt" + suffix, "EDITOR")
            bulletin = editor.json("POST", "/api/v1/bulletins", {"title": "Bản tin đo", "category": "thoi-su",
                                                                 "body": "Nội dung", "areaId": province, "priority": "NORMAL"})["id"]
            body, ctype = multipart("file", "ban-tin.wav", tone_wav(), "audio/wav")
            status, _, data = editor.call("POST", "/api/v1/bulletins/%s/audio" % bulletin, body, content_type=ctype)
            job = json.loads(data)["id"]
            while True:
                state = editor.json("GET", "/api/v1/jobs/" + job)["state"]
                if state == "SUCCEEDED":
                    break
                if state == "FAILED":
                    raise SystemExit("audio job failed")
                time.sleep(0.3)
            editor.json("POST", "/api/v1/bulletins/%s/submit" % bulletin, {})
            user("pd" + suffix, "APPROVER").json("POST", "/api/v1/bulletins/%s/approve" % bulletin, {})
            today = time.strftime("%Y-%m-%d")
            admin.json("POST", "/api/v1/broadcasts", {"bulletinIds": [bulletin], "priority": "PRIORITY", "areaId": province,
                                                      "targets": {"areaIds": [province], "tags": []},
                                                      "schedule": {"type": "RECURRING", "times": ["06:00", "11:00", "17:30"],
                                                                   "startDate": today}})

            def make(i):
                local = make.local
                if not hasattr(local, "admin"):
                    local.admin = Http(port, token)
                    local.device = Http(port)
                d = local.admin.json("POST", "/api/v1/devices", {"name": "Loa %d" % i, "areaId": communes[i % 100], "tags": []})
                enrolled = local.device.json("POST", "/edge/v1/enroll", {"enrollmentCode": d["enrollmentCode"],
                                                                         "hardwareId": "bench-%d" % i, "agentVersion": "bench"})
                status, headers, data = local.device.call("GET", "/edge/v1/manifest",
                                                          headers={"Authorization": "Bearer " + enrolled["credential"]})
                if status != 200:
                    raise SystemExit("manifest %s %s" % (status, data[:300]))
                etag = {k.lower(): v for k, v in headers.items()}["etag"]
                return enrolled["credential"], etag, len(data)
            import threading
            make.local = threading.local()
            started = time.time()
            with concurrent.futures.ThreadPoolExecutor(4) as pool:
                devices = list(pool.map(make, range(a.devices)))
            print("seeded in %.0f s" % (time.time() - started), file=sys.stderr)
            sizes = sorted(d[2] for d in devices)
            size = sizes[len(sizes) // 2]
            with open(tokens, "w") as f:
                for token, etag, _ in devices:
                    f.write("%s %s\n" % (token, etag.replace(" ", "")))

            return devices, size

        devices, size = seed(port, os.path.join(work, "tokens.txt"))
        tokens = os.path.join(work, "tokens.txt")
        if a.jar_b:
            seed(nodes[1]["port"], os.path.join(work, "tokens-b.txt"))

        # nginx: the same number of bytes as a median manifest, well configured (open_file_cache, no access log).
        root = os.path.join(work, "www")
        os.makedirs(os.path.join(root, "edge/v1"))
        with open(os.path.join(root, "edge/v1/manifest"), "wb") as f:
            f.write(b"x" * size)
        nport = free_port()
        conf = os.path.join(work, "nginx.conf")
        with open(conf, "w") as f:
            f.write("""worker_processes 2; daemon off; pid %(w)s/nginx.pid; error_log %(w)s/nginx-error.log;
events { worker_connections 1024; }
http { access_log off; open_file_cache max=1000 inactive=60s; open_file_cache_valid 60s; sendfile on;
  tcp_nopush on; keepalive_requests 1000000; default_type application/json;
  client_body_temp_path %(w)s/tmp; proxy_temp_path %(w)s/tmp; fastcgi_temp_path %(w)s/tmp;
  uwsgi_temp_path %(w)s/tmp; scgi_temp_path %(w)s/tmp;
  server { listen 127.0.0.1:%(p)d; root %(r)s; } }
""" % {"w": work, "p": nport, "r": root})
        os.makedirs(os.path.join(work, "tmp"))
        nginx = subprocess.Popen(["/usr/sbin/nginx", "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1)
        status, headers, _ = Http(nport).call("GET", "/edge/v1/manifest")
        nginx_etag = {k.lower(): v for k, v in headers.items()}["etag"]
        nginx_tokens = os.path.join(work, "nginx-tokens.txt")
        with open(nginx_tokens, "w") as f:
            for token, _, _ in devices:
                f.write("%s %s\n" % (token, nginx_etag))

        def script(name, file, conditional):
            path = os.path.join(work, name + ".lua")
            with open(path, "w") as f:
                f.write(LUA % {"file": file, "conditional": "true" if conditional else "false", "path": "/edge/v1/manifest"})
            return path

        sides = {
            ("cms", 200): ("http://127.0.0.1:%d" % port, script("cms200", tokens, False), cms.pid, cpu_seconds),
            ("cms", 304): ("http://127.0.0.1:%d" % port, script("cms304", tokens, True), cms.pid, cpu_seconds),
            ("fast", 200): ("http://127.0.0.1:%d" % fport, script("fast200", tokens, False), cms.pid, cpu_seconds),
            ("fast", 304): ("http://127.0.0.1:%d" % fport, script("fast304", tokens, True), cms.pid, cpu_seconds),
            ("fastB", 200): None,
            ("fastB", 304): None,
            ("nginx", 200): ("http://127.0.0.1:%d" % nport, script("ng200", nginx_tokens, False), nginx.pid, children_cpu),
            ("nginx", 304): ("http://127.0.0.1:%d" % nport, script("ng304", nginx_tokens, True), nginx.pid, children_cpu),
        }
        if a.jar_b:
            b, tokens_b = nodes[1], os.path.join(work, "tokens-b.txt")
            for code in (200, 304):
                sides[("fastB", code)] = ("http://127.0.0.1:%d" % b["fport"], script("fastB%d" % code, tokens_b, code == 304),
                                          b["proc"].pid, cpu_seconds)
        wanted = set(a.sides.split(","))
        if a.jar_b:
            wanted |= {side.replace("fast", "fastB") for side in wanted if side.startswith("fast")}
        sides = {k: v for k, v in sides.items() if "%s%d" % k in wanted and v is not None}
        results = {k: [] for k in sides}
        # Warm-up (JIT, caches) in three parts: wrk closing its 64 connections at the end of a part sends the listener's
        # compiled loop down paths its profile had never seen (the first close deoptimised it, and the C2 compiler
        # then took 8 % of the first measured run's CPU); a listener in service has seen connections close.
        for key, (url, lua, pid, cpu) in sides.items():
            for part in range(3):
                wrk(url, lua, max(1, a.warmup // 3))
        idle = None  # cms's (each node's, with --jar-b) and nginx's CPU a second with nobody asking
        if a.idle:
            watchers = perf_watch(a.perf, "idle", cms.pid, cpu_seconds, a.idle) if a.perf else []
            before = [cpu_seconds(n["proc"].pid) for n in nodes] + [children_cpu(nginx.pid)]
            time.sleep(a.idle)
            after = [cpu_seconds(n["proc"].pid) for n in nodes] + [children_cpu(nginx.pid)]
            idle = [(y - x) / a.idle for x, y in zip(before, after)]
            if watchers:
                watchers[0].wait()
                watchers[1].wait()
                subprocess.run(["jcmd", str(cms.pid), "Compiler.perfmap"], capture_output=True)
            print("idle for %d s: cms %s ms of CPU a second, nginx %.1f"
                  % (a.idle, " and ".join("%.1f" % (c * 1e3) for c in idle[:-1]), idle[-1] * 1e3), file=sys.stderr)
        order = list(sides.items())
        for run in range(a.runs):
            # Each round starts with the next side: a side always driven first (or right after nginx) would carry
            # whatever the order itself costs, and an A/B of two jars could not tell that from the change.
            for key, (url, lua, pid, cpu) in order[run % len(order):] + order[:run % len(order)]:
                segments = tcp_counters()
                before = cpu(pid)
                watchers = perf_watch(a.perf, "%s%d" % key, pid, cpu, a.seconds) if a.perf and run == 0 else []
                rps, total, bad, statuses, out = wrk(url, lua, a.seconds)
                used = cpu(pid) - before
                if total == 0:
                    raise SystemExit("%s%d answered nothing in %d s; wrk said:\n%s" % (key + (a.seconds, out)))
                segments = {k: (v - segments[k]) / float(total) for k, v in tcp_counters().items()}
                perf_report(watchers, a.perf, "%s%d" % key, pid, cpu, total / float(a.seconds))
                expected = str(key[1])
                if statuses.get(expected, "0") != str(total) or bad:
                    print("WARNING %s: statuses %s of %d requests" % (key, statuses, total), file=sys.stderr)
                results[key].append((rps, used / total * 1e6))
                print("run %d %s %s: %.0f req/s, %.1f us CPU/req, statuses %s; per request, TCP %s" % (run + 1, key[0],
                      key[1], rps, used / total * 1e6, statuses,
                      ", ".join("%s %.3f" % item for item in segments.items())), file=sys.stderr)
        load = open("/proc/loadavg").read().split()[:3]
        print("\n%d devices, manifest %d bytes (median), wrk -t2 -c64 -d%ds, %d runs after %d s of warm-up per side, "
              "medians; cms on %s; load average at the end %s\n"
              % (a.devices, size, a.seconds, a.runs, a.warmup, java_version, " ".join(load)))
        print("| path | listener | nginx req/s | cms req/s | cms ÷ nginx (req/s) | nginx µs CPU/req | cms µs CPU/req "
              "| **nginx ÷ cms (CPU/req)** |")
        print("|---|---|---:|---:|---:|---:|---:|---:|")
        for code in (304, 200):
            if ("nginx", code) not in results:
                continue
            n = statistics.median(r[0] for r in results[("nginx", code)])
            nc = statistics.median(r[1] for r in results[("nginx", code)])
            for side, name, node in (("cms", "Tomcat (servlet filter)", 0), ("fast", "fast listener (Netty)", 0),
                                     ("fastB", "fast listener (Netty), `--jar-b`", 1)):
                if (side, code) not in results:
                    continue
                c = statistics.median(r[0] for r in results[(side, code)])
                cc = statistics.median(r[1] for r in results[(side, code)])
                print("| %d | %s | %.0f | %.0f | %.2f× | %.1f | %.1f | **%.2f×** |" % (code, name, n, c, c / n, nc, cc, nc / cc))
                if idle:
                    print("|  | of which idle background (%.1f ms/s ÷ %.0f req/s) | | | | %.2f | %.2f | |"
                          % (idle[node] * 1e3, c, idle[-1] * 1e6 / n, idle[node] * 1e6 / c))
                if side == "fastB" and ("fast", code) in results:
                    # the same run's pairs: each A run and the B run right after it, against the nginx run of that round
                    pairs = [(na[1] / fa[1], na[1] / fb[1]) for fa, fb, na in
                             zip(results[("fast", code)], results[("fastB", code)], results[("nginx", code)])]
                    ahead = sum(1 for fa, fb in zip(results[("fast", code)], results[("fastB", code)]) if fa[1] < fb[1])
                    print("|  | per round, nginx ÷ A and nginx ÷ B: %s; A took less CPU per request than B in %d of %d "
                          "rounds | | | | | | |" % (", ".join("%.2f/%.2f" % p for p in pairs), ahead, len(pairs)))
    finally:
        if nginx:
            nginx.send_signal(signal.SIGTERM)
        for node in nodes:
            node["proc"].send_signal(signal.SIGTERM)
        for node in nodes:
            try:
                node["proc"].wait(30)
            except subprocess.TimeoutExpired:
                node["proc"].kill()
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("kept " + work, file=sys.stderr)


if __name__ == "__main__":
    main()

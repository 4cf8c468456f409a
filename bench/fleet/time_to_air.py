#!/usr/bin/env python3
"""Emergency time to air (docs/benchmarks.md, "Emergency: time to air"): from an operator's POST to each simulated
box's play start, with N boxes of bench/fleet against a cms on its embedded defaults (H2 + filesystem).

One cms data directory serves every run; cms is restarted for each mode, with openloa.mqtt.url pointing at a
mosquitto this script starts on a free port for the MQTT run, and without a broker for the others:

  mqtt      boxes poll every pollSeconds and at once on the MQTT wake
  longpoll  boxes long poll (Prefer: wait=55); plain polling where cms does not hold polls
  poll      boxes poll every 60 s (the comparison)

Content: (a) an approved bulletin whose 30-s TTS warning was made and ingested beforehand; (b) a fresh text, where
TTS and ingest are on the path (the time they add is reported on its own).

How the emergency is raised: POST /api/v1/emergencies when cms has it (answers GET with 200), else an EMERGENCY
broadcast (POST /api/v1/broadcasts) with a ONCE schedule LEAD seconds ahead: the one switch is `raise_emergency`.
Baselines in the same session: mosquitto alone (N subscribers, one QoS 1 message each) and nginx answering a
manifest's bytes to N clients at once, with bench/fleet's own clients."""
import argparse, json, os, re, shutil, signal, socket, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "edge-cms"))
from manifest_bench import ADMIN, Http, free_port, children_cpu  # noqa: E402  the same API helpers

# About 30 s of speech at espeak-ng's default rate.
WARNING = ("Thông báo khẩn cấp của Ban chỉ huy phòng chống thiên tai và tìm kiếm cứu nạn xã. "
           "Bão số ba đang di chuyển nhanh vào đất liền, gió mạnh cấp mười, giật cấp mười hai. "
           "Đề nghị bà con không ra khơi, neo đậu tàu thuyền an toàn, chằng chống nhà cửa, "
           "di chuyển người già và trẻ em đến nơi trú ẩn an toàn theo hướng dẫn của chính quyền địa phương. "
           "Không đi qua ngầm tràn, sông suối khi nước lên. Theo dõi thường xuyên các bản tin tiếp theo "
           "trên hệ thống loa truyền thanh cơ sở.")


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def pct(values, p):
    s = sorted(values)
    if not s:
        return float("nan")
    k = max(0, min(len(s) - 1, int(-(-p * len(s) // 100)) - 1))  # nearest rank
    return s[k]


class Cms:
    def __init__(self, a, work, mqtt_url, database=()):
        self.port = free_port()
        jfr = ["-XX:StartFlightRecording=filename=%s,settings=%s,dumponexit=true" % (
            os.path.join(work, "cms-%s.jfr" % ("mqtt" if mqtt_url else "plain")), a.jfr)] if a.jfr else []
        # CMS_JAVA_OPTS: further options for cms's JVM, e.g. "-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit
        # -XX:+PreserveFramePointer" to profile it with perf (docs/benchmarks.md, "Emergency: time to air").
        extra = os.environ.get("CMS_JAVA_OPTS", "").split()
        args = [a.java, "-Xms1g", "-Xmx1g"] + extra + jfr + ["-jar", a.jar, "--server.port=%d" % self.port,
                "--openloa.data-dir=" + os.path.join(work, "data"),
                "--openloa.admin.username=" + ADMIN[0], "--openloa.admin.password=" + ADMIN[1],
                "--logging.level.root=WARN", "--spring.main.banner-mode=off"] + list(database)
        if mqtt_url:
            args.append("--openloa.mqtt.url=" + mqtt_url)
        # --fast: the boxes talk to the edge fast listener (all of /edge/v1 there, the rest passed on to Tomcat),
        # as a province's boxes do when openloa.edge.fast-port is set; the bench's own API calls stay on Tomcat.
        self.edge_port = free_port() if a.fast else self.port
        if a.fast:
            args.append("--openloa.edge.fast-port=%d" % self.edge_port)
        self.log = open(os.path.join(work, "cms-%s.log" % ("mqtt" if mqtt_url else "plain")), "a")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 900  # a loaded machine took over 4 minutes to start cms
        while True:
            try:
                if Http(self.port).call("GET", "/actuator/health")[0] == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline or self.proc.poll() is not None:
                raise SystemExit("cms did not start; see " + self.log.name)
            time.sleep(0.5)
        self.url = "http://127.0.0.1:%d" % self.edge_port
        self.api_url = "http://127.0.0.1:%d" % self.port

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def wait_job(client, job):
    while True:
        state = client.json("GET", "/api/v1/jobs/" + job)["state"]
        if state == "SUCCEEDED":
            return
        if state == "FAILED":
            raise SystemExit("job %s failed" % job)
        time.sleep(0.2)


class World:
    """Areas, users, an admin token and the approved warning bulletin, made through the public API."""

    def __init__(self, port, state_file):
        self.state_file = state_file
        if os.path.exists(state_file):
            self.__dict__.update(json.load(open(state_file)))
            return
        admin = Http(port, ADMIN)
        self.token = admin.json("POST", "/api/v1/tokens", {"name": "fleet-bench"})["token"]
        api = Http(port, self.token)
        suffix = str(int(time.time()))[-6:]
        self.province = api.json("POST", "/api/v1/areas", {"code": "F" + suffix, "name": "Tỉnh Đo " + suffix,
                                                           "kind": "province"})["id"]
        self.communes = [api.json("POST", "/api/v1/areas", {"code": "F%s-%02d" % (suffix, i), "name": "Xã %d" % i,
                                                            "kind": "commune", "parentId": self.province})["id"]
                         for i in range(10)]
        self.users = {}
        for role, name in (("EDITOR", "fe"), ("APPROVER", "fa"), ("OPERATOR", "fo")):
            api.json("POST", "/api/v1/users", {"username": name + suffix, "password": "fleet-bench-password-1234",
                                               "displayName": name, "roles": [role], "areaId": self.province})
            self.users[role] = name + suffix
        started = time.time()
        self.bulletin = self.approved_speech(port, "Cảnh báo bão số 3", WARNING)
        self.bulletin_seconds = time.time() - started
        json.dump(self.__dict__, open(state_file, "w"))

    def as_user(self, port, role):
        return Http(port, (self.users[role], "fleet-bench-password-1234"))

    def operator(self, port):
        """The operator as one who is signed in: with an API token, made once. Signed in with Basic, each request
        checks the password with Argon2 (0.15-0.3 s of CPU), which a click made in a session does not pay."""
        if not getattr(self, "operator_token", None):
            self.operator_token = self.as_user(port, "OPERATOR").json(
                "POST", "/api/v1/tokens", {"name": "fleet-bench-operator"})["token"]
            json.dump(self.__dict__, open(self.state_file, "w"))
        return Http(port, self.operator_token)

    def approved_speech(self, port, title, text):
        """A bulletin made by TTS, submitted and approved: the steps an emergency bulletin takes today."""
        editor = self.as_user(port, "EDITOR")
        b = editor.json("POST", "/api/v1/bulletins", {"title": title, "category": "thoi-su", "body": text,
                                                      "areaId": self.province, "priority": "EMERGENCY"})["id"]
        wait_job(editor, editor.json("POST", "/api/v1/bulletins/%s/tts" % b, {})["id"])
        editor.json("POST", "/api/v1/bulletins/%s/submit" % b, {})
        self.as_user(port, "APPROVER").json("POST", "/api/v1/bulletins/%s/approve" % b, {})
        return b


def emergencies_api(port, world):
    status, _, _ = Http(port, world.token).call("GET", "/api/v1/emergencies")
    return status == 200


def raise_emergency(port, world, bulletin=None, text=None, lead=2):
    """POSTs the emergency as an operator; answers (epoch ms just before the POST, a label of how).
    The emergency API when cms has it; else an EMERGENCY broadcast LEAD s ahead (the API refuses a past instant)."""
    operator = world.operator(port)
    if emergencies_api(port, world):
        body = {"title": "Bão số 3", "areaIds": [world.province]}
        body.update({"bulletinId": bulletin} if bulletin else {"text": text})
        t0 = time.time() * 1000
        raised = operator.json("POST", "/api/v1/emergencies", body)
        raise_emergency.answered_ms = time.time() * 1000 - t0  # the POST's own time, committed when answered
        raise_emergency.last_id = raised.get("id") if isinstance(raised, dict) else None
        return t0, "POST /api/v1/emergencies"
    if bulletin is None:  # without the emergency API a text goes through a bulletin first (timed with it)
        bulletin = world.approved_speech(port, "Cảnh báo mới", text)
    for attempt in range(5):  # a loaded cms may take longer than the lead to answer: at-in-past, try further ahead
        t0 = time.time() * 1000
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(t0 / 1000) + 1 + lead))
        status, _, data = operator.call("POST", "/api/v1/broadcasts", {
            "bulletinIds": [bulletin], "priority": "EMERGENCY", "areaId": world.province,
            "targets": {"areaIds": [world.province], "tags": []}, "schedule": {"type": "ONCE", "at": at}})
        if status in (200, 201):
            return t0, "POST /api/v1/broadcasts EMERGENCY ONCE %d-%d s ahead" % (lead, lead + 1)
        if b"at-in-past" not in data:
            raise SystemExit("POST /api/v1/broadcasts -> %s %s" % (status, data[:500]))
        log("at-in-past with a lead of %d s; trying %d s" % (lead, lead + 2))
        lead += 2
    raise SystemExit("the broadcast's instant was always past")


class Fleet:
    def __init__(self, a, work, cms, world, mode, mqtt_url):
        self.journal = os.path.join(work, "journal-%s-%d.jsonl" % (mode, time.time()))
        self.read_at = 0  # how far new_events() has read the journal
        # FLEET_NICE=19: the simulator gives way to cms on the shared cores, the nearest this machine comes to the
        # fleet on machines of its own (docs/benchmarks.md, "Emergency: time to air")
        nice = ["nice", "-n", os.environ["FLEET_NICE"]] if os.environ.get("FLEET_NICE") else []
        # FLEET_JAVA_OPTS: further options for the simulator's JVM (e.g. to profile it, as CMS_JAVA_OPTS for cms)
        extra = os.environ.get("FLEET_JAVA_OPTS", "").split()
        args = nice + [a.fleet_java, "-Xmx2g"] + extra + ["-jar", a.fleet_jar, "--server", cms.url, "--boxes", str(a.boxes),
                "--mode", mode, "--token", world.token, "--areas", ",".join(world.communes),
                "--credentials", os.path.join(work, "credentials.txt"), "--out", self.journal, "--ramp", "2"]
        if mqtt_url:
            args += ["--mqtt", mqtt_url]
        if cms.api_url != cms.url:
            args += ["--api", cms.api_url]  # devices are created through the public API, not on the edge port
        self.out = open(self.journal + ".log", "w")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.out, text=True)
        self.lines = []

    def wait_ready(self, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("fleet ended; see " + self.out.name)
            self.lines.append(line)
            log("  fleet: " + line.rstrip())
            if line.startswith("READY"):
                return
        raise SystemExit("fleet not ready in %d s" % timeout)

    def new_events(self):
        """The journal's whole lines written since the last call, parsed. Only those: the whole journal parsed every
        half second took 0.3 CPU-seconds a pass at 100,000 lines, a third of a core taken from the wave it measures."""
        with open(self.journal, "rb") as f:
            f.seek(self.read_at)
            data = f.read()
        whole = data.rfind(b"\n") + 1  # a line still being written waits for the next call
        self.read_at += whole
        for line in data[:whole].splitlines():
            yield json.loads(line)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            rest, _ = self.proc.communicate(timeout=60)
            self.lines += rest.splitlines(True)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        return [l for l in self.lines if l.startswith(("summary", "conformance"))]


def measure(fleet, t0, boxes, timeout, since_item_start=False):
    """Per box, its first STARTED of an EMERGENCY item after t0 (and its steps): waits until every box has one."""
    deadline = time.time() + timeout
    started, steps = {}, {"WAKE": {}, "MANIFEST": {}, "RECEIVED": {}, "VERIFIED": {}}
    item_start = {}
    while True:
        for e in fleet.new_events():
            if e["at"] < t0:
                continue
            if e["event"] in steps and e["box"] not in steps[e["event"]]:
                steps[e["event"]][e["box"]] = e["at"] - t0
                if e["event"] == "MANIFEST" and e.get("sent"):
                    steps.setdefault("POLL_sent", {})[e["box"]] = e["sent"] - t0
                if e["event"] == "VERIFIED" and e.get("requested"):
                    # The download's own parts (bench/fleet's EdgeClient): request sent, headers in, first byte.
                    for part in ("requested", "answered", "firstByte"):
                        steps.setdefault("MEDIA_" + part, {})[e["box"]] = e[part] - t0
            if e["event"] == "STARTED" and e.get("priority") == "EMERGENCY" and e["box"] not in started:
                started[e["box"]] = e["at"] - t0
                item_start[e["box"]] = e["at"] - e["start"]
        if len(started) >= boxes or time.time() > deadline:
            return started, steps, item_start
        time.sleep(0.5)


def emergency_media(port, credential, manifest_bytes):
    """The bytes of the emergency's first medium (served by cms to this box), for nginx's download baseline."""
    try:
        manifest = json.loads(manifest_bytes)
        ids = [i["mediaIds"][0] for i in manifest.get("items", [])
               if i.get("priority") == "EMERGENCY" and i.get("mediaIds")]
        if not ids:
            return None
        status, _, data = Http(port).call("GET", "/edge/v1/media/" + ids[-1],
                                          headers={"Authorization": "Bearer " + credential})
        return data if status == 200 else None
    except (OSError, ValueError, KeyError):
        return None


def warm_up(port, world, fleet, a, cms_pid):
    """A drill before the measured wave: a second warning (its own media, so the measured wave still downloads its
    own) raised for the province, aired by every box, stopped, and the boxes' reports of it left to settle."""
    if not emergencies_api(port, world):
        raise SystemExit("--warm-up needs cms's emergency API")
    for n in range(a.drills):
        drill = world.approved_speech(port, "Diễn tập %d" % (n + 1), "Đây là bản tin diễn tập số %d. " % (n + 1) + WARNING)
        jit_before = metric(port, world.token, "jvm.compilation.time")
        jit_cpu_before = compiler_cpu_seconds(cms_pid)
        t0, _ = raise_emergency(port, world, bulletin=drill)
        started, _, _ = measure(fleet, t0, a.boxes, 90)
        jit_after = metric(port, world.token, "jvm.compilation.time")
        log("warm-up: %d of %d boxes aired drill %d, p99 %s s, JIT %s ms (its threads' CPU %.2f s)" % (
            len(started), a.boxes, n + 1, stats(started.values()).split(" / ")[2] if started else "-",
            round(jit_after - jit_before) if jit_before is not None and jit_after is not None else "?",
            compiler_cpu_seconds(cms_pid) - jit_cpu_before))
        world.operator(port).json(
            "POST", "/api/v1/emergencies/%s/stop" % raise_emergency.last_id, {"reason": "diễn tập xong"})
        time.sleep(15)  # the boxes stop, report INTERRUPTED and their play logs, and poll again


def metric(port, token, name, tag=None):
    """An Actuator metric's first measurement, read with the admin's API token (a password would cost an Argon2 check
    in cms, inside the measured seconds when read around a wave); None when not readable."""
    try:
        status, _, data = Http(port, token).call("GET", "/actuator/metrics/" + name + ("?tag=" + tag if tag else ""))
        if status == 200:
            return json.loads(data)["measurements"][0]["value"]
    except (OSError, ValueError, KeyError, IndexError):
        pass
    return None


def cms_counters(port, token):
    """What cms answered from memory (manifests, media) and how many manifests it built ahead, from /actuator."""
    out = {}
    for name, tag in (("openloa.edge.manifest.memory", "answer:200"), ("openloa.edge.manifest.memory", "answer:304"),
                      ("openloa.edge.media.memory", None), ("openloa.edge.manifest.built.ahead", None),
                      ("openloa.edge.manifest.warm.last", None),
                      ("openloa.edge.events.transactions", None),
                      ("openloa.edge.events.memory", None),
                      ("openloa.media.downloads", "how:sendfile"), ("openloa.media.downloads", "how:copied"),
                      ("hikaricp.connections.pending", None),
                      ("hikaricp.connections.timeout", None)):
        value = metric(port, token, name, tag)
        if value is not None:
            out[name + ("[" + tag + "]" if tag else "")] = value
    # The item-event posts that arrive with the downloads and took the ordinary path (openloa.edge.events.memory
    # counts those stored on the hot path, which no observation sees): how many, and how long they took in cms
    # (seconds, total and the longest), since cms started.
    try:
        status, _, data = Http(port, token).call("GET", "/actuator/metrics/http.server.requests?tag=uri:/edge/v1/events")
        if status == 200:
            m = {x["statistic"]: x["value"] for x in json.loads(data)["measurements"]}
            out["events.posts"] = m.get("COUNT")
            out["events.seconds"] = m.get("TOTAL_TIME")
            out["events.max"] = m.get("MAX")
    except (OSError, ValueError, KeyError):
        pass
    return out


def stat_fields(path):
    """The fields of a /proc stat file after the command name (which may hold spaces): [11] and [12] are the user and
    system clock ticks, [13] and [14] those of the children waited for."""
    return open(path).read().rsplit(")", 1)[1].split()


def cpu_seconds(pid):
    """CPU time (user + system, seconds) a process has used so far, from /proc. For PostgreSQL's postmaster, with its
    backends' (those running, and those ended, which the postmaster has waited for)."""
    try:
        fields = stat_fields("/proc/%d/stat" % pid)
        own = int(fields[11]) + int(fields[12])
        if pid in WITH_CHILDREN:
            own += int(fields[13]) + int(fields[14])
            for child in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split():
                own += sum(int(f) for f in stat_fields("/proc/%s/stat" % child)[11:13])
        return own / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


WITH_CHILDREN = set()  # PostgreSQL's postmaster, when there is one


def compiler_cpu_seconds(pid):
    """CPU time (seconds) that a JVM's JIT compiler threads have used so far: jvm.compilation.time is their wall
    time, which grows while they wait for a core, so it cannot say how much of the JVM's CPU they took."""
    total = 0
    try:
        for task in os.listdir("/proc/%d/task" % pid):
            try:
                with open("/proc/%d/task/%s/comm" % (pid, task)) as comm:
                    if not comm.read().startswith(("C1 CompilerThre", "C2 CompilerThre")):
                        continue
                total += sum(int(f) for f in stat_fields("/proc/%d/task/%s/stat" % (pid, task))[11:13])
            except OSError:
                continue  # the thread ended meanwhile
        return total / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return float("nan")


def phases(steps):
    """Per box, the time between consecutive steps of its path (seconds p50 / p95 / p99 / max): which part of the
    path after the wake takes the time, whatever the spread of the wakes before it."""
    order = ["WAKE", "POLL_sent", "MANIFEST", "MEDIA_requested", "MEDIA_answered", "MEDIA_firstByte", "VERIFIED"]
    out = {}
    for a_, b_ in zip(order, order[1:]):
        first, then = steps.get(a_, {}), steps.get(b_, {})
        out["%s → %s" % (a_, b_)] = stats(then[box] - first[box] for box in then if box in first)
    return out


def stats(values):
    v = list(values)
    if not v:
        return "-"
    return "%.2f / %.2f / %.2f / %.2f" % (pct(v, 50) / 1000, pct(v, 95) / 1000, pct(v, 99) / 1000, max(v) / 1000)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", required=True)
    ap.add_argument("--java", default="java")
    ap.add_argument("--fleet-jar", required=True)
    ap.add_argument("--fleet-java", default="java")
    ap.add_argument("--boxes", type=int, default=1000)
    ap.add_argument("--modes", default="mqtt,longpoll,poll")
    ap.add_argument("--fresh", action="store_true", help="also (b): a fresh TTS text, in the MQTT run")
    ap.add_argument("--lead", type=int, default=2)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--fast", action="store_true",
                    help="the boxes poll, download and post through the edge fast listener (openloa.edge.fast-port)")
    ap.add_argument("--postgres", action="store_true",
                    help="cms on PostgreSQL (Debian's, started here as in bench/cluster) instead of the embedded H2,"
                         " as a province's deployment runs it; a fresh database for each mode")
    ap.add_argument("--warm-up", action="store_true",
                    help="before the measured wave, a drill: another approved warning raised for the whole province,"
                         " aired by every box, then stopped; cms and the simulator then meet the measured wave warm"
                         " (compiled), as a cms that has run for a while is, and the boxes still download its media")
    ap.add_argument("--waves", type=int, default=1,
                    help="measured waves after the warm-up, each its own warning (the p99 of each is reported)")
    ap.add_argument("--drills", type=int, default=1,
                    help="with --warm-up, how many drills, one after the other (each its own bulletin, so its own download)")
    ap.add_argument("--jfr", metavar="SETTINGS",
                    help="record cms with Java Flight Recorder (SETTINGS: default, profile or a .jfc file) into the"
                         " work directory (with --keep)")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="openloa-tta-")
    os.chmod(work, 0o755)
    mosquitto = None
    results = []
    fleets = []
    pg = None
    try:
        if a.postgres:
            sys.path.insert(0, os.path.join(HERE, "..", "cluster"))
            from cluster import Postgres  # noqa: E402  the same PostgreSQL as the cluster bench
            pg = Postgres(work)
        mport = free_port()
        with open(os.path.join(work, "mosquitto.conf"), "w") as f:
            f.write("listener %d 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 10000\n"
                    "log_dest none\n" % mport)
        mosquitto = subprocess.Popen(["/usr/sbin/mosquitto", "-c", os.path.join(work, "mosquitto.conf")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        mqtt_url = "tcp://127.0.0.1:%d" % mport
        time.sleep(0.5)
        world = None
        manifest_bytes = None
        media_bytes = None
        for mode in a.modes.split(","):
            database = ()
            if pg:
                pg.sql("drop database if exists openloa")
                pg.sql("create database openloa")
                database = ("--spring.datasource.url=" + pg.url, "--spring.datasource.username=postgres",
                            "--spring.datasource.password=postgres")
            cms = Cms(a, work, mqtt_url if mode == "mqtt" else None, database)
            try:
                world = World(cms.port, os.path.join(work, "world.json"))
                via = "POST /api/v1/emergencies" if emergencies_api(cms.port, world) else "broadcast"
                log("%s: cms up on %s (emergency via %s), starting %d boxes" % (mode, cms.url, via, a.boxes))
                fleet = Fleet(a, work, cms, world, mode, mqtt_url if mode == "mqtt" else None)
                fleets.append(fleet)
                fleet.wait_ready(900)
                time.sleep(5)  # let the start-up polls settle
                if a.warm_up:
                    warm_up(cms.port, world, fleet, a, cms.proc.pid)
                load = os.getloadavg()[0]
                contents = [("a", dict(bulletin=world.bulletin))]
                for n in range(2, a.waves + 1):
                    # Each measured wave its own warning (its own file to download), made before the first wave so
                    # that no TTS or ingest runs beside a wave.
                    contents.append(("a%d" % n, dict(bulletin=world.approved_speech(
                        cms.port, "Cảnh báo %d" % n, "Bản tin cảnh báo số %d. " % n + WARNING))))
                if a.fresh and mode == "mqtt":
                    # A text never spoken before: the same words would give the same audio, already cached.
                    contents.append(("b", dict(text=WARNING + " Tin phát lúc %s." % time.strftime("%H giờ %M phút %S giây"))))
                for i, (label, content) in enumerate(contents):
                    before = time.time()
                    # "bench": this script, which reads the journal on the same cores while the wave runs
                    procs = {"cms": cms.proc.pid, "fleet": fleet.proc.pid, "mosquitto": mosquitto.pid,
                             "bench": os.getpid()}
                    if pg:
                        procs["postgres"] = pg.postmaster()
                        WITH_CHILDREN.add(procs["postgres"])
                    cpu_before = {k: cpu_seconds(v) for k, v in procs.items()}
                    jit_before = metric(cms.port, world.token, "jvm.compilation.time")
                    jit_cpu_before = compiler_cpu_seconds(cms.proc.pid)
                    wall_before = time.time()
                    if os.environ.get("WAVE_HOOK"):
                        # e.g. WAVE_HOOK="perf record -F 999 -g -p {pid} -o /tmp/cms.perf -- sleep 6": a command
                        # started as the measured wave is raised, {pid} being cms's
                        subprocess.Popen(os.environ["WAVE_HOOK"].replace("{pid}", str(cms.proc.pid))
                                         .replace("{fleet}", str(fleet.proc.pid)), shell=True)
                        time.sleep(0.2)
                    t0, how = raise_emergency(cms.port, world, lead=a.lead, **content)
                    prep = (t0 / 1000 - before) if label == "b" and "broadcasts" in how else 0
                    timeout = 150 if mode == "poll" else 90
                    started, steps, lateness = measure(fleet, t0, a.boxes, timeout)
                    # Who had the 2 cores during the wave: CPU seconds of each process from just before the POST
                    # to the last play start read (to within the 0.5-s reading step), and the wall time.
                    wall = time.time() - wall_before
                    cpu = {k: round(cpu_seconds(v) - cpu_before[k], 2) for k, v in procs.items()}
                    cpu["wall"] = round(wall, 2)
                    jit_after = metric(cms.port, world.token, "jvm.compilation.time")
                    if jit_before is not None and jit_after is not None:
                        # wall time of the compilations in the wave (on their own threads, beside the requests)
                        cpu["jitMs"] = round(jit_after - jit_before)
                    # the CPU of cms's compiler threads in the wave: part of cms's figure above
                    cpu["cmsJit"] = round(compiler_cpu_seconds(cms.proc.pid) - jit_cpu_before, 2)
                    r = {"mode": mode, "content": label, "how": how, "boxes": a.boxes, "aired": len(started),
                         "toAir": stats(started.values()), "afterItemStart": stats(lateness.values()),
                         "steps": {k: stats(v.values()) for k, v in steps.items()}, "load1": load,
                         "phases": phases(steps), "cpu": cpu,
                         "bulletinPrepS": round(prep, 1), "warmUp": a.warm_up,
                         "postAnsweredS": round(getattr(raise_emergency, "answered_ms", 0) / 1000, 2)}
                    r["cms"] = cms_counters(cms.port, world.token)
                    results.append(r)
                    log(json.dumps(r, ensure_ascii=False))
                    with open(os.path.join(work, "results.jsonl"), "a") as f:
                        f.write(json.dumps(r, ensure_ascii=False) + "\n")
                    if manifest_bytes is None:
                        creds = open(os.path.join(work, "credentials.txt")).readline().split()
                        manifest_bytes = Http(cms.port).call("GET", "/edge/v1/manifest",
                                                             headers={"Authorization": "Bearer " + creds[1]})[2]
                        media_bytes = emergency_media(cms.port, creds[1], manifest_bytes)
                    time.sleep(3)
                    if i + 1 < len(contents) and contents[i + 1][0].startswith("a"):
                        # as between drills: stopped, and the boxes' reports of it left to settle
                        world.operator(cms.port).json(
                            "POST", "/api/v1/emergencies/%s/stop" % raise_emergency.last_id, {"reason": "đo xong"})
                        time.sleep(12)
                for line in fleet.stop():
                    log("  fleet: " + line.rstrip())
            finally:
                cms.stop()

        # Baselines: mosquitto alone; nginx answering the manifest's bytes.
        base = {}
        out = subprocess.run([a.fleet_java, "-cp", a.fleet_jar, "org.openloa.bench.fleet.Baseline", "mqtt", mqtt_url,
                              str(a.boxes)], capture_output=True, text=True, timeout=600).stdout.strip()
        base["mqtt"] = out
        log(out)
        if manifest_bytes:
            root = os.path.join(work, "www")
            os.makedirs(os.path.join(root, "edge/v1"))
            open(os.path.join(root, "edge/v1/manifest"), "wb").write(manifest_bytes)
            if media_bytes:
                open(os.path.join(root, "edge/v1/media"), "wb").write(media_bytes)
            nport = free_port()
            conf = os.path.join(work, "nginx.conf")
            os.makedirs(os.path.join(work, "tmp"), exist_ok=True)
            open(conf, "w").write("""worker_processes 2; daemon off; pid %(w)s/nginx.pid; error_log %(w)s/nginx-error.log;
events { worker_connections 4096; }
http { access_log off; open_file_cache max=1000; sendfile on; keepalive_requests 1000000; default_type application/json;
  client_body_temp_path %(w)s/tmp; proxy_temp_path %(w)s/tmp; fastcgi_temp_path %(w)s/tmp;
  uwsgi_temp_path %(w)s/tmp; scgi_temp_path %(w)s/tmp;
  server { listen 127.0.0.1:%(p)d; root %(r)s; } }
""" % {"w": work, "p": nport, "r": root})
            nginx = subprocess.Popen(["/usr/sbin/nginx", "-c", conf], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
            try:
                time.sleep(1)
                out = subprocess.run([a.fleet_java, "-cp", a.fleet_jar, "org.openloa.bench.fleet.Baseline", "http",
                                      "http://127.0.0.1:%d/edge/v1/manifest" % nport, str(a.boxes)],
                                     capture_output=True, text=True, timeout=600).stdout.strip()
                base["nginx"] = out + " (%d bytes)" % len(manifest_bytes)
                log(base["nginx"])
                if media_bytes:
                    # The floor of the download phase: the same file to the same boxes at once (the fleet's
                    # clients, each body through SHA-256 as a box verifies it), where cms serves it from memory.
                    out = subprocess.run([a.fleet_java, "-cp", a.fleet_jar, "org.openloa.bench.fleet.Baseline",
                                          "http", "http://127.0.0.1:%d/edge/v1/media" % nport, str(a.boxes)],
                                         capture_output=True, text=True, timeout=600).stdout.strip()
                    base["nginx media"] = out + " (%d bytes)" % len(media_bytes)
                    log(base["nginx media"])
            finally:
                nginx.send_signal(signal.SIGTERM)

        java = subprocess.run([a.java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
        print("\n%d boxes; cms on %s, %s; %s; seconds p50 / p95 / p99 / max\n"
              % (a.boxes, java, "PostgreSQL" if a.postgres else "H2 (embedded defaults)", os.uname().nodename))
        print("| mode | content | raised with | aired | POST → play start | item start → play start | "
              "POST → wake | POST → manifest | POST → media verified | load (1 min) |")
        print("|---|---|---|---:|---|---|---|---|---|---:|")
        for r in results:
            print("| %s | %s | %s | %d / %d | %s | %s | %s | %s | %s | %.1f |" % (
                r["mode"], r["content"], r["how"], r["aired"], r["boxes"], r["toAir"], r["afterItemStart"],
                r["steps"]["WAKE"], r["steps"]["MANIFEST"], r["steps"]["VERIFIED"], r["load1"]))
        print("\nper box, between steps (seconds p50 / p95 / p99 / max):")
        for r in results:
            print("%s/%s: %s" % (r["mode"], r["content"], "; ".join("%s %s" % kv for kv in r["phases"].items())))
        print("\nCPU seconds from the POST to the last play start (wall seconds beside):")
        for r in results:
            print("%s/%s: %s" % (r["mode"], r["content"], ", ".join("%s %s" % kv for kv in r["cpu"].items())))
        if world is not None:
            print("\nwarning bulletin (a): TTS + ingest + submit + approve took %.1f s before the runs"
                  % world.bulletin_seconds)
        for r in results:
            print("%s/%s: the POST answered (committed) after %.2f s" % (r["mode"], r["content"], r["postAnsweredS"]))
            if r["bulletinPrepS"]:
                print("fresh text (b): TTS + ingest + approval before the POST: %.1f s" % r["bulletinPrepS"])
            # The warmer's last burst (this emergency's) per targeted box: what the 3-s hold of the wakes has to cover.
            burst = r["cms"].get("openloa.edge.manifest.warm.last")
            if burst is not None:
                print("%s/%s: warm burst %.2f s, %.1f ms per box; %d manifests built ahead since cms started"
                      % (r["mode"], r["content"], burst, burst * 1000 / a.boxes,
                         r["cms"].get("openloa.edge.manifest.built.ahead", 0)))
        waves = [r for r in results if re.fullmatch(r"a\d*", r["content"])]
        if len(waves) > 1:
            p99s = sorted(float(r["toAir"].split(" / ")[2]) for r in waves)
            print("\nPOST → play start, p99 of each of the %d measured waves: %s (median %.2f, worst %.2f s)"
                  % (len(waves), ", ".join("%.2f" % v for v in p99s), p99s[len(p99s) // 2], p99s[-1]))
        print("\nbaselines (ms, from the first publish / the common start):")
        for k, v in base.items():
            print("- %s: %s" % (k, v))
    finally:
        for fleet in fleets:
            if fleet.proc.poll() is None:
                fleet.proc.kill()
        if mosquitto:
            mosquitto.send_signal(signal.SIGTERM)
        if pg:
            pg.stop()
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log("kept " + work)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Two cms nodes, one of them killed (docs/benchmarks.md, "Cluster: a node killed under load"; docs/deployment.md).

Starts on this machine, each on a free port, everything under one work folder:
  PostgreSQL   Debian's (initdb + pg_ctl, as this user), synchronous_commit=on as production asks
  S3           S3Proxy (filesystem-nio2 blob store), the real S3 protocol; cms presigns media URLs on it
  mosquitto    Debian's, the boxes' wake-ups
  cms x 2      the same jar, the same settings, its own port and scratch folder
  nginx        Debian's, in front: round robin without stickiness for /edge/v1 and /api/v1, ip_hash for the UI
Then bench/fleet drives N boxes through nginx (MQTT wake + polls with ETag, downloads, play logs, heartbeats),
an editor makes a broadcast every EDIT seconds through node 2 (the survivor), node 1 is killed (SIGKILL) at
--kill-at seconds and started again --down seconds later; the fleet runs on until --duration, drains its outbox,
and the figures are read from the fleet's journal, nginx's access log and the database:

  failed requests as the boxes saw them (POLL_FAILED, SEND_FAILED in the journal; 5xx in nginx's log)
  play logs lost / doubled: the plays the boxes ended or skipped against play_log rows
  Quartz jobs lost / run twice: broadcasts whose end is due without a broadcast-end run; fire times run twice
  manifest staleness: from each editor's commit to each box's first sight of the new item (RECEIVED / LATE)
  whole again: from the restart to the node healthy, and to nginx's first request answered by it
"""
import argparse, json, os, shutil, signal, socket, subprocess, sys, threading, time, urllib.request
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "edge-cms"))
from manifest_bench import ADMIN, Http, free_port, tone_wav, multipart  # noqa: E402  the same API helpers

VN = timezone(timedelta(hours=7))


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)


def wait_port(port, timeout, what, proc=None):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit("%s exited (%s)" % (what, proc.returncode))
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit("%s not listening on %d within %ds" % (what, port, timeout))


def find(tool, *dirs):
    for d in list(dirs) + os.environ.get("PATH", "").split(":") + ["/usr/sbin"]:
        p = os.path.join(d, tool)
        if os.access(p, os.X_OK):
            return p
    raise SystemExit("needs %s (apt-get install -y postgresql nginx mosquitto)" % tool)


class Postgres:
    def __init__(self, work):
        pg_bin = sorted([os.path.join("/usr/lib/postgresql", v, "bin") for v in os.listdir("/usr/lib/postgresql")])
        self.bin = lambda t: find(t, *pg_bin[-1:])
        self.dir, self.port = os.path.join(work, "pg"), free_port()
        # PostgreSQL refuses to run as root: then it runs as Debian's postgres user, in a folder of its own.
        self.as_user = []
        pg_log = os.path.join(work, "pg.log")
        if os.geteuid() == 0:
            import pwd, tempfile
            self.dir = tempfile.mkdtemp(prefix="openloa-cluster-pg-", dir="/var/tmp")
            uid = pwd.getpwnam("postgres").pw_uid
            os.chown(self.dir, uid, -1)
            pg_log = os.path.join(self.dir, "pg.log")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        subprocess.run(self.as_user + [self.bin("initdb"), "-D", os.path.join(self.dir, "data"), "-U", "postgres",
                                       "--auth=trust", "-E", "UTF8"], check=True, stdout=subprocess.DEVNULL)
        opts = ("-p %d -k %s -c listen_addresses=127.0.0.1 -c max_connections=200 -c synchronous_commit=on"
                " -c fsync=on -c shared_buffers=256MB" % (self.port, self.dir))
        subprocess.run(self.as_user + [self.bin("pg_ctl"), "-D", os.path.join(self.dir, "data"), "-o", opts, "-l",
                                       pg_log, "-w", "start"], check=True, stdout=subprocess.DEVNULL)
        self.sql("create database openloa")
        self.url = "jdbc:postgresql://127.0.0.1:%d/openloa" % self.port

    def sql(self, query, db="postgres"):
        out = subprocess.run([self.bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", db,
                              "-At", "-F", "\t", "-c", query], check=True, capture_output=True, text=True).stdout
        return [line.split("\t") for line in out.splitlines() if line]

    def postmaster(self):
        """The server's process id (its backends are its children)."""
        with open(os.path.join(self.dir, "data", "postmaster.pid")) as f:
            return int(f.readline())

    def stop(self):
        subprocess.run(self.as_user + [self.bin("pg_ctl"), "-D", os.path.join(self.dir, "data"), "-m", "fast", "stop"],
                       stdout=subprocess.DEVNULL)


class S3:
    def __init__(self, work, classpath, java):
        self.port = free_port()
        blobs = os.path.join(work, "s3")
        os.makedirs(blobs, exist_ok=True)
        props = os.path.join(work, "s3proxy.properties")
        with open(props, "w") as f:
            f.write("s3proxy.endpoint=http://127.0.0.1:%d\ns3proxy.authorization=aws-v2-or-v4\n"
                    "s3proxy.identity=openloa\ns3proxy.credential=openloa-secret-key\n"
                    "jclouds.provider=filesystem-nio2\njclouds.filesystem.basedir=%s\n" % (self.port, blobs))
        self.proc = subprocess.Popen([java, "-Xmx256m", "-cp", classpath, "org.gaul.s3proxy.Main", "--properties",
                                      props], stdout=open(os.path.join(work, "s3proxy.log"), "w"),
                                     stderr=subprocess.STDOUT)
        wait_port(self.port, 60, "S3Proxy", self.proc)

    def args(self):
        return ["--openloa.media.store=s3", "--openloa.media.s3.endpoint=http://127.0.0.1:%d" % self.port,
                "--openloa.media.s3.access-key=openloa", "--openloa.media.s3.secret-key=openloa-secret-key",
                "--openloa.media.s3.bucket=openloa"]


class Mosquitto:
    def __init__(self, work):
        self.port = free_port()
        conf = os.path.join(work, "mosquitto.conf")
        with open(conf, "w") as f:
            f.write("listener %d 127.0.0.1\nallow_anonymous true\nmax_queued_messages 10000\n" % self.port)
        self.proc = subprocess.Popen([find("mosquitto"), "-c", conf], stdout=open(os.path.join(work, "mosquitto.log"),
                                     "w"), stderr=subprocess.STDOUT)
        wait_port(self.port, 20, "mosquitto", self.proc)
        self.url = "tcp://127.0.0.1:%d" % self.port


class Node:
    def __init__(self, number, a, work, shared):
        self.number, self.port, self.a, self.work, self.shared = number, free_port(), a, work, shared
        self.proc = None

    def start(self):
        args = [self.a.java, "-Xms%s" % self.a.heap, "-Xmx%s" % self.a.heap, "-jar", self.a.jar,
                "--server.port=%d" % self.port,
                "--openloa.data-dir=" + os.path.join(self.work, "node%d-data" % self.number),
                "--openloa.admin.username=" + ADMIN[0], "--openloa.admin.password=" + ADMIN[1],
                "--spring.quartz.properties.org.quartz.scheduler.instanceId=node%d-%d" % (self.number, time.time()),
                "--logging.level.root=WARN", "--spring.main.banner-mode=off"] + self.shared
        self.started_at = time.time()
        self.proc = subprocess.Popen(args, stdout=open(os.path.join(self.work, "node%d.log" % self.number), "a"),
                                     stderr=subprocess.STDOUT)
        return self

    def wait_healthy(self, timeout=600):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit("node %d exited; see node%d.log" % (self.number, self.number))
            try:
                if Http(self.port).call("GET", "/actuator/health")[0] == 200:
                    self.healthy_at = time.time()
                    return self
            except OSError:
                pass
            time.sleep(0.5)
        raise SystemExit("node %d not healthy in %ds" % (self.number, timeout))

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()


NGINX = """worker_processes 2;
daemon off;
pid %(dir)s/nginx.pid;
events { worker_connections 16384; }
worker_rlimit_nofile 40000;
http {
    log_format upstream '$msec $request_method $uri $status $upstream_addr $upstream_status';
    access_log %(dir)s/access.log upstream buffer=64k flush=1s;
    client_body_temp_path %(dir)s/temp/body;
    proxy_temp_path %(dir)s/temp/proxy;
    fastcgi_temp_path %(dir)s/temp/fastcgi;
    uwsgi_temp_path %(dir)s/temp/uwsgi;
    scgi_temp_path %(dir)s/temp/scgi;
    client_max_body_size 200m;

    # The edge protocol and the API keep nothing in a node: any node answers any request.
    upstream cms {
%(servers)s
        keepalive 64;
    }
    # The UI's session lives in the node that logged the editor in: the same client goes to the same node.
    upstream cms_ui {
        ip_hash;
%(servers)s
        keepalive 16;
    }
    server {
        listen 127.0.0.1:%(port)d backlog=4096;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_connect_timeout 2s;
        proxy_next_upstream error timeout http_502 http_503;
        proxy_next_upstream_tries 2;
        location /edge/v1/ {
            proxy_pass http://cms;
            proxy_read_timeout 120s;   # longer than the longest long poll (Prefer: wait=55 plus the bucket)
            proxy_buffering off;
        }
        location /api/v1/ { proxy_pass http://cms; proxy_read_timeout 300s; }
        location / { proxy_pass http://cms_ui; proxy_read_timeout 300s; }
    }
}
"""


class Nginx:
    def __init__(self, work, nodes):
        self.dir, self.port = os.path.join(work, "nginx"), free_port()
        os.makedirs(os.path.join(self.dir, "temp"), exist_ok=True)
        servers = "\n".join("        server 127.0.0.1:%d max_fails=1 fail_timeout=5s;" % n.port for n in nodes)
        with open(os.path.join(self.dir, "nginx.conf"), "w") as f:
            f.write(NGINX % {"dir": self.dir, "servers": servers, "port": self.port})
        self.proc = subprocess.Popen([find("nginx"), "-p", self.dir, "-c", os.path.join(self.dir, "nginx.conf"), "-e",
                                      os.path.join(self.dir, "error.log")],
                                     stdout=open(os.path.join(self.dir, "nginx.out"), "w"), stderr=subprocess.STDOUT)
        wait_port(self.port, 20, "nginx", self.proc)
        self.url = "http://127.0.0.1:%d" % self.port

    def lines(self):
        with open(os.path.join(self.dir, "access.log")) as f:
            for line in f:
                p = line.split(" ", 5)
                if len(p) >= 5:
                    yield float(p[0]), p[1], p[2], p[3], p[4]

    def stop(self):
        self.proc.terminate()
        self.proc.wait(20)


def world(port, communes):
    admin = Http(port, ADMIN)
    token = admin.json("POST", "/api/v1/tokens", {"name": "cluster-bench"})["token"]
    api = Http(port, token)
    s = "%x" % int(time.time())
    province = api.json("POST", "/api/v1/areas", {"code": "CL" + s, "name": "Tỉnh Cụm " + s, "kind": "province"})["id"]
    ids = [api.json("POST", "/api/v1/areas", {"code": "CL%s-%d" % (s, i), "name": "Xã %d" % i, "kind": "commune",
                                             "parentId": province})["id"] for i in range(communes)]
    # One user per role, as the roles are kept apart: the editor writes, the approver approves, the operator schedules.
    users = {}
    for role, name in (("EDITOR", "bt"), ("APPROVER", "pd"), ("OPERATOR", "vh")):
        api.json("POST", "/api/v1/users", {"username": name + s, "password": "a-long-bench-password",
                                           "displayName": name, "roles": [role], "areaId": province})
        users[role] = Http(port, (name + s, "a-long-bench-password"))
    editor = users["EDITOR"]
    bulletin = editor.json("POST", "/api/v1/bulletins", {"title": "Bản tin cụm", "category": "thong-bao-ubnd",
                                                         "body": "Bản tin cụm", "areaId": province,
                                                         "priority": "NORMAL"})["id"]
    body, ctype = multipart("file", "tin.wav", tone_wav(8.0), "audio/wav")
    status, _, data = editor.call("POST", "/api/v1/bulletins/%s/audio" % bulletin, body, content_type=ctype)
    job = json.loads(data)["id"]
    while editor.json("GET", "/api/v1/jobs/" + job)["state"] not in ("SUCCEEDED", "FAILED"):
        time.sleep(1)
    editor.json("POST", "/api/v1/bulletins/%s/submit" % bulletin, {})
    users["APPROVER"].json("POST", "/api/v1/bulletins/%s/approve" % bulletin, {})
    # A province operator's NORMAL broadcast to a commune waits for the commune's acceptance (NOT_ACCEPTED in the
    # plan), and a commune's operator cannot see a province's bulletin; under Circular 39 a PRIORITY broadcast goes
    # into the commune's plan at once, so the editor schedules PRIORITY broadcasts as the province's operator.
    return token, province, ids, bulletin, users["OPERATOR"].auth


class Editor(threading.Thread):
    """A broadcast every `every` seconds through node 2, `lead` seconds ahead, to one commune (round robin)."""

    def __init__(self, port, login, communes, bulletin, every, lead):
        super().__init__(daemon=True)
        self.api = Http(port, login)
        self.communes, self.bulletin, self.every, self.lead = communes, bulletin, every, lead
        self.made, self.failed, self.stopping = [], 0, False

    def run(self):
        i = 0
        while not self.stopping:
            at = (datetime.now(VN) + timedelta(seconds=self.lead)).replace(microsecond=0)
            commune = self.communes[i % len(self.communes)]
            body = {"bulletinIds": [self.bulletin], "targets": {"areaIds": [commune], "tags": []},
                    "schedule": {"type": "ONCE", "at": at.isoformat()}, "priority": "PRIORITY", "maxDelay": "PT30S"}
            try:
                status, _, data = self.api.call("POST", "/api/v1/broadcasts", body)
                if status == 201:
                    self.made.append((time.time(), json.loads(data)["id"], commune, at.timestamp()))
                else:
                    self.failed += 1
                    log("editor: %s %s" % (status, data[:200]))
            except OSError as e:
                self.failed += 1
                log("editor:", e)
            i += 1
            time.sleep(self.every)


def pct(values, p):
    s = sorted(values)
    return s[max(0, min(len(s) - 1, int(-(-p * len(s) // 100)) - 1))] if s else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", required=True)
    ap.add_argument("--java", default="java")
    ap.add_argument("--heap", default="1g")
    ap.add_argument("--classpath", required=True, help="a classpath holding S3Proxy (cms's test classpath)")
    ap.add_argument("--fleet-jar", required=True)
    ap.add_argument("--fleet-java", default="java")
    ap.add_argument("--boxes", type=int, default=5000)
    ap.add_argument("--communes", type=int, default=50)
    ap.add_argument("--kill-at", type=int, default=120, help="seconds after the fleet is ready")
    ap.add_argument("--down", type=int, default=120)
    ap.add_argument("--after", type=int, default=240, help="seconds the fleet runs on after the restart")
    ap.add_argument("--edit-every", type=int, default=15)
    ap.add_argument("--work", default=None)
    a = ap.parse_args()
    # absolute: nginx resolves relative paths against its prefix, PostgreSQL against its data folder
    work = os.path.abspath(a.work or os.path.join("target", "cluster-bench-%d" % time.time()))
    os.makedirs(work, exist_ok=True)
    log("work folder", work)
    parts, nodes = [], []
    try:
        pg = Postgres(work); parts.append(pg)
        s3 = S3(work, a.classpath, a.java); parts.append(s3)
        mq = Mosquitto(work); parts.append(mq)
        shared = ["--spring.datasource.url=" + pg.url, "--spring.datasource.username=postgres",
                  "--spring.datasource.password=postgres", "--openloa.mqtt.url=" + mq.url,
                  "--spring.datasource.hikari.maximum-pool-size=30"] + s3.args()
        one, two = Node(1, a, work, shared), Node(2, a, work, shared)
        nodes += [one, two]
        t = time.time(); one.start().wait_healthy(); log("node 1 healthy in %.0fs (migrations)" % (time.time() - t))
        t = time.time(); two.start().wait_healthy(); log("node 2 healthy in %.0fs" % (time.time() - t))
        ng = Nginx(work, nodes); parts.append(ng)
        token, province, communes, bulletin, login = world(ng.port, a.communes)
        log("world made through nginx: %d communes" % len(communes))

        journal = os.path.join(work, "journal.jsonl")
        total = a.kill_at + a.down + a.after
        fleet = subprocess.Popen([a.fleet_java, "-Xmx3g", "-jar", a.fleet_jar, "--server", ng.url, "--boxes",
                                  str(a.boxes), "--mode", "mqtt", "--mqtt", mq.url, "--token", token, "--areas",
                                  ",".join(communes), "--duration", "100000", "--out", journal,
                                  "--credentials", os.path.join(work, "credentials.txt")],
                                 stdout=subprocess.PIPE, stderr=open(os.path.join(work, "fleet.err"), "w"), text=True)
        ready_at, fleet_out = None, []

        def read_fleet():
            nonlocal ready_at
            for line in fleet.stdout:
                fleet_out.append(line)
                if line.startswith("READY") and ready_at is None:
                    ready_at = time.time()
                if line.startswith(("READY", "enrolled", "summary")) or len(fleet_out) % 12 == 0:
                    log("fleet:", line.strip()[:300])
        threading.Thread(target=read_fleet, daemon=True).start()
        while ready_at is None:
            if fleet.poll() is not None:
                raise SystemExit("fleet exited before ready")
            time.sleep(1)
        log("fleet ready: %d boxes" % a.boxes)
        editor = Editor(two.port, login, communes, bulletin, a.edit_every, 45)
        editor.start()

        time.sleep(a.kill_at)
        load_at_kill = os.getloadavg()
        one.kill(); killed_at = time.time(); log("node 1 killed (SIGKILL)")
        time.sleep(a.down)
        restarted_at = time.time(); one.start().wait_healthy()
        log("node 1 healthy again %.0fs after its start" % (one.healthy_at - restarted_at))
        time.sleep(a.after)
        editor.stopping = True
        fleet.send_signal(signal.SIGTERM)  # the fleet drains its outbox and prints its summary
        try:
            fleet.wait(180)
        except subprocess.TimeoutExpired:  # the figures come from the journal and the database: count them anyway
            log("fleet did not stop within 180 s: killed")
            fleet.kill()
        time.sleep(2)
        summaries = [l for l in fleet_out if l.startswith("summary ")]
        summary = json.loads(summaries[-1][len("summary "):]) if summaries else None

        # ---------------------------------------------------------------- figures
        events = {}
        first_seen = {}
        failed_times = []
        with open(journal) as f:
            for line in f:
                e = json.loads(line)
                events[e["event"]] = events.get(e["event"], 0) + 1
                if e["event"] in ("RECEIVED", "LATE") and "item" in e:
                    key = (e["device"], e["item"])
                    first_seen.setdefault(key, e["at"] / 1000.0)
                if e["event"] in ("POLL_FAILED", "SEND_FAILED"):
                    failed_times.append(e["at"] / 1000.0)
        plays_ended = events.get("ENDED", 0) + events.get("SKIPPED", 0) + events.get("LATE", 0)
        rows = int(pg.sql("select count(*) from play_log", "openloa")[0][0])
        doubled = int(pg.sql("select count(*) - count(distinct (device_id, item_id)) from play_log", "openloa")[0][0])
        job_twice = int(pg.sql("select count(*) from (select trigger_name, scheduled_at from job_run group by"
                               " trigger_name, scheduled_at having count(*) > 1) d", "openloa")[0][0])
        ended_without_run = pg.sql(
            "select count(*) from broadcast b where b.ends_at < now() - interval '20 seconds' and not exists (select 1"
            " from job_run j where j.trigger_name = 'broadcast-end-' || b.id)", "openloa")[0][0]
        not_ended = pg.sql("select count(*) from broadcast where ends_at < now() - interval '20 seconds' and state <>"
                           " 'ENDED'", "openloa")[0][0]
        # staleness: commit of each editor's change to each reached box's first sight of its item
        reached = {}
        for device, area in pg.sql("select id, area_id from device", "openloa"):
            reached.setdefault(area, []).append(device)
        lags_during, lags_other, missing = [], [], 0
        item_of = {}
        for device, item in first_seen:
            item_of.setdefault(item.split("@")[0].split(":")[0], item)
        for committed, bid, commune, start in editor.made:
            during = killed_at <= committed <= one.healthy_at
            for device in reached.get(commune, []):
                seen = [t for (d, item), t in first_seen.items() if d == device and bid in item]
                if not seen:
                    if start < time.time() - 60:
                        missing += 1
                    continue
                (lags_during if during else lags_other).append(min(seen) - committed)
        http = {"during": [0, 0], "other": [0, 0]}
        after_restart_first = None
        for t, method, uri, status, upstream in ng.lines():
            if not uri.startswith("/edge/v1"):
                continue
            k = "during" if killed_at <= t <= one.healthy_at + 5 else "other"
            http[k][0] += 1
            http[k][1] += status.startswith("5")
            if t >= restarted_at and after_restart_first is None and ("127.0.0.1:%d " % one.port) in upstream + " ":
                after_restart_first = t
        load = os.getloadavg()
        result = {
            "boxes": a.boxes, "communes": len(communes), "kill_at_s": a.kill_at, "down_s": a.down,
            "load_average_at_kill": load_at_kill, "load_average_end": load,
            "boxes_saw_failed": {"POLL_FAILED": events.get("POLL_FAILED", 0), "SEND_FAILED": events.get("SEND_FAILED", 0)},
            "nginx_edge_requests": {"while_down": http["during"][0], "5xx_while_down": http["during"][1],
                                    "otherwise": http["other"][0], "5xx_otherwise": http["other"][1]},
            "plays_on_boxes": plays_ended, "play_log_rows": rows, "play_logs_lost": max(0, plays_ended - rows),
            "play_logs_doubled": doubled, "play_logs_extra": max(0, rows - plays_ended),
            "editor_changes": len(editor.made), "editor_failures": editor.failed,
            "quartz_fire_times_run_twice": job_twice, "broadcast_ends_without_run": int(ended_without_run),
            "broadcasts_past_end_not_ENDED": int(not_ended),
            "change_to_box_s_while_node_down": {"n": len(lags_during), "p50": pct(lags_during, 50),
                                                "p99": pct(lags_during, 99), "max": max(lags_during, default=None)},
            "change_to_box_s_otherwise": {"n": len(lags_other), "p50": pct(lags_other, 50),
                                          "p99": pct(lags_other, 99), "max": max(lags_other, default=None)},
            "changes_never_seen_by_a_reached_box": missing,
            "restart_to_healthy_s": round(one.healthy_at - restarted_at, 1),
            "restart_to_first_edge_request_on_it_s": None if after_restart_first is None else round(
                after_restart_first - restarted_at, 1),
            "fleet_summary": summary,
        }
        print(json.dumps(result, indent=2))
        with open(os.path.join(work, "result.json"), "w") as f:
            json.dump(result, f, indent=2)
    finally:
        for n in nodes:
            n.stop()
        for p in reversed(parts):
            try:
                p.stop() if hasattr(p, "stop") else p.proc.terminate()
            except Exception as e:  # noqa: BLE001  tear down the rest anyway
                log("stopping", p, e)


if __name__ == "__main__":
    main()

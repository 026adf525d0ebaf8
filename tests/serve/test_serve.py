#!/usr/bin/env python3
"""End-to-end tests of `tfdrift serve` and alert delivery (python3 standard library only).

Every test starts the built tfdrift binary on 127.0.0.1 (port 0: it logs the port it got),
talks to it over loopback, and asserts exact responses, alerts, metrics and open drifts.
Receivers for webhook and Slack posts are local http.server instances on 127.0.0.1. Every
wait is bounded in time. Usage: test_serve.py --binary B --source-dir S CASE
"""

import argparse
import copy
import http.client
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

ARGS = None
FAILURES = []


def data(rel):
    return os.path.join(ARGS.source_dir, "tests", "data", rel)


def load_json(rel):
    with open(data(rel), encoding="utf-8") as f:
        return json.load(f)


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def check_eq(actual, expected, what):
    if actual != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")


# Every wait is for something that will happen: a generous bound costs nothing when it does. The
# sanitizer build on a busy 2-core machine starts and answers several times slower than the
# optimized one (serve.crash once waited 10 s for the listening line and failed in CI), so each
# bound is scaled (TFDRIFT_TEST_TIME_SCALE, default 4).
TIME_SCALE = float(os.environ.get("TFDRIFT_TEST_TIME_SCALE", "4"))


def wait_for(pred, timeout, what, interval=0.05):
    """Polls pred() until it returns something truthy; fails after `timeout` seconds (scaled by
    TIME_SCALE)."""
    timeout *= TIME_SCALE
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


# ---------------------------------------------------------------------------------------
# HTTP client
# ---------------------------------------------------------------------------------------


def request(method, url, body=None, headers=None, timeout=10):
    """Returns (status, headers, body bytes); 4xx and 5xx are returned, not raised."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def post_json(url, body, timeout=10):
    status, _, raw = request("POST", url, body, {"Content-Type": "application/json"}, timeout)
    return status, json.loads(raw) if raw else None


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------------------
# The server under test
# ---------------------------------------------------------------------------------------


class Serve:
    """A running `tfdrift serve`: stderr lines collected, stdout lines collected."""

    def __init__(self, states, extra=(), tmp=None, env=None):
        self.tmp = tmp
        cmd = [ARGS.binary, "serve", "--listen", "127.0.0.1:0"]
        for s in states:
            cmd += ["--state", s]
        cmd += list(extra)
        full_env = {k: v for k, v in os.environ.items() if k != "TFDRIFT_TOKEN"}
        full_env.update(env or {})
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full_env)
        self.err_lines, self.out_lines = [], []
        self.lock = threading.Lock()
        self.readers = [
            threading.Thread(target=self._read, args=(self.proc.stderr, self.err_lines), daemon=True),
            threading.Thread(target=self._read, args=(self.proc.stdout, self.out_lines), daemon=True),
        ]
        for t in self.readers:
            t.start()
        line = wait_for(lambda: self.find_err("listening on http://"), 10, "the listening line")
        self.port = int(re.search(r"127\.0\.0\.1:(\d+)", line).group(1))
        self.base = f"http://127.0.0.1:{self.port}"

    def _read(self, stream, sink):
        for raw in iter(stream.readline, b""):
            with self.lock:
                sink.append(raw.decode("utf-8", "replace").rstrip("\n"))

    def find_err(self, text, count=1):
        with self.lock:
            hits = [l for l in self.err_lines if text in l]
        return hits[count - 1] if len(hits) >= count else None

    def stdout_lines(self):
        with self.lock:
            return list(self.out_lines)

    def stdout_lines_at_least(self, n, what):
        """The stdout lines once at least n have been read: the server writes and flushes a Falco
        line before it answers, but the reader thread here may not have taken it from the pipe yet."""
        return wait_for(lambda: (lambda l: l if len(l) >= n else None)(self.stdout_lines()), 5, what)

    def stderr_text(self):
        with self.lock:
            return "\n".join(self.err_lines)

    def url(self, path):
        return self.base + path

    def metrics(self):
        status, headers, raw = request("GET", self.url("/metrics"))
        check_eq(status, 200, "GET /metrics status")
        check(headers.get("Content-Type", "").startswith("text/plain; version=0.0.4"), "metrics content type")
        return parse_metrics(raw.decode("utf-8"))

    def stop(self, sig=signal.SIGTERM, timeout=20):
        """Sends sig; returns the exit status (fails when the process does not end in time)."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
            raise AssertionError(f"tfdrift serve did not stop within {timeout} s after {sig!r}")
        for t in self.readers:
            t.join(timeout=5)
        return rc

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


def parse_metrics(text):
    """Returns {'name{labels}': value} for every sample, and checks HELP/TYPE come first."""
    samples, typed = {}, set()
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            typed.add(line.split()[2])
            continue
        if not line or line.startswith("#"):
            continue
        key, value = line.rsplit(" ", 1)
        name = key.split("{", 1)[0]
        base = re.sub(r"_(bucket|sum|count)$", "", name)
        check(name in typed or base in typed, f"metric {name} has a # TYPE line before it")
        samples[key] = float(value)
    return samples


# ---------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------

FALCO_ALERT = "falco/update_service.json"
UPDATE_SERVICE = "cloudtrail/update_service_desired_count.json"


def record(rel, event_id=None, **changes):
    r = load_json(rel)
    if event_id:
        r["eventID"] = event_id
    for k, v in changes.items():
        r[k] = v
    return r


def falco_alert(event_id=None, desired=None):
    a = load_json(FALCO_ALERT)
    if event_id:
        a["output_fields"]["ct.id"] = event_id
    if desired is not None:
        req = json.loads(a["output_fields"]["ct.request"])
        req["desiredCount"] = desired
        a["output_fields"]["ct.request"] = json.dumps(req)
    return a


def write_state(path, transform=None):
    """Writes tests/data/state/ecs.tfstate, changed by transform(state), atomically."""
    state = load_json("state/ecs.tfstate")
    if transform:
        transform(state)
    tmp = path + ".new"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(state, f, indent=2)
    os.replace(tmp, path)


def without_service_main(state):
    state["resources"] = [r for r in state["resources"]
                          if not (r["type"] == "aws_ecs_service" and r["name"] == "main" and "module" not in r)]


def service_main_desired(count):
    def t(state):
        for r in state["resources"]:
            if r["type"] == "aws_ecs_service" and r["name"] == "main" and "module" not in r:
                r["instances"][0]["attributes"]["desired_count"] = count
    return t


def detect(args, stdin=None):
    p = subprocess.run([ARGS.binary, "detect", "--no-summary"] + args, input=stdin,
                       capture_output=True, timeout=60)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


# ---------------------------------------------------------------------------------------
# Local receivers for webhook and Slack posts
# ---------------------------------------------------------------------------------------


class Receiver:
    """An http.server on 127.0.0.1 that answers POSTs with the statuses given in order
    (the last one repeats) and keeps every body it got."""

    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)
        self.bodies, self.paths, self.answers = [], [], []
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(n)
                with outer.lock:
                    i = len(outer.bodies)
                    status = outer.statuses[min(i, len(outer.statuses) - 1)]
                    outer.bodies.append(body)
                    outer.paths.append(self.path)
                    outer.answers.append(status)
                    outer.content_types = self.headers.get("Content-Type")
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def url(self, path="/hook"):
        return f"http://127.0.0.1:{self.port}{path}"

    def got(self):
        with self.lock:
            return list(zip(self.answers, self.bodies))

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Silent:
    """A receiver that accepts connections and reads requests but never answers."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.conns = []
        self.stopping = False
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        deadline = time.monotonic() + 120
        while not self.stopping and time.monotonic() < deadline:
            try:
                c, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            with self.lock:
                self.conns.append(c)

    def connections(self):
        with self.lock:
            return len(self.conns)

    def url(self):
        return f"http://127.0.0.1:{self.port}/hook"

    def close(self):
        self.stopping = True
        self.thread.join(timeout=5)
        with self.lock:
            for c in self.conns:
                c.close()
        self.sock.close()


# ---------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------


def case_ingest(tmp):
    """Falco alerts and records in; responses, Falco lines, metrics, drifts; 400 and 413."""
    state = os.path.join(tmp, "ecs.tfstate")
    write_state(state)
    ledger = os.path.join(tmp, "ledger.json")
    srv = Serve([state], ["--falco-output", "--max-body", "65536", "--ledger", ledger])
    try:
        # A Falco alert (http_output's body).
        with open(data(FALCO_ALERT), "rb") as f:
            falco_body = f.read()
        status, j = post_json(srv.url("/falco"), falco_body)
        check_eq(status, 202, "POST /falco status")
        check_eq(j, {"records": 1, "alerts": 1, "malformed": 0}, "POST /falco body")
        line = wait_for(lambda: srv.stdout_lines(), 5, "a Falco line on stdout")[0]
        f = json.loads(line)
        check_eq(sorted(f), ["hostname", "output", "output_fields", "priority", "rule", "source", "tags", "time"],
                 "Falco line keys")
        check_eq(f["source"], "tfdrift", "source")
        check_eq(f["priority"], "Warning", "priority")
        check_eq(f["rule"], "ECS Service Configuration", "rule")
        check_eq(f["time"], "2025-03-11T13:04:12.000000000Z", "time")
        check_eq(f["hostname"], socket.gethostname(), "hostname")
        check_eq(f["tags"], ["drift", "ecs", "terraform", "high"], "tags")
        of = f["output_fields"]
        check_eq(of["tfdrift.address"], "aws_ecs_service.main", "tfdrift.address")
        check_eq(of["tfdrift.changes"], "desired_count 3 -> 5", "tfdrift.changes")
        check_eq(of["tfdrift.kind"], "update", "tfdrift.kind")
        check_eq(of["tfdrift.severity"], "high", "tfdrift.severity")
        check_eq(of["ct.id"], "68679295-0223-4b5d-aecb-656d77977de2", "ct.id")
        check_eq(of["ct.user"], "ops-admin", "ct.user")
        check_eq(f["output"], "2025-03-11T13:04:12.000000000Z: Warning Terraform drift: aws_ecs_service.main update "
                 "(event=UpdateService changes=desired_count 3 -> 5 user=ops-admin identitytype=IAMUser "
                 "region=us-east-1 account=123456789012 severity=high id=68679295-0223-4b5d-aecb-656d77977de2)",
                 "output")
        alert = json.loads(of["tfdrift.alert"])
        check_eq(alert["schema"], "tfdrift.alert.v1", "embedded alert schema")
        check_eq(alert["changes"], [{"attribute": "desired_count", "path": "desired_count", "old": 3, "new": 5,
                                     "severity": "high"}], "embedded alert changes")
        check_eq(alert["place"], {"source": "POST /falco", "line": 0, "record": 1}, "embedded alert place")
        # The same alert as `tfdrift detect` writes it for the same Falco alert, but for the place.
        rc, out, err = detect(["--state", state, "--format", "ndjson", data(FALCO_ALERT)])
        check_eq(rc, 1, "detect exit status")
        expected = json.loads(out)
        expected["place"] = alert["place"]
        check_eq(alert, expected, "the alert through serve equals detect's")

        # The same eventID again is a duplicate: read, no alert.
        status, j = post_json(srv.url("/falco"), falco_body)
        check_eq((status, j), (202, {"records": 1, "alerts": 0, "malformed": 0}), "duplicate Falco alert")

        # A {"Records":[...]} document with two records, one of them not ECS.
        doc = {"Records": [record("cloudtrail/update_cluster_settings.json"), record("cloudtrail/s3_object.json")]}
        doc["Records"][1]["eventSource"] = "s3.amazonaws.com"
        status, j = post_json(srv.url("/cloudtrail"), json.dumps(doc))
        check_eq((status, j), (202, {"records": 2, "alerts": 1, "malformed": 0}), "Records document")

        # NDJSON: a good record and a broken line -> 202, the broken one named.
        # (A broken line is malformed when it may be ECS; without the ECS eventSource bytes the
        # detector's prefilter counts it not_ecs, as tfdrift detect does.)
        good = json.dumps(record("cloudtrail/update_capacity_provider.json"))
        broken = '{"eventSource": "ecs.amazonaws.com", "eventName": "Upd'
        status, j = post_json(srv.url("/cloudtrail"), good + "\n" + broken + "\n")
        check_eq(status, 202, "NDJSON with one malformed line: status")
        check_eq(j, {"records": 2, "alerts": 1, "malformed": 1,
                     "errors": [{"id": "tfdrift.input.json", "where": "body:2",
                                 "message": "not valid JSON (truncated or broken record)"}]},
                 "NDJSON with one malformed line: body")

        # Every record malformed -> 400 with the error id and which records.
        status, j = post_json(srv.url("/cloudtrail"), "{\"eventName\": 1,\n")
        check_eq(status, 400, "broken JSON: status")
        check_eq(j["error"], "tfdrift.input.json", "broken JSON: error id")
        check_eq((j["records"], j["alerts"], j["malformed"]), (1, 0, 1), "broken JSON: counts")
        check_eq([e["where"] for e in j["errors"]], ["body#1"], "broken JSON: where")
        ecs = '"eventSource": "ecs.amazonaws.com"'
        deep = "{%s, \"x\": %s%s}" % (ecs, "[" * 1000, "]" * 1000)
        status, j = post_json(srv.url("/cloudtrail"), "%s\n{%s, \"eventName\": [1,\n" % (deep, ecs))
        check_eq(status, 400, "NDJSON of broken records: status")
        check_eq(j["error"], "tfdrift.input.depth", "NDJSON of broken records: the first error id")
        check_eq([(e["id"], e["where"]) for e in j["errors"]],
                 [("tfdrift.input.depth", "body:1"), ("tfdrift.input.json", "body:2")],
                 "NDJSON of broken records: which")
        status, j = post_json(srv.url("/cloudtrail"), "{\"Records\": 5}")
        check_eq((status, j["error"]), (400, "tfdrift.input.shape"), "Records not an array")
        status, j = post_json(srv.url("/falco"), "  \n")
        check_eq((status, j["error"]), (400, "tfdrift.http.empty"), "empty body")

        # Over --max-body: with a Content-Length, and chunked without one.
        big = json.dumps(record(UPDATE_SERVICE, "big-1")) + " " * 70000
        status, j = post_json(srv.url("/cloudtrail"), big)
        check_eq((status, j["error"]), (413, "tfdrift.http.too_large"), "oversized body")
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
        chunks = [big[i:i + 8192].encode() for i in range(0, len(big), 8192)]
        conn.request("POST", "/cloudtrail", body=iter(chunks), encode_chunked=True,
                     headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
        r = conn.getresponse()
        check_eq((r.status, json.loads(r.read())["error"]), (413, "tfdrift.http.too_large"), "oversized chunked body")
        conn.close()
        status, j = post_json(srv.url("/cloudtrail"), json.dumps(record(UPDATE_SERVICE, "small-1")))
        check_eq((status, j), (202, {"records": 1, "alerts": 1, "malformed": 0}), "a body under the limit after 413s")

        # Other endpoints.
        status, _, raw = request("GET", srv.url("/healthz"))
        h = json.loads(raw)
        check_eq((status, h["status"], h["state_files"], h["resources"]), (200, "ok", 1, 10), "GET /healthz")
        status, _, raw = request("GET", srv.url("/nope"))
        check_eq((status, json.loads(raw)["error"]), (404, "tfdrift.http.not_found"), "unknown path")

        m = srv.metrics()
        check_eq(m['tfdrift_http_requests_total{handler="/falco",code="202"}'], 2, "falco 202 count")
        check_eq(m['tfdrift_http_requests_total{handler="/falco",code="400"}'], 1, "falco 400 count")
        check_eq(m['tfdrift_http_requests_total{handler="/cloudtrail",code="202"}'], 3, "cloudtrail 202 count")
        check_eq(m['tfdrift_http_requests_total{handler="/cloudtrail",code="400"}'], 3, "cloudtrail 400 count")
        check_eq(m['tfdrift_http_requests_total{handler="/cloudtrail",code="413"}'], 2, "cloudtrail 413 count")
        check_eq(m["tfdrift_falco_output_lines_total"], 4, "Falco lines counted")
        check_eq(len(srv.stdout_lines_at_least(4, "Falco lines written")), 4, "Falco lines written")
        check_detector_metrics(m, {"alert": 4, "not_ecs": 1, "duplicate": 1, "malformed": 5})

        check_eq(m['tfdrift_alerts_total{kind="update",severity="high"}'], 4, "alerts by kind and severity")
        check_eq(m['tfdrift_open_drifts{resource_type="aws_ecs_service"}'], 1, "open drifts of services")
        promtool = shutil.which("promtool") or "/usr/bin/promtool"
        check(os.path.exists(promtool), "promtool (Debian package prometheus; ./scripts/setup)")
        raw = request("GET", srv.url("/metrics"))[2]
        lint = subprocess.run([promtool, "check", "metrics"], input=raw, capture_output=True, timeout=30)
        check_eq((lint.returncode, lint.stdout + lint.stderr), (0, b""), "promtool check metrics on /metrics")

        drifts = get_drifts(srv)
        check_eq([(d["address"], d["path"], d["state_value"], d["drifted_value"]) for d in drifts], [
            ("aws_ecs_capacity_provider.spot", "auto_scaling_group_provider[0].managed_scaling[0].target_capacity",
             100, 80),
            ("aws_ecs_cluster.batch", "setting[name=containerInsights].value", "enabled", "disabled"),
            ("aws_ecs_service.main", "desired_count", 3, 5),
        ], "open drifts")
        main = drifts[2]
        check_eq((main["first_event_id"], main["last_event_id"], main["events"], main["actor"], main["state_file"]),
                 ("68679295-0223-4b5d-aecb-656d77977de2", "small-1", 2, "ops-admin", state),
                 "the service's drift: first and last event, events, actor, state file")

        rc = srv.stop()
        check_eq(rc, 0, "exit status after SIGTERM")
        check(srv.find_err("wrote the ledger"), "the ledger was written")
        with open(ledger, encoding="utf-8") as f:
            saved = json.load(f)
        check_eq(saved["schema"], "tfdrift.ledger.v1", "ledger schema")
        check_eq(ledger_drifts(saved), drifts, "the ledger file holds the open drifts")
    finally:
        srv.kill()


def check_detector_metrics(m, outcomes):
    """The detector's record counts by outcome, whichever name the exposition uses."""
    for outcome, n in outcomes.items():
        keys = [k for k in m if k.startswith("tfdrift_records_total{") and f'outcome="{outcome}"' in k]
        check(keys, f"a tfdrift_records_total sample for outcome {outcome}")
        check_eq(sum(m[k] for k in keys), n, f"records with outcome {outcome}")


def ledger_drifts(j):
    check(isinstance(j, dict) and j.get("schema") == "tfdrift.ledger.v1", f"a tfdrift.ledger.v1 document: {j!r}")
    return j["open"]


def get_drifts(srv):
    status, headers, raw = request("GET", srv.url("/drifts"))
    check_eq(status, 200, "GET /drifts status")
    check(headers.get("Content-Type", "").startswith("application/json"), "drifts content type")
    return ledger_drifts(json.loads(raw))


def case_reload(tmp):
    """A state file replaced on disk is picked up; a broken one keeps the old state; SIGHUP."""
    state = os.path.join(tmp, "ecs.tfstate")
    write_state(state, without_service_main)
    srv = Serve([state], ["--falco-output"])
    try:
        check(srv.find_err("loaded 1 state file (9 ECS resources)"), "the first state has 9 resources")
        status, j = post_json(srv.url("/cloudtrail"), json.dumps(record(UPDATE_SERVICE, "reload-1")))
        check_eq((status, j["alerts"]), (202, 1), "an alert before the reload")
        check_eq(last_alert(srv, 1), ("unmanaged", None, [["desired_count", None, 5]]),
                 "before the reload the service is unmanaged")

        # Requests keep being answered while the state is replaced.
        stop = threading.Event()
        results = []
        not_ecs = record(UPDATE_SERVICE, eventSource="s3.amazonaws.com")

        def hammer():
            n = 0
            while not stop.is_set() and n < 2000:
                n += 1
                s, body = post_json(srv.url("/cloudtrail"), json.dumps(not_ecs), timeout=5)
                results.append(s)

        t = threading.Thread(target=hammer)
        t.start()
        try:
            write_state(state)
            wait_for(lambda: srv.find_err("reloaded the state (a state file changed): 10 ECS resources"), 10,
                     "the reload after the state file changed")
            time.sleep(0.2)
        finally:
            stop.set()
            t.join(timeout=15)
        check(results and all(s == 202 for s in results), f"every request during the reload got 202: {set(results)}")

        # The service that was unmanaged is now managed.
        status, j = post_json(srv.url("/cloudtrail"), json.dumps(record(UPDATE_SERVICE, "reload-2")))
        check_eq((status, j["alerts"]), (202, 1), "an alert after the reload")
        check_eq(last_alert(srv, 2), ("update", "aws_ecs_service.main", [["desired_count", 3, 5]]),
                 "after the reload the service is managed: desired_count 3 -> 5")
        m = srv.metrics()
        check_eq(m['tfdrift_state_reloads_total{result="success"}'], 1, "one successful reload")
        check_eq(m['tfdrift_state_reloads_total{result="failure"}'], 0, "no failed reload")

        # A broken state keeps the old one, says so with the error id, and is counted.
        with open(state + ".new", "w", encoding="utf-8") as f:
            f.write('{"version": 4, "resources": [')
        os.replace(state + ".new", state)
        line = wait_for(lambda: srv.find_err("keeping the previous state"), 10, "the failed reload's log line")
        check("[tfdrift.state.parse]" in line, f"the failed reload names the error id: {line}")
        m = srv.metrics()
        check_eq(m['tfdrift_state_reloads_total{result="failure"}'], 1, "one failed reload")
        check_eq(m["tfdrift_state_reload_failed"], 1, "the failed-reload gauge")
        status, _, raw = request("GET", srv.url("/healthz"))
        check_eq((json.loads(raw)["resources"], json.loads(raw)["last_reload_failed"]), (10, True), "healthz after failure")
        check_eq([(d["address"], d["state_value"], d["drifted_value"]) for d in get_drifts(srv)],
                 [("aws_ecs_service.main", 3, 5)], "the drift is open")
        status, j = post_json(srv.url("/cloudtrail"), json.dumps(record(UPDATE_SERVICE, "reload-3")))
        check_eq((status, j["alerts"]), (202, 1), "the old state still answers")
        check_eq(last_alert(srv, 3), ("update", "aws_ecs_service.main", [["desired_count", 3, 5]]),
                 "the old state still answers")

        # A value changes: desired_count 5 in state makes the same change no drift; SIGHUP
        # reloads as well (the file is written first, then the signal is sent at once).
        write_state(state, service_main_desired(5))
        srv.proc.send_signal(signal.SIGHUP)
        wait_for(lambda: srv.find_err("reloaded the state (", 2), 10, "the second reload")
        status, j = post_json(srv.url("/cloudtrail"), json.dumps(record(UPDATE_SERVICE, "reload-4")))
        check_eq((status, j), (202, {"records": 1, "alerts": 0, "malformed": 0}), "no drift after the value changed")
        check_eq(len(srv.stdout_lines_at_least(3, "no Falco line for it")), 3, "no Falco line for it")
        check_eq(get_drifts(srv), [], "the newer state adopted the drifted value: no open drift")
        check(srv.find_err("it closed 1 open drifts"), "the reload says it closed the drift")
        m = srv.metrics()
        check(m['tfdrift_state_reloads_total{result="success"}'] >= 2, "two successful reloads")
        check_eq(m["tfdrift_state_reload_failed"], 0, "the failed-reload gauge is cleared")
        check_detector_metrics(m, {"no_change": 1})
        check_eq(srv.stop(), 0, "exit status")
    finally:
        srv.kill()


def last_alert(srv, n):
    """Waits for the n-th Falco line; returns its alert's (kind, address, [[path, old, new]])."""
    lines = wait_for(lambda: (lambda l: l if len(l) >= n else None)(srv.stdout_lines()), 5, f"Falco line {n}")
    check_eq(len(lines), n, "Falco lines so far")
    a = json.loads(json.loads(lines[n - 1])["output_fields"]["tfdrift.alert"])
    return a["kind"], a["address"], [[c["path"], c["old"], c["new"]] for c in a["changes"]]


def case_shutdown(tmp):
    """SIGTERM: no new connections, the request in progress finishes, the ledger is written."""
    state = os.path.join(tmp, "ecs.tfstate")
    write_state(state)
    ledger = os.path.join(tmp, "ledger.json")
    srv = Serve([state], ["--ledger", ledger, "--falco-output"])
    try:
        body = json.dumps(record(UPDATE_SERVICE)).encode()
        conn = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        conn.sendall(b"POST /cloudtrail HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Connection: close\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body[:100])
        time.sleep(0.3)  # the server is now reading this request's body
        srv.proc.send_signal(signal.SIGTERM)
        wait_for(lambda: srv.find_err("received SIGTERM"), 5, "the SIGTERM log line")

        def refused():
            try:
                socket.create_connection(("127.0.0.1", srv.port), timeout=1).close()
                return False
            except OSError:
                return True

        wait_for(refused, 5, "new connections to be refused")
        check(srv.proc.poll() is None, "serve waits for the request in progress")
        conn.sendall(body[100:])
        raw = b""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            chunk = conn.recv(65536)
            if not chunk:
                break
            raw += chunk
        conn.close()
        head, _, payload = raw.partition(b"\r\n\r\n")
        check(head.startswith(b"HTTP/1.1 202"), f"the request in progress got 202: {head[:40]!r}")
        check_eq(json.loads(payload), {"records": 1, "alerts": 1, "malformed": 0}, "its body")
        rc = srv.stop()
        check_eq(rc, 0, "exit status after SIGTERM")
        check_eq(len(srv.stdout_lines_at_least(1, "its alert was written")), 1, "its alert was written")
        check(os.path.exists(ledger), "the ledger file exists")
        with open(ledger, encoding="utf-8") as f:
            saved = ledger_drifts(json.load(f))
        check_eq([(d["address"], d["path"], d["state_value"], d["drifted_value"], d["last_event_id"]) for d in saved],
                 [("aws_ecs_service.main", "desired_count", 3, 5, "68679295-0223-4b5d-aecb-656d77977de2")],
                 "the ledger holds the drift of the request that was in progress")
        check(srv.find_err("stopped"), "the stopped line")

        # The ledger is read at the next start: its drifts are open again.
        srv = Serve([state], ["--ledger", ledger])
        drifts = get_drifts(srv)
        check_eq(drifts, saved, "open drifts after a restart with the ledger")
        check(srv.find_err("read the ledger %s: 1 open drifts" % ledger), "the ledger read is logged")
        check_eq(srv.stop(signal.SIGINT), 0, "exit status after SIGINT")
    finally:
        srv.kill()


def case_prometheus(tmp):
    """A real Prometheus scrapes serve; a metric is read back through its HTTP API."""
    prometheus = shutil.which("prometheus") or "/usr/bin/prometheus"
    check(os.path.exists(prometheus), "the prometheus binary (Debian package prometheus; ./scripts/setup)")
    state = os.path.join(tmp, "ecs.tfstate")
    write_state(state)
    srv = Serve([state])
    prom = None
    try:
        status, j = post_json(srv.url("/falco"), open(data(FALCO_ALERT), "rb").read())
        check_eq(status, 202, "POST /falco")
        config = os.path.join(tmp, "prometheus.yml")
        with open(config, "w", encoding="utf-8") as f:
            f.write("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                    "scrape_configs:\n  - job_name: tfdrift\n    static_configs:\n"
                    f"      - targets: ['127.0.0.1:{srv.port}']\n")
        log = open(os.path.join(tmp, "prometheus.log"), "wb")
        for attempt in range(3):  # the port is free when chosen; retry if another process took it
            port = free_port()
            prom = subprocess.Popen([prometheus, f"--config.file={config}",
                                     f"--storage.tsdb.path={os.path.join(tmp, 'tsdb')}",
                                     f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"],
                                    stdout=log, stderr=log)
            api = f"http://127.0.0.1:{port}/api/v1/query?query="

            def ready():
                if prom.poll() is not None:
                    return "exited"
                try:
                    return request("GET", f"http://127.0.0.1:{port}/-/ready", timeout=2)[0] == 200
                except OSError:
                    return False

            if wait_for(ready, 30, "Prometheus to be ready") is True:
                break
            prom.wait(timeout=10)
        check(prom.poll() is None, "Prometheus runs")

        def query(q):
            status, _, raw = request("GET", api + urllib.parse.quote(q), timeout=5)
            if status != 200:
                return None
            result = json.loads(raw)["data"]["result"]
            return result or None

        up = wait_for(lambda: query('up{job="tfdrift"} == 1'), 30, "a successful scrape of tfdrift serve", 0.25)
        check_eq(up[0]["metric"]["instance"], f"127.0.0.1:{srv.port}", "the scraped instance")
        r = wait_for(lambda: query('tfdrift_http_requests_total{handler="/falco",code="202"}'), 15,
                     "the request counter in Prometheus", 0.25)
        check_eq(r[0]["value"][1], "1", "tfdrift_http_requests_total for POST /falco 202, read through Prometheus")
        r = wait_for(lambda: query('sum(tfdrift_records_total{outcome="alert"})'), 15,
                     "the alert counter in Prometheus", 0.25)
        check_eq(r[0]["value"][1], "1", "records with an alert, read through Prometheus")
        check_eq(srv.stop(), 0, "serve exit status")
    finally:
        if prom and prom.poll() is None:
            prom.terminate()
            try:
                prom.wait(timeout=15)
            except subprocess.TimeoutExpired:
                prom.kill()
                prom.wait(timeout=10)
        srv.kill()


DELIVERY = ["--delivery-timeout", "1", "--delivery-retries", "3"]


def case_webhook(tmp):
    """Webhook posts: retries with a receiver that fails at first; a receiver that never
    answers is bounded, counted and does not slow detection; detect --webhook too."""
    state = os.path.join(tmp, "ecs.tfstate")
    write_state(state)
    flaky = Receiver([500, 503, 200])
    silent = Silent()
    srv = None
    try:
        srv = Serve([state], ["--webhook", flaky.url()] + DELIVERY)
        t0 = time.monotonic()
        status, j = post_json(srv.url("/falco"), open(data(FALCO_ALERT), "rb").read())
        check_eq((status, j["alerts"]), (202, 1), "POST /falco")
        check(time.monotonic() - t0 < 1.0, "the answer does not wait for delivery (it would take 1.5 s of backoff)")
        wait_for(lambda: any(s == 200 for s, _ in flaky.got()), 10, "the webhook delivery")
        got = flaky.got()
        check_eq([s for s, _ in got], [500, 503, 200], "two failures, then success")
        check(all(b == got[0][1] for _, b in got), "every attempt posts the same body")
        check_eq(flaky.paths, ["/hook"] * 3, "the path of the URL")
        check_eq(flaky.content_types, "application/json", "content type")
        alert = json.loads(got[0][1])
        check_eq((alert["schema"], alert["address"], alert["place"]["source"]),
                 ("tfdrift.alert.v1", "aws_ecs_service.main", "POST /falco"), "the posted alert")
        check(not got[0][1].endswith(b"\n"), "the body is the alert's JSON line")
        m = wait_for(lambda: (lambda m: m if m['tfdrift_deliveries_total{target="webhook",result="delivered"}'] == 1
                               else None)(srv.metrics()), 5, "the delivered count")
        check_eq(m['tfdrift_delivery_retries_total{target="webhook"}'], 2, "retries")
        check_eq(m['tfdrift_deliveries_total{target="webhook",result="failed"}'], 0, "failed")
        check_eq(m['tfdrift_deliveries_total{target="webhook",result="dropped"}'], 0, "dropped")
        check_eq(srv.stop(), 0, "exit status")
        check(srv.find_err("webhook to http://127.0.0.1:%d: delivered 1, retried 2, failed 0, dropped 0" % flaky.port),
              "the delivery summary at shutdown")

        # A receiver that never answers, a queue of 2: the first alert is in flight, the
        # next three wait (the oldest of them is dropped); nothing slows the answers.
        srv = Serve([state], ["--webhook", silent.url(), "--delivery-timeout", "1", "--delivery-retries", "1",
                              "--delivery-queue", "2"])
        t0 = time.monotonic()
        status, j = post_json(srv.url("/cloudtrail"), json.dumps(record(UPDATE_SERVICE, "silent-1")))
        check_eq((status, j["alerts"]), (202, 1), "first alert")
        wait_for(lambda: silent.connections() >= 1, 5, "the first post to reach the silent receiver")
        for i in (2, 3, 4):
            t1 = time.monotonic()
            status, j = post_json(srv.url("/cloudtrail"), json.dumps(record(UPDATE_SERVICE, f"silent-{i}")))
            check_eq((status, j["alerts"]), (202, 1), f"alert {i}")
            check(time.monotonic() - t1 < 0.8, f"alert {i} is answered at once while delivery hangs (an attempt takes 1 s)")
        status, _, _ = request("GET", srv.url("/healthz"), timeout=2)
        check_eq(status, 200, "healthz while delivery hangs")
        m = srv.metrics()
        check_eq(m['tfdrift_deliveries_total{target="webhook",result="dropped"}'], 1, "the oldest waiting alert dropped")
        check_eq(m['tfdrift_delivery_queue_length{target="webhook"}'], 3, "one in flight, two waiting")
        check_eq(m['tfdrift_delivery_queue_capacity{target="webhook"}'], 2, "capacity")
        wait_for(lambda: srv.find_err("queue full (2); dropped the alert of event silent-2"), 5, "the drop's log line")
        # Three alerts, each 2 attempts of 1 s and a 0.5 s wait: all failed within bounds.
        m = wait_for(lambda: (lambda m: m if m['tfdrift_deliveries_total{target="webhook",result="failed"}'] == 3
                               else None)(srv.metrics()), 15, "three failed deliveries")
        check_eq(m['tfdrift_delivery_retries_total{target="webhook"}'], 3, "one retry each")
        check_eq(m['tfdrift_deliveries_total{target="webhook",result="delivered"}'], 0, "none delivered")
        check_eq(m['tfdrift_delivery_queue_length{target="webhook"}'], 0, "queue empty")
        wait_for(lambda: srv.find_err("delivery of the alert of event silent-1 to http://127.0.0.1:%d failed after "
                                      "2 attempts" % silent.port), 5, "the failure's log line (event and origin)")
        check_detector_metrics(m, {"alert": 4})
        t0 = time.monotonic()
        check_eq(srv.stop(), 0, "exit status")
        check(time.monotonic() - t0 < 10, "stops promptly")

        # tfdrift detect --webhook: the same JSON line as its own NDJSON output, byte for byte.
        flaky2 = Receiver([503, 200])
        try:
            rc, out, err = detect(["--state", state, "--format", "ndjson", "--webhook", flaky2.url()] + DELIVERY +
                                  [data(UPDATE_SERVICE)])
            check_eq(rc, 1, "detect exit status")
            got = flaky2.got()
            check_eq([s for s, _ in got], [503, 200], "detect: one retry, then success")
            check_eq(got[1][1].decode() + "\n", out, "detect: the posted body is the NDJSON line")
            check(f"webhook to http://127.0.0.1:{flaky2.port}: delivered 1, retried 1, failed 0, dropped 0" in err,
                  f"detect: the delivery summary on stderr: {err}")
        finally:
            flaky2.close()
    finally:
        if srv:
            srv.kill()
        flaky.close()
        silent.close()


def case_slack(tmp):
    """Slack posts: blocks from the markdown format with untrusted text escaped; a 429 is
    retried; detect --slack-webhook and --falco-output."""
    state = os.path.join(tmp, "ecs.tfstate")
    write_state(state)
    hostile = "<!channel> *x* `y` [z](http://e.example) &"
    rec = record(UPDATE_SERVICE, "slack-1")
    rec["userIdentity"]["userName"] = hostile
    rec_path = os.path.join(tmp, "hostile.json")
    with open(rec_path, "w", encoding="utf-8") as f:
        json.dump(rec, f)
    slack = Receiver([429, 200])
    srv = None
    try:
        srv = Serve([state], ["--slack-webhook", slack.url("/services/T000/B000/XXXX")] + DELIVERY)
        status, j = post_json(srv.url("/cloudtrail"), json.dumps(rec))
        check_eq((status, j["alerts"]), (202, 1), "POST /cloudtrail")
        wait_for(lambda: any(s == 200 for s, _ in slack.got()), 10, "the Slack delivery")
        got = slack.got()
        check_eq([s for s, _ in got], [429, 200], "a 429, then success")
        msg = json.loads(got[1][1])
        check_eq(slack.paths[1], "/services/T000/B000/XXXX", "the webhook path")
        rc, md, _ = detect(["--state", state, "--format", "markdown", rec_path])
        check_eq(rc, 1, "detect --format markdown")
        lines = md.rstrip("\n").split("\n")
        check(lines[0].startswith("**") and lines[0].endswith("**"), "markdown title in bold")
        check_eq(msg["blocks"], [
            {"type": "section", "text": {"type": "mrkdwn", "text": "*" + lines[0][2:-2] + "*"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines[1:])}},
        ], "blocks are the markdown format")
        check_eq(msg["text"], "Terraform drift: aws\\_ecs\\_service.main (update, severity high)", "fallback text")
        user_line = [l for l in lines if l.startswith("- User: ")][0]
        check_eq(user_line, "- User: &lt;!channel&gt; \\*x\\* \\`y\\` \\[z\\](http://e.example) &amp; (IAM User, CLI)",
                 "the untrusted user name is escaped")
        text = json.dumps(msg)
        check("<!channel>" not in text, "no Slack mention survives")
        m = srv.metrics()
        check_eq(m['tfdrift_deliveries_total{target="slack",result="delivered"}'], 1, "delivered")
        check_eq(m['tfdrift_delivery_retries_total{target="slack"}'], 1, "retried")
        check_eq(srv.stop(), 0, "exit status")

        # detect --slack-webhook --falco-output: Falco lines take stdout, Slack gets the message.
        slack2 = Receiver([200])
        try:
            rc, out, err = detect(["--state", state, "--slack-webhook", slack2.url("/s"), "--falco-output"] +
                                  DELIVERY + [rec_path])
            check_eq(rc, 1, "detect exit status")
            falco = [json.loads(l) for l in out.splitlines()]
            check_eq(len(falco), 1, "one Falco line and nothing else on stdout")
            check_eq(falco[0]["output_fields"]["ct.user"], hostile, "the Falco line carries the raw value as JSON")
            check_eq(json.loads(slack2.got()[0][1]), msg, "detect posts the same Slack message as serve")
            check(f"slack to http://127.0.0.1:{slack2.port}: delivered 1, retried 0, failed 0, dropped 0" in err,
                  "detect: the Slack summary")
        finally:
            slack2.close()
        # A URL that is not http(s) is a usage error.
        rc, out, err = detect(["--state", state, "--webhook", "file:///etc/passwd", rec_path])
        check_eq(rc, 2, "a file: URL is refused")
        check("--webhook needs an http:// or https:// URL" in err, "the usage error says why")
    finally:
        if srv:
            srv.kill()
        slack.close()


def run_serve_args(args, env=None, timeout=20):
    """Runs `tfdrift serve ARGS` that is expected to end by itself; returns (rc, stderr)."""
    full_env = {k: v for k, v in os.environ.items() if k != "TFDRIFT_TOKEN"}
    full_env.update(env or {})
    p = subprocess.run([ARGS.binary, "serve"] + args, capture_output=True, timeout=timeout, env=full_env)
    return p.returncode, p.stderr.decode("utf-8", "replace")


def case_auth(tmp):
    """A bearer token from a file or TFDRIFT_TOKEN: 401 without it on POST and /drifts, open
    /healthz and /metrics; a non-loopback --listen needs a token or --insecure-listen."""
    state = os.path.join(tmp, "ecs.tfstate")
    write_state(state)
    token = "s3cr3t-" + "a1" * 16
    with open(data(FALCO_ALERT), "rb") as f:
        falco_body = f.read()
    unauthorized = {"error": "tfdrift.http.unauthorized",
                    "message": "this endpoint needs the header Authorization: Bearer TOKEN, with the token serve "
                               "was given (--token-file or TFDRIFT_TOKEN)"}
    for how in ("env", "file"):
        if how == "env":
            srv = Serve([state], env={"TFDRIFT_TOKEN": token})
        else:
            path = os.path.join(tmp, "token")
            with open(path, "w") as f:
                f.write(token + "\n")
            srv = Serve([state], ["--token-file", path])
        try:
            where = "TFDRIFT_TOKEN" if how == "env" else "--token-file " + path
            # Logged just after the listening line that Serve waited for: it may not be read yet.
            wait_for(lambda: srv.find_err(f"need the bearer token ({where})"), 5,
                     f"{how}: the log line naming where the token came from")
            for path_ in ("/falco", "/cloudtrail"):
                for headers in ({}, {"Authorization": "Bearer wrong-" + token[6:]},
                                {"Authorization": "Bearer " + token[:-1]}, {"Authorization": "Basic " + token},
                                {"Authorization": token}, {"Authorization": "Bearer " + token + "x"}):
                    headers = dict(headers, **{"Content-Type": "application/json"})
                    status, h, raw = request("POST", srv.url(path_), falco_body, headers)
                    check_eq((status, json.loads(raw)), (401, unauthorized), f"{how}: POST {path_} with {headers}")
                    check_eq(h.get("WWW-Authenticate"), 'Bearer realm="tfdrift"', "WWW-Authenticate")
            status, _, raw = request("GET", srv.url("/drifts"))
            check_eq((status, json.loads(raw)), (401, unauthorized), f"{how}: GET /drifts without the token")
            # Open endpoints.
            status, _, raw = request("GET", srv.url("/healthz"))
            check_eq((status, json.loads(raw)["records_read"]), (200, 0), f"{how}: /healthz is open; nothing was read")
            m = srv.metrics()
            check_eq(m['tfdrift_http_requests_total{handler="/falco",code="401"}'], 6.0, f"{how}: 401s counted")
            # The token: the scheme in any case.
            auth = {"Content-Type": "application/json", "Authorization": "bearer  " + token}
            status, _, raw = request("POST", srv.url("/falco"), falco_body, auth)
            check_eq((status, json.loads(raw)), (202, {"records": 1, "alerts": 1, "malformed": 0}),
                     f"{how}: POST /falco with the token")
            status, _, raw = request("GET", srv.url("/drifts"), headers={"Authorization": "Bearer " + token})
            check_eq((status, [d["address"] for d in ledger_drifts(json.loads(raw))]), (200, ["aws_ecs_service.main"]),
                     f"{how}: GET /drifts with the token")
            check_eq(srv.stop(), 0, f"{how}: exit status")
        finally:
            srv.kill()

    # No token on a non-loopback address: refused before anything listens.
    for host in ("0.0.0.0:0", "10.1.2.3:8080", "[::]:0", "example.com:80"):
        rc, err = run_serve_args(["--state", state, "--listen", host])
        check_eq(rc, 2, f"--listen {host} without a token: exit status")
        check("is not a loopback address" in err and "--insecure-listen" in err, f"--listen {host}: says why: {err}")
    # With a token or --insecure-listen the check passes: 192.0.2.1 (TEST-NET-1, never local)
    # then fails to bind, which shows the address was tried and nothing listened.
    for extra, env in ((["--insecure-listen", "--ledger", os.path.join(tmp, "l.json")], None),
                       ([], {"TFDRIFT_TOKEN": token})):
        rc, err = run_serve_args(["--state", state, "--listen", "192.0.2.1:0"] + extra, env)
        check_eq(rc, 2, f"192.0.2.1 with {extra or env}: exit status")
        check("[tfdrift.serve.listen] 192.0.2.1:0: cannot listen" in err, f"192.0.2.1: the bind failed, no usage error: {err}")
    # Loopback addresses need no token.
    for host in ("127.0.0.2", "localhost", "::1"):
        rc, err = run_serve_args(["--state", state, "--listen", f"{host}:1", "--max-body", "0"])
        check("is not a loopback address" not in err, f"{host} is loopback: {err}")
    # A short token, an empty file, a missing file, a second line: usage errors; never argv.
    short = os.path.join(tmp, "short")
    with open(short, "w") as f:
        f.write("abc\n")
    empty = os.path.join(tmp, "empty")
    open(empty, "w").close()
    two = os.path.join(tmp, "two")
    with open(two, "w") as f:
        f.write(token + "\n" + token + "\n")
    for args, env, says in (
            (["--token-file", short], None, "--token-file " + short + ") is shorter than 16 bytes"),
            (["--token-file", empty], None, "--token-file " + empty + ": the file is empty"),
            (["--token-file", os.path.join(tmp, "nope")], None, "No such file or directory"),
            (["--token-file", two], None, "holds a control character or a second line"),
            ([], {"TFDRIFT_TOKEN": "short"}, "(TFDRIFT_TOKEN) is shorter than 16 bytes"),
            (["--token", token], None, "serve: unknown argument --token")):
        rc, err = run_serve_args(["--state", state] + args, env)
        check_eq(rc, 2, f"{args} {env}: exit status")
        check(says in err, f"{args} {env}: says {says!r}: {err}")


def case_slow(tmp):
    """64 slow clients hold connections: /healthz and /metrics still answer within 100 ms;
    a request whose headers do not arrive within --request-timeout is cut, even when its
    client sends a byte now and then; kept-alive requests do not wait for delayed ACKs;
    the listen backlog is at least 128."""
    state = os.path.join(tmp, "ecs.tfstate")
    write_state(state)
    srv = Serve([state], ["--request-timeout", "3"])
    slow = []
    try:
        start = time.monotonic()
        for i in range(64):
            c = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
            c.sendall(b"POST /cloudtrail HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            slow.append(c)
        time.sleep(0.3)
        for i in range(5):
            for path in ("/healthz", "/metrics"):
                t0 = time.monotonic()
                status, _, _ = request("GET", srv.url(path), timeout=5)
                took = time.monotonic() - t0
                check_eq(status, 200, f"GET {path} with 64 slow connections open")
                check(took < 0.1, f"GET {path} answered in {took * 1000:.0f} ms with 64 slow connections (limit 100 ms)")
        # One of them sends a header byte every 0.5 s: a timeout per read would never end it.
        trickler = slow[0]
        closed_at = {}

        def trickle():
            while time.monotonic() - start < 8:
                try:
                    trickler.sendall(b"X")
                except OSError:
                    break
                time.sleep(0.5)

        def wait_closed(i, c):
            c.settimeout(8)
            try:
                while c.recv(4096):
                    pass
            except OSError:
                pass
            closed_at[i] = time.monotonic() - start

        threads = [threading.Thread(target=trickle, daemon=True)]
        threads += [threading.Thread(target=wait_closed, args=(i, c), daemon=True) for i, c in enumerate(slow)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=12)
        check_eq(len(closed_at), 64, "every slow connection was closed")
        check(all(2.9 <= t <= 5.0 for t in closed_at.values()),
              f"closed 3 s after they opened (from {min(closed_at.values()):.2f} s to {max(closed_at.values()):.2f} s)")
        check(closed_at[0] <= 5.0, "the trickling connection too")
        m = srv.metrics()
        check_eq(m["tfdrift_http_deadline_exceeded_total"], 64.0, "cut connections counted")

        # Keep-alive: one connection for 50 requests, none waiting for a delayed ACK.
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=5)
        t0 = time.monotonic()
        sock = None
        for i in range(50):
            conn.request("GET", "/healthz")
            r = conn.getresponse()
            r.read()
            check_eq(r.status, 200, "kept-alive /healthz")
            if sock is None:
                sock = conn.sock
            check(conn.sock is sock, f"request {i + 1} used the same connection")
        took = time.monotonic() - t0
        conn.close()
        check(took < 1.0, f"50 kept-alive requests took {took:.2f} s (under 1 s without delayed-ACK waits)")

        # The listen backlog (ss shows it as Send-Q of the listening socket).
        out = subprocess.run(["ss", "-ltnH", f"sport = :{srv.port}"], capture_output=True, text=True, timeout=10).stdout
        backlog = int(out.split()[2])
        check(backlog >= 128, f"listen backlog {backlog} is at least 128")
        check_eq(srv.stop(), 0, "exit status")
    finally:
        for c in slow:
            c.close()
        srv.kill()


def many_services(count):
    """A state transform adding `count` copies of aws_ecs_service.main: svc_I, my-service-I."""
    def t(state):
        main = next(r for r in state["resources"]
                    if r["type"] == "aws_ecs_service" and r["name"] == "main" and "module" not in r)
        for i in range(count):
            r = copy.deepcopy(main)
            r["name"] = f"svc_{i}"
            a = r["instances"][0]["attributes"]
            a["name"] = f"my-service-{i}"
            a["id"] = f"arn:aws:ecs:us-east-1:123456789012:service/production/my-service-{i}"
            state["resources"].append(r)
    return t


def case_crash(tmp):
    """SIGKILL at random moments while drifts are posted: every drift acknowledged more than
    1.5 s before the kill is in the ledger file, which is always a whole document."""
    import random
    state = os.path.join(tmp, "ecs.tfstate")
    write_state(state, many_services(3000))
    ledger = os.path.join(tmp, "ledger.json")
    # The ledger is a symbolic link: the file it points to is replaced, the link stays.
    real = os.path.join(tmp, "real-ledger.json")
    os.symlink("real-ledger.json", ledger)
    rng = random.Random(16)
    acked = {}  # address -> monotonic time of the 202
    next_service = 0
    for round_ in range(3):
        srv = Serve([state], ["--ledger", ledger])
        try:
            run_for = rng.uniform(2.0, 4.0)
            t0 = time.monotonic()
            while time.monotonic() - t0 < run_for:
                i = next_service
                next_service += 1
                r = record(UPDATE_SERVICE, f"crash-{i:06d}")
                r["requestParameters"]["service"] = f"my-service-{i}"
                r["requestParameters"]["desiredCount"] = 7
                status, j = post_json(srv.url("/cloudtrail"), json.dumps(r))
                check_eq((status, j["alerts"]), (202, 1), f"record {i} opens a drift")
                acked[f"aws_ecs_service.svc_{i}"] = time.monotonic()
                check(next_service < 3000, "fewer records than services in the state")
                time.sleep(0.005)
            killed_at = time.monotonic()
            srv.proc.send_signal(signal.SIGKILL)
            srv.proc.wait(timeout=10)
        finally:
            srv.kill()
        check(os.path.islink(ledger), f"round {round_}: the ledger is still a symbolic link")
        with open(real, encoding="utf-8") as f:
            saved = {d["address"] for d in ledger_drifts(json.load(f))}
        due = {a for a, t in acked.items() if t < killed_at - 1.5}
        missing = sorted(due - saved)
        check(not missing, f"round {round_}: {len(missing)} of {len(due)} drifts acknowledged 1.5 s before the "
                           f"SIGKILL are not in the ledger, e.g. {missing[:3]}")
        check(len(due) > 50, f"round {round_}: enough drifts were due ({len(due)})")
        # Those acknowledged in the last 1.5 s may or may not have been saved: forget them.
        acked = {a: t for a, t in acked.items() if a in due}
    # Back again: the last ledger is read and a clean stop writes it all; a temporary that a
    # killed serve left (its pid gone: above any pid_max) is removed.
    stale = real + ".tmp.4194399.0"
    with open(stale, "w") as f:
        f.write("{half")
    srv = Serve([state], ["--ledger", ledger])
    try:
        check_eq(srv.stop(), 0, "clean stop")
    finally:
        srv.kill()
    check(not os.path.exists(stale), "the stale temporary was removed")
    check(srv.find_err(f"removed {stale}, left by a stopped serve"), "and logged")
    check_eq(sorted(f for f in os.listdir(tmp) if ".tmp." in f), [], "no temporary is left")
    with open(real, encoding="utf-8") as f:
        saved = {d["address"] for d in ledger_drifts(json.load(f))}
    check(set(a for a, t in acked.items() if t < killed_at - 1.5) <= saved, "the drifts survive a restart")


def case_url_secrets(tmp):
    """Webhook and Slack URLs from files or environment variables, never in the command line."""
    state = os.path.join(tmp, "ecs.tfstate")
    write_state(state)
    hook, slack = Receiver(), Receiver()
    srv = None
    try:
        hook_file = os.path.join(tmp, "hook-url")
        slack_file = os.path.join(tmp, "slack-url")
        with open(hook_file, "w") as f:
            f.write(hook.url("/hook-k3y-9f2") + "\n")
        with open(slack_file, "w") as f:
            f.write(slack.url("/services/T000/B000/slack-k3y-9f2") + "\n")
        srv = Serve([state], ["--webhook-file", hook_file, "--slack-webhook-file", slack_file])
        with open(f"/proc/{srv.proc.pid}/cmdline", "rb") as f:
            cmdline = f.read()
        check(b"k3y-9f2" not in cmdline, f"no URL in the command line: {cmdline!r}")
        status, j = post_json(srv.url("/falco"), open(data(FALCO_ALERT), "rb").read())
        check_eq((status, j["alerts"]), (202, 1), "POST /falco")
        wait_for(lambda: hook.got() and slack.got(), 10, "both deliveries")
        check_eq((hook.paths, slack.paths), (["/hook-k3y-9f2"], ["/services/T000/B000/slack-k3y-9f2"]),
                 "the URLs of the files")
        check_eq(srv.stop(), 0, "exit status")
        check("k3y-9f2" not in srv.stderr_text(), "the logs never show a URL's path")
        # detect, from the environment.
        rec_path = os.path.join(tmp, "record.json")
        with open(rec_path, "w") as f:
            json.dump(record(UPDATE_SERVICE, "env-url-1"), f)
        env = dict(os.environ, TFDRIFT_WEBHOOK_URL=hook.url("/from-env"),
                   TFDRIFT_SLACK_WEBHOOK_URL=slack.url("/slack-from-env"))
        p = subprocess.run([ARGS.binary, "detect", "--no-summary", "--state", state, rec_path],
                           capture_output=True, timeout=60, env=env)
        check_eq(p.returncode, 1, "detect exit status")
        check_eq((hook.paths[-1], slack.paths[-1]), ("/from-env", "/slack-from-env"), "the URLs of the environment")
        # An option wins over the variable.
        p = subprocess.run([ARGS.binary, "detect", "--no-summary", "--state", state, "--webhook-file", hook_file,
                            rec_path], capture_output=True, timeout=60, env=env)
        check_eq((p.returncode, hook.paths[-1]), (1, "/hook-k3y-9f2"), "--webhook-file over TFDRIFT_WEBHOOK_URL")
        # Bad values are usage errors naming where they came from.
        bad = os.path.join(tmp, "bad-url")
        with open(bad, "w") as f:
            f.write("file:///etc/passwd\n")
        for args, env2, says in (
                (["--webhook-file", bad], None, "--webhook-file needs an http:// or https:// URL"),
                (["--slack-webhook-file", os.path.join(tmp, "none")], None, "No such file or directory"),
                ([], dict(os.environ, TFDRIFT_SLACK_WEBHOOK_URL="ftp://x/"),
                 "TFDRIFT_SLACK_WEBHOOK_URL needs an http:// or https:// URL")):
            for cmd in (["detect", "--state", state, rec_path], ["serve", "--state", state]):
                p = subprocess.run([ARGS.binary] + cmd + args, capture_output=True, timeout=20, env=env2)
                check_eq(p.returncode, 2, f"{cmd[0]} {args}: exit status")
                check(says in p.stderr.decode(), f"{cmd[0]} {args}: says {says!r}: {p.stderr.decode()}")
    finally:
        if srv:
            srv.kill()
        hook.close()
        slack.close()


# Secrets of every shape redaction knows, each with a core (letters and digits only, so
# that it is found whatever escaping a format applies) that must reach no output.
PLANTED_ENV = [
    ("DB_PASS", "Core01hunter"),
    ("PRIVATEKEY", "Core02pkvalue"),
    ("AUTH", "Core03Zx81kfPq02LmNv7T"),
    ("STRIPE_SK", "rk_Core04fG2kLx0QpZ7wVb3"),
    ("JWT_SIGNING", "Core05fG2kLx0QpZ7wVb3TnM"),
    ("GITHUB_PAT", "Core06m8sLd0Kf3Jx9Vb2"),
    ("MONGO_URI", "mongodb://admin:Core07mongo@mongo:27017/app"),
    ("REDIS_URL", "redis://:Core08redis@cache:6379/0"),
    ("DATABASE_URL", "postgres://app:Core09pg@db:5432/app"),
    ("UPSTREAM", "AKIACORE10AAAAAAAAAA"),
    ("UPSTREAM_2", "ASIACORE11AAAAAAAAAA"),
    ("CONFIG_BLOB", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.Core12sig"),
    ("TLS_MATERIAL", "-----BEGIN RSA PRIVATE KEY-----\nCore13MIIEvQIBADANBgkqhkiG9w0\n-----END RSA PRIVATE KEY-----"),
    ("CI_HELPER", "ghp_Core14abcdefghijklmnopqrstuvwxyz"),
    ("CI_HELPER_2", "github_pat_11Core15abcdefghijklmnopq"),
    ("CHAT", "xoxb-1234567890-Core16-AbCdEfGhIj"),
    ("BILLING", "sk_live_Core17fakeFAKEfake0000"),
    ("AWS_BLOB", "wJalrXUtnFEMI/K7MDENG/bPxRfiCore18XAMPLE"),
    ("MAPS", "AIzaSyCore19fakekey0123456789abcdefghi"),
    ("GITLAB", "glpat-Core20abcdefghij0123"),
]
PLANTED_COMMAND = ["/app/run", "--db-password=Core21cmd", "--token", "Core22cmd", "sh -c 'export API_KEY=Core23sh'"]
PLANTED_ENTRYPOINT = ["/bin/sh", "-c", "curl -H 'Authorization: Bearer Core24bearer' https://api.example.com"]
PLANTED_LABELS = {"GITHUB_PAT": "Core25Xy9Zq2Lm7Kp", "com.example.api-token": "Core26label",
                  "sentry.dsn": "https://Core27dsn@o1.ingest.sentry.io/1"}
PLANTED_EXEC = ["psql postgres://root:Core28exec@db/app", "mysql --password=Core29exec -h db"]
PLANTED_CORES = [f"Core{i:02d}" for i in range(1, 30)]


def planted_records():
    """A RegisterTaskDefinition with every planted secret, and two ExecuteCommand records."""
    r = load_json("cloudtrail/security/secret_plaintext.json")
    r["eventID"] = "planted-register-1"
    api = r["requestParameters"]["containerDefinitions"][0]
    api["environment"] = [{"name": n, "value": v} for n, v in PLANTED_ENV]
    api["command"] = PLANTED_COMMAND
    api["entryPoint"] = PLANTED_ENTRYPOINT
    api["dockerLabels"] = PLANTED_LABELS
    out = [r]
    for i, command in enumerate(PLANTED_EXEC):
        e = load_json("cloudtrail/security/exec_session.json")
        e["eventID"] = f"planted-exec-{i}"
        e["requestParameters"]["command"] = command
        out.append(e)
    return out


def no_planted(text, where):
    leaked = [c for c in PLANTED_CORES if c in text]
    check(not leaked, f"{where}: planted secrets leaked: {leaked}\n{text[:3000]}")


def case_redaction(tmp):
    """Secrets planted in environment values, command, entryPoint, dockerLabels and
    ExecuteCommand command lines reach no output: text, JSON, NDJSON, Markdown, --explain,
    the summary, the ledger, the metrics file; serve's /drifts, webhook, Slack, Falco lines."""
    state = data("state/security.tfstate")
    records = planted_records()
    rec_path = os.path.join(tmp, "planted.ndjson")
    with open(rec_path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    ledger = os.path.join(tmp, "ledger.json")
    metrics = os.path.join(tmp, "metrics.prom")
    for fmt in ("text", "json", "ndjson", "markdown"):
        p = subprocess.run([ARGS.binary, "detect", "--state", state, "--format", fmt, "--ledger", ledger,
                            "--metrics-file", metrics, "--explain", "planted-register-1", rec_path],
                           capture_output=True, timeout=60)
        out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
        check_eq(p.returncode, 1, f"detect --format {fmt}: exit status")
        check("<redacted>" in out or "&lt;redacted&gt;" in out, f"{fmt}: redacted values are shown as such:\n{out[:2000]}")
        no_planted(out, f"detect --format {fmt}")
        no_planted(err, f"detect --format {fmt}: explain and summary")
        for path in (ledger, metrics):
            with open(path, encoding="utf-8") as f:
                no_planted(f.read(), path)
    # What is not a secret still shows (a sanity check that the alert has the changes).
    p = subprocess.run([ARGS.binary, "detect", "--no-summary", "--state", state, "--format", "ndjson", rec_path],
                       capture_output=True, timeout=60)
    alerts = [json.loads(l) for l in p.stdout.decode().splitlines()]
    paths = [c["path"] for a in alerts for c in a["changes"]]
    for want in ("container_definitions[name=api].command", "container_definitions[name=api].entryPoint",
                 "container_definitions[name=api].dockerLabels",
                 "container_definitions[name=api].environment[name=MONGO_URI]"):
        check(want in paths, f"a change at {want}: {paths}")
    labels = next(c for a in alerts for c in a["changes"] if c["path"].endswith("].dockerLabels"))
    check_eq(labels["new"], {"GITHUB_PAT": "<redacted>", "com.example.api-token": "<redacted>",
                             "sentry.dsn": "<redacted>"}, "dockerLabels by name")
    entry = next(c for a in alerts for c in a["changes"] if c["path"].endswith("].entryPoint"))
    check_eq(entry["new"], ["/bin/sh", "-c", "curl -H 'Authorization: Bearer <redacted>' https://api.example.com"],
             "entryPoint: the bearer token only")
    execs = [c["new"]["command"] for a in alerts for c in a["changes"] if c["path"].startswith("execute_command")]
    check_eq(execs, ["psql postgres://root:<redacted>@db/app", "mysql --password=<redacted> -h db"],
             "ExecuteCommand command lines")
    mongo = next(c for a in alerts for c in a["changes"] if c["path"].endswith("[name=MONGO_URI]"))
    check_eq(mongo["new"], {"name": "MONGO_URI", "value": "mongodb://admin:<redacted>@mongo:27017/app"},
             "a URL keeps all but its password")
    command = next(c for a in alerts for c in a["changes"] if c["path"].endswith("].command"))
    check_eq(command["new"], ["/app/run", "--db-password=<redacted>", "--token", "<redacted>",
                              "sh -c 'export API_KEY=<redacted>'"], "the command's secrets, and only them")

    # serve: the same records through POST, every delivery and /drifts.
    hook, slack = Receiver(), Receiver()
    srv = None
    try:
        srv = Serve([state], ["--falco-output", "--webhook", hook.url(), "--slack-webhook", slack.url(),
                              "--ledger", os.path.join(tmp, "serve-ledger.json")])
        status, j = post_json(srv.url("/cloudtrail"), "\n".join(json.dumps(r) for r in records) + "\n")
        check_eq((status, j["alerts"]), (202, 3), "POST the planted records")
        wait_for(lambda: len(hook.got()) == 3 and len(slack.got()) == 3, 10, "three webhook and Slack posts")
        wait_for(lambda: len(srv.stdout_lines()) == 3, 10, "three Falco lines")
        status, _, raw = request("GET", srv.url("/drifts"))
        check_eq(status, 200, "GET /drifts")
        no_planted(raw.decode(), "/drifts")
        no_planted("\n".join(b.decode() for _, b in hook.got()), "webhook")
        no_planted("\n".join(b.decode() for _, b in slack.got()), "Slack")
        no_planted("\n".join(srv.stdout_lines()), "--falco-output")
        check_eq(srv.stop(), 0, "exit status")
        no_planted(srv.stderr_text(), "serve's log")
        with open(os.path.join(tmp, "serve-ledger.json"), encoding="utf-8") as f:
            no_planted(f.read(), "serve's ledger")
    finally:
        if srv:
            srv.kill()
        hook.close()
        slack.close()


def raw_http(port, data, timeout=5):
    """Sends raw bytes, returns (seconds until the answer, the answer's bytes)."""
    t0 = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as c:
        c.sendall(data)
        got = b""
        try:
            while True:
                part = c.recv(65536)
                if not part:
                    break
                got += part
        except socket.timeout:
            pass
    return time.monotonic() - t0, got


def case_http_edges(tmp):
    """A multipart POST is 415 (was 500 bad_function_call); Content-Length -1 is 400 at once
    (was answered after the 10 s read timeout); both close the connection."""
    state = os.path.join(tmp, "ecs.tfstate")
    write_state(state)
    srv = Serve([state])
    try:
        boundary = "XyZ"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n{{}}\r\n--{boundary}--\r\n").encode()
        status, h, raw = request("POST", srv.url("/cloudtrail"), body,
                                 {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        check_eq((status, json.loads(raw)["error"]), (415, "tfdrift.http.media_type"), "multipart POST")
        for value in (b"-1", b"abc", b"1e3", b"99999999999999999999999"):
            took, got = raw_http(srv.port, b"POST /cloudtrail HTTP/1.1\r\nHost: x\r\nContent-Length: " + value +
                                 b"\r\n\r\n{}")
            check(took < 1.0, f"Content-Length {value!r}: answered in {took:.2f} s")
            head, _, body = got.partition(b"\r\n\r\n")
            check(head.startswith(b"HTTP/1.1 400 ") or head.startswith(b"HTTP/1.1 413 "), f"Content-Length {value!r}: {head!r}")
            if head.startswith(b"HTTP/1.1 400 "):
                check_eq(json.loads(body)["error"], "tfdrift.http.content_length", f"Content-Length {value!r}: error id")
        status, _, _ = request("GET", srv.url("/healthz"))
        check_eq(status, 200, "still serving")
        check_eq(srv.stop(), 0, "exit status")
    finally:
        srv.kill()


def case_falco_output_closed(tmp):
    """--falco-output whose reader is gone: the lines are counted lost, not written; the log
    says so once and serve exits 2 (it counted them written and exited 0)."""
    state = os.path.join(tmp, "ecs.tfstate")
    write_state(state)
    p = subprocess.Popen([ARGS.binary, "serve", "--listen", "127.0.0.1:0", "--state", state, "--falco-output"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        p.stdout.close()  # the reader goes away
        err_lines = []
        t = threading.Thread(target=lambda: err_lines.extend(l.decode() for l in iter(p.stderr.readline, b"")),
                             daemon=True)
        t.start()
        line = wait_for(lambda: next((l for l in err_lines if "listening on http://" in l), None), 10, "listening")
        base = "http://" + re.search(r"(127\.0\.0\.1:\d+)", line).group(1)
        status, j = post_json(base + "/cloudtrail", json.dumps(record(UPDATE_SERVICE, "closed-1")))
        check_eq((status, j["alerts"]), (202, 1), "POST")
        status, _, raw = request("GET", base + "/metrics")
        m = parse_metrics(raw.decode())
        check_eq((m["tfdrift_falco_output_lines_total"], m["tfdrift_falco_output_lines_lost_total"]), (0.0, 1.0),
                 "the alert's line lost, none written")
        p.send_signal(signal.SIGTERM)
        rc = p.wait(timeout=20)
        t.join(timeout=5)
        err = "".join(err_lines)
        check_eq(rc, 2, "exit status")
        check(err.count("[tfdrift.output.write] stdout: a --falco-output line could not be written") == 1, err)
        check("tfdrift serve: error: 1 --falco-output line could not be written to stdout" in err, err)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


CASES = {
    "auth": case_auth,
    "falco_output_closed": case_falco_output_closed,
    "http_edges": case_http_edges,
    "redaction": case_redaction,
    "url_secrets": case_url_secrets,
    "crash": case_crash,
    "slow": case_slow,
    "ingest": case_ingest,
    "reload": case_reload,
    "shutdown": case_shutdown,
    "prometheus": case_prometheus,
    "webhook": case_webhook,
    "slack": case_slack,
}


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--binary")
    p.add_argument("--source-dir")
    p.add_argument("--list", action="store_true")
    p.add_argument("case", nargs="?")
    ARGS = p.parse_args()
    if ARGS.list:
        print("\n".join(CASES))
        return 0
    if ARGS.case not in CASES:
        print(f"unknown case {ARGS.case!r}; cases: {', '.join(CASES)}", file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix=f"tfdrift-serve-{ARGS.case}-")
    t0 = time.monotonic()
    try:
        CASES[ARGS.case](tmp)
    except AssertionError as e:
        print(f"FAIL serve.{ARGS.case}: {e}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"ok serve.{ARGS.case} ({time.monotonic() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

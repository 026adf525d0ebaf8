#!/usr/bin/env python3
"""End-to-end tests of the tfdrift command: runs the built binary and compares its full output with tests/cli/expected/.

Usage: test_cli.py --binary PATH [--source-dir DIR] [CASE ...]   (no CASE: run all)
       test_cli.py --list                                        (the case names, one a line)
ctest runs one case per entry (tools/CMakeLists.txt). Stdlib only.
"""

import argparse
import gzip
import json
import os
import pty
import resource
import select
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = os.path.join(HERE, "expected")
SOURCE = os.path.dirname(os.path.dirname(HERE))
BINARY = None

STATE = "examples/ecs/terraform.tfstate"
AWSLOGS = "examples/ecs/AWSLogs"
OBJECT_DIR = "examples/ecs/AWSLogs/123456789012/CloudTrail/us-east-1/2025/03/11"
OBJECT_1 = OBJECT_DIR + "/123456789012_CloudTrail_us-east-1_20250311T1305Z_abc123.json.gz"
OBJECT_2 = OBJECT_DIR + "/123456789012_CloudTrail_us-east-1_20250311T1310Z_def456.json.gz"
TRAIL = "examples/ecs/trail.ndjson"

# The example's eventIDs (uuid5 labels in examples/ecs/generate.py).
_NS = uuid.UUID("6f1e4f7a-0b7c-4c55-9a55-2b0c3f7e9d10")
SCENARIO_1 = str(uuid.uuid5(_NS, "event:scenario-1"))
SCENARIO_2 = str(uuid.uuid5(_NS, "event:scenario-2"))
SCENARIO_3 = str(uuid.uuid5(_NS, "event:scenario-3"))
SCENARIOS = [SCENARIO_1, SCENARIO_2, SCENARIO_3]

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


class Failure(Exception):
    pass


def check(cond, message):
    if not cond:
        raise Failure(message)


def check_equal(actual, expected, what):
    if actual != expected:
        import difflib
        a = actual if isinstance(actual, str) else repr(actual)
        e = expected if isinstance(expected, str) else repr(expected)
        diff = "\n".join(difflib.unified_diff(e.splitlines(), a.splitlines(), "expected", "actual", lineterm=""))
        raise Failure(f"{what} differs:\n{diff or (repr(e) + ' != ' + repr(a))}")


def expected(name):
    with open(os.path.join(EXPECTED, name), encoding="utf-8") as f:
        return f.read()


def run(args, stdin=None, cwd=None, timeout=120):
    """Runs tfdrift; returns (exit status, stdout, stderr) as text."""
    p = subprocess.run([BINARY] + args, input=stdin, capture_output=True, cwd=cwd or SOURCE, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def detect(*args, **kw):
    return run(["detect", "--state", STATE] + list(args), **kw)


def summary_without_speed(stderr):
    """Returns the summary block of stderr without its speed line (the only part that varies)."""
    start = stderr.index("tfdrift summary\n")
    lines = stderr[start:].splitlines(True)
    check(lines[-1].startswith("  speed       "), "the summary ends with the speed line:\n" + stderr)
    return "".join(lines[:-1])


def ndjson(text):
    return [json.loads(line) for line in text.splitlines()]


def trail_lines():
    with open(os.path.join(SOURCE, TRAIL), "rb") as f:
        return f.read().splitlines(True)


def record_of(event_id):
    for line in trail_lines():
        r = json.loads(line)
        if r["eventID"] == event_id:
            return r
    raise Failure("no record " + event_id)


def noise_lines():
    """The example's records that must not alert (scenarios and the duplicate left out)."""
    return [l for l in trail_lines() if json.loads(l)["eventID"] not in SCENARIOS]


# ---------------------------------------------------------------------------------------
# The example (the README's main command)
# ---------------------------------------------------------------------------------------

@case
def example_text():
    rc, out, err = detect(AWSLOGS)
    check_equal(out, expected("example.txt"), "text alerts of the example")
    check_equal(rc, 1, "exit status (drift found)")
    check_equal(summary_without_speed(err), expected("example.summary"), "summary of the example")
    check("error" not in err, "no error expected:\n" + err)


@case
def example_ndjson():
    rc, out, err = detect("--format", "ndjson", AWSLOGS)
    check_equal(out, expected("example.ndjson"), "ndjson alerts of the example")
    check_equal(rc, 1, "exit status")
    alerts = ndjson(out)
    check_equal([a["event_id"] for a in alerts], SCENARIOS, "alerted eventIDs")
    check_equal([(a["address"], a["changes"][0]["path"], a["changes"][0]["old"], a["changes"][0]["new"])
                 for a in alerts],
                [("aws_ecs_service.main", "desired_count", 3, 5),
                 ("aws_ecs_task_definition.web_app", "container_definitions[name=nginx].image", "nginx:1.20",
                  "nginx:1.21"),
                 ("aws_ecs_cluster_capacity_providers.main", "capacity_providers", ["FARGATE"],
                  ["FARGATE", "FARGATE_SPOT"])], "the three scenarios")


@case
def example_json():
    rc, out, err = detect("--format", "json", AWSLOGS)
    lines = expected("example.ndjson").splitlines()
    check_equal(out, "[\n" + ",\n".join(lines) + "\n]\n", "json array of the example")
    check_equal(json.loads(out), [json.loads(l) for l in lines], "json array parsed")
    check_equal(rc, 1, "exit status")


@case
def example_markdown():
    rc, out, err = detect("--format", "markdown", AWSLOGS)
    check_equal(out, expected("example.md"), "markdown alerts of the example")
    check_equal(rc, 1, "exit status")


@case
def example_ndjson_file_same_alerts():
    # trail.ndjson holds the same records as the two S3 objects, one per line.
    rc, out, err = detect("--format", "ndjson", TRAIL)
    check_equal(out, expected("example_trail.ndjson"), "ndjson alerts of trail.ndjson")
    check_equal(rc, 1, "exit status")
    strip = lambda alerts: [{k: v for k, v in a.items() if k != "place"} for a in alerts]  # noqa: E731
    check_equal(strip(ndjson(out)), strip(ndjson(expected("example.ndjson"))), "alerts apart from their place")
    check_equal([(a["place"]["line"], a["place"]["record"]) for a in ndjson(out)], [(3, 3), (6, 6), (9, 9)],
                "lines of the alerted records")
    summary = summary_without_speed(err)
    check("  records     19 read," in summary, summary)
    check(" duplicate=1 malformed=0\n" in summary, summary)


@case
def example_script():
    # ./scripts/example: builds if needed, prints the three scenario alerts, exits 0.
    env = dict(os.environ, TFDRIFT_BUILD_DIR=os.path.dirname(os.path.dirname(BINARY)))
    p = subprocess.run([os.path.join(SOURCE, "scripts", "example")], capture_output=True, cwd="/", env=env,
                       timeout=600)
    out, err = p.stdout.decode(), p.stderr.decode()
    check_equal(p.returncode, 0, "exit status of scripts/example\n" + err)
    check_equal(out, expected("example.txt"), "alerts printed by scripts/example")
    check("tfdrift summary" in err, err)


@case
def example_generator_reproduces_files():
    # generate.py writes what is committed (compared decompressed: zlib versions may differ).
    tmp = tempfile.mkdtemp()
    try:
        subprocess.run([sys.executable, os.path.join(SOURCE, "examples/ecs/generate.py"), tmp], check=True)
        for rel in ["terraform.tfstate", "trail.ndjson", OBJECT_1[len("examples/ecs/"):],
                    OBJECT_2[len("examples/ecs/"):]]:
            a, b = os.path.join(tmp, rel), os.path.join(SOURCE, "examples/ecs", rel)
            read = (lambda p: gzip.open(p).read()) if rel.endswith(".gz") else (lambda p: open(p, "rb").read())
            check(read(a) == read(b), f"examples/ecs/{rel} is not what generate.py writes; run it again")
    finally:
        shutil.rmtree(tmp)


# ---------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------

@case
def gzip_object_alone():
    rc, out, err = detect("--format", "ndjson", OBJECT_1)
    alerts = ndjson(out)
    check_equal([a["event_id"] for a in alerts], SCENARIOS, "alerts of one .json.gz object")
    check_equal({a["place"]["source"] for a in alerts}, {OBJECT_1}, "place.source")
    check_equal([a["place"]["record"] for a in alerts], [3, 6, 9], "record numbers in the object")
    check_equal(rc, 1, "exit status")
    check("  inputs      1 file, " in err, err)


@case
def multi_member_gzip_ndjson():
    tmp = tempfile.mkdtemp()
    try:
        lines = trail_lines()
        path = os.path.join(tmp, "trail.ndjson.gz")
        with open(path, "wb") as f:  # three gzip members, as `cat a.gz b.gz c.gz` makes
            for part in (lines[:4], lines[4:7], lines[7:]):
                f.write(gzip.compress(b"".join(part)))
        rc, out, err = detect("--format", "ndjson", path)
        alerts = ndjson(out)
        check_equal([a["event_id"] for a in alerts], SCENARIOS, "alerts across gzip members")
        check_equal([a["place"]["line"] for a in alerts], [3, 6, 9], "line numbers across members")
        check("  records     19 read," in err, err)
        check_equal(rc, 1, "exit status")
    finally:
        shutil.rmtree(tmp)


@case
def directory_walk_in_name_order():
    tmp = tempfile.mkdtemp()
    try:
        recs = {eid: json.dumps(record_of(eid)) for eid in SCENARIOS}
        layout = {  # path -> eventID; the walk must read b/ before c.json before d/
            "d/2025/03/12/x.json": SCENARIO_1,
            "b/2025/03/10/z.ndjson": SCENARIO_3,
            "c.json.gz": SCENARIO_2,
        }
        for rel, eid in layout.items():
            path = os.path.join(tmp, "AWSLogs", rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            data = (recs[eid] + "\n").encode()
            with open(path, "wb") as f:
                f.write(gzip.compress(data) if rel.endswith(".gz") else data)
        # Skipped: other names, hidden entries, CloudTrail's digest files.
        for rel in ["notes.txt", ".hidden.json", ".git/x.json", "CloudTrail-Digest/d.json"]:
            path = os.path.join(tmp, "AWSLogs", rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(recs[SCENARIO_1].replace(SCENARIO_1, "11111111-2222-3333-4444-555555555555"))
        rc, out, err = run(["detect", "--state", os.path.join(SOURCE, STATE), "--format", "ndjson", "AWSLogs"],
                           cwd=tmp)
        alerts = ndjson(out)
        check_equal([(a["place"]["source"], a["event_id"]) for a in alerts],
                    [("AWSLogs/b/2025/03/10/z.ndjson", SCENARIO_3), ("AWSLogs/c.json.gz", SCENARIO_2),
                     ("AWSLogs/d/2025/03/12/x.json", SCENARIO_1)], "files in name order")
        check("  inputs      3 files, " in err, err)
        check("  records     3 read," in err, err)
        check_equal(rc, 1, "exit status")
    finally:
        shutil.rmtree(tmp)


@case
def jobs_give_the_same_output_as_one():
    """--jobs N reads files in N threads: alerts, their order, the summary and the exit status
    are those of --jobs 1, duplicates across files and a damaged file included."""
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(os.path.join(SOURCE, AWSLOGS), os.path.join(tmp, "a"))
        shutil.copy(os.path.join(SOURCE, TRAIL), os.path.join(tmp, "b.ndjson"))
        lines = [l.decode() if isinstance(l, bytes) else l for l in trail_lines()]
        lines = [l.rstrip("\n") for l in lines]
        # the same records again in a later file (duplicates), a truncated line, a pretty document
        with open(os.path.join(tmp, "c.ndjson"), "w") as f:
            f.write("\n".join(lines[:6]) + "\n" + lines[6][: len(lines[6]) // 2] + "\n")
        with open(os.path.join(tmp, "d.json"), "w") as f:
            json.dump({"Records": [json.loads(l) for l in lines[3:9]]}, f, indent=2)
        with open(os.path.join(tmp, "e.json.gz"), "wb") as f:
            f.write(gzip.compress(("\n".join(lines)).encode())[:300])
        for fmt in ["ndjson", "text"]:
            rc1, out1, err1 = detect("--format", fmt, "--jobs", "1", "--state", STATE, tmp)
            if fmt == "ndjson":  # the later files only repeat the three scenarios: duplicates
                check_equal([a["event_id"] for a in ndjson(out1)], SCENARIOS, "alerts")
            check_equal(rc1, 2, "exit status (a damaged file)")
            # --explain reads every file in this thread, one after the other: the reference.
            rc0, out0, err0 = detect("--format", fmt, "--explain", "none", "--state", STATE, tmp)
            check_equal(out1, out0, fmt + " alerts with --jobs 1 and read in the main thread")
            check_equal(summary_without_speed(err1), summary_without_speed(err0), "summary with --jobs 1")
            for jobs in (["--jobs", "2"], ["--jobs", "3"], []):  # [] : the default, one per core
                rc3, out3, err3 = detect("--format", fmt, *jobs, "--state", STATE, tmp)
                check_equal(out3, out1, f"{fmt} alerts with {jobs}")
                check_equal(summary_without_speed(err3), summary_without_speed(err1), f"summary with {jobs}")
                check_equal(rc3, rc1, f"exit status with {jobs}")
        # The same files named one by one (a shell glob): one pool over consecutive PATHs, the
        # alerts of the directory; a missing PATH and stdin between them keep their places.
        files = sorted(os.path.join(d, n) for d, _, names in os.walk(tmp) for n in names)
        check_equal(len(files), 7, "files in the directory")
        for fmt in ["ndjson", "text"]:
            rc1, out1, err1 = detect("--format", fmt, "--jobs", "1", "--state", STATE, tmp)
            rc0, out0, err0 = detect("--format", fmt, "--explain", "none", "--state", STATE, *files)
            check_equal(out0, out1, f"{fmt} alerts of the files named one by one, read in the main thread")
            args = files[:3] + [os.path.join(tmp, "missing.json")] + files[3:5] + ["-"] + files[5:]
            rcx, outx, errx = detect("--format", fmt, "--explain", "none", "--state", STATE, *args, stdin=b"")
            check_equal(rcx, 2, "exit status with a missing PATH")
            for jobs in (["--jobs", "1"], ["--jobs", "2"]):
                rc2, out2, err2 = detect("--format", fmt, *jobs, "--state", STATE, *files)
                check_equal(out2, out1, f"{fmt} alerts of the files named one by one with {jobs}")
                check_equal(summary_without_speed(err2), summary_without_speed(err0), f"their summary with {jobs}")
                rc3, out3, err3 = detect("--format", fmt, *jobs, "--state", STATE, *args, stdin=b"")
                check_equal(out3, outx, f"{fmt} alerts with a missing PATH and stdin between the files, {jobs}")
                check_equal(summary_without_speed(err3), summary_without_speed(errx), f"their summary with {jobs}")
                before_summary = errx[:errx.index("tfdrift summary")].replace(
                    "explain: no record with eventID none was read\n", "")
                check_equal(err3[:err3.index("tfdrift summary")], before_summary, "the errors before the summary, in order")
    rc, _, err = detect("--jobs", "0", "--state", STATE, TRAIL)
    check_equal(rc, 2, "--jobs 0 is a usage error")
    check("--jobs needs a number from 1 to 256" in err, err)


@case
def a_gzip_stream_inflated_in_a_thread_gives_what_the_plain_file_gives():
    """A single .ndjson.gz is inflated in a reader thread, chunks of 1 MiB ahead, while the main
    thread frames and detects: its alerts, their order and the summary are those of the same
    lines read plain, with lines across chunks and gzip members, with --jobs 1, 2 and the
    default; cut short, the alerts before the damage, then tfdrift.input.gzip."""
    with tempfile.TemporaryDirectory() as tmp:
        lines = [l.rstrip(b"\n") for l in trail_lines()]
        filler = [b'{"eventVersion":"1.08","eventSource":"s3.amazonaws.com","eventName":"GetObject",'
                  b'"eventID":"filler-%d","requestParameters":{"key":"%s"}}' % (i, b"k" * (i % 700))
                  for i in range(16000)]
        text = b"\n".join(filler[:5000] + lines[:4] + filler[5000:11000] + lines[4:] + filler[11000:]) + b"\n"
        check(len(text) > 6 << 20, f"{len(text)} bytes: more than the reader's ring of 4 chunks")
        plain = os.path.join(tmp, "big.ndjson")
        with open(plain, "wb") as f:
            f.write(text)
        packed = os.path.join(tmp, "big.ndjson.gz")
        cuts = [0, 1234567, 4 << 20, len(text)]  # members that end inside lines
        data = b"".join(gzip.compress(text[a:b]) for a, b in zip(cuts, cuts[1:]))
        with open(packed, "wb") as f:
            f.write(data)
        rc0, out0, err0 = detect("--format", "ndjson", plain)
        check_equal(sorted(a["event_id"] for a in ndjson(out0)), sorted(SCENARIOS), "alerts of the plain file")
        for jobs in (["--jobs", "1"], ["--jobs", "2"], []):
            rc, out, err = detect("--format", "ndjson", *jobs, packed)
            check_equal(out.replace(packed, plain), out0, f"alerts with {jobs}")
            check_equal(summary_without_speed(err), summary_without_speed(err0), f"summary with {jobs}")
            check_equal(rc, rc0, f"exit status with {jobs}")
        cut = os.path.join(tmp, "cut.ndjson.gz")
        with open(cut, "wb") as f:
            f.write(data[:-1000])
        rc, out, err = detect("--format", "ndjson", cut)
        check_equal(rc, 2, "exit status of the cut file")
        check(f"tfdrift: error: [tfdrift.input.gzip] {cut}: truncated gzip file (unexpected end of file in member 3" in err,
              err)
        check_equal([a["event_id"] for a in ndjson(out)], [a["event_id"] for a in ndjson(out0)],
                    "the alerts before the damage (all of them: they come before the last MiB)")


@case
def truncated_gzip_and_unreadable_path():
    tmp = tempfile.mkdtemp()
    try:
        with open(os.path.join(SOURCE, OBJECT_1), "rb") as f:
            data = f.read()
        truncated = os.path.join(tmp, "truncated.json.gz")
        with open(truncated, "wb") as f:
            f.write(data[: len(data) // 2])
        corrupt = os.path.join(tmp, "corrupt.json.gz")
        with open(corrupt, "wb") as f:
            f.write(data[:200] + bytes([data[200] ^ 0xFF]) + data[201:])
        missing = os.path.join(tmp, "no-such-dir")
        rc, out, err = detect("--format", "ndjson", truncated, missing, corrupt, OBJECT_1)
        check_equal(rc, 2, "exit status (an input could not be read)")
        check_equal([a["event_id"] for a in ndjson(out)], SCENARIOS, "alerts of the readable input")
        errors = [l for l in err.splitlines() if l.startswith("tfdrift: error: ")]
        check_equal(len(errors), 3, "error lines:\n" + err)
        check(errors[0].startswith(f"tfdrift: error: [tfdrift.input.gzip] {truncated}: truncated gzip file"), errors[0])
        check_equal(errors[1], f"tfdrift: error: [tfdrift.input.read] {missing}: No such file or directory "
                               "(skipped; the other inputs are still read)", "missing path error")
        check(errors[2].startswith(f"tfdrift: error: [tfdrift.input.gzip] {corrupt}: corrupt gzip data"), errors[2])
        check("  inputs      1 file, " in err and "; 3 unreadable (see the errors above)\n" in err, err)
        check("  records     11 read," in err, err)
    finally:
        shutil.rmtree(tmp)


@case
def unreadable_only_exits_2_without_drift():
    rc, out, err = detect("/nonexistent/trail.json")
    check_equal(rc, 2, "exit status")
    check_equal(out, "", "stdout")
    check("[tfdrift.input.read] /nonexistent/trail.json: No such file or directory" in err, err)


@case
def malformed_records_listed_in_summary():
    tmp = tempfile.mkdtemp()
    try:
        lines = noise_lines()
        ecs = next(l for l in lines if b'"eventSource":"ecs.amazonaws.com"' in l)
        broken = [ecs[:-40] + b"\n"]  # a truncated ECS record (others never get past the prefilter)
        path = os.path.join(tmp, "broken.ndjson")
        with open(path, "wb") as f:
            f.write(b"".join(lines[:3] + broken + [b'[{"eventSource":"ecs.amazonaws.com"}]\n', b'{"eventSource":"ecs.amazonaws.com", not json\n'] +
                             broken * 5 + [b"not json and not ECS\n"] + lines[3:]))
        rc, out, err = run(["detect", "--state", os.path.join(SOURCE, STATE), "broken.ndjson"], cwd=tmp)
        check_equal(rc, 0, "exit status: malformed records are no drift")
        check_equal(out, "", "stdout")
        summary = summary_without_speed(err)
        # 9: the truncated ECS record (1 + 5 times), the array, the broken object, and the line
        # that is no JSON object at all (malformed, not "not ECS", though it names no ECS).
        check_equal(summary[summary.index("  malformed"):],
                    "  malformed   9 records:\n"
                    "              broken.ndjson:4: [tfdrift.input.json] not valid JSON (truncated or broken record)\n"
                    "              broken.ndjson:5: [tfdrift.input.shape] a record is not a JSON object\n"
                    "              broken.ndjson:6: [tfdrift.input.json] not valid JSON (truncated or broken record)\n"
                    "              broken.ndjson:7: [tfdrift.input.json] not valid JSON (truncated or broken record)\n"
                    "              broken.ndjson:8: [tfdrift.input.json] not valid JSON (truncated or broken record)\n"
                    "              ... and 4 more\n", "malformed part of the summary")
    finally:
        shutil.rmtree(tmp)


@case
def falco_alerts_on_stdin():
    # Falco's json_output for scenario 1, as the cloudtrail plugin fills output_fields.
    r = record_of(SCENARIO_1)
    u = r["userIdentity"]
    fields = {"ct.error": "<NA>", "ct.id": r["eventID"], "ct.name": r["eventName"], "ct.readonly": "false",
              "ct.recipientaccountid": r["recipientAccountId"], "ct.region": r["awsRegion"],
              "ct.request": json.dumps(r["requestParameters"], separators=(",", ":")),
              "ct.request.cluster": "production", "ct.src": r["eventSource"], "ct.srcip": r["sourceIPAddress"],
              "ct.time": r["eventTime"], "ct.user": u["userName"], "ct.user.accountid": u["accountId"],
              "ct.user.arn": u["arn"], "ct.user.identitytype": u["type"], "ct.user.principalid": u["principalId"],
              "ct.useragent": r["userAgent"], "ct.sessioncredentialfromconsole": "false"}
    falco = {"hostname": "falco-0", "output": "13:01:12.000000000: Warning ECS service updated (...)",
             "output_fields": fields, "priority": "Warning", "rule": "ECS Service Updated",
             "source": "aws_cloudtrail", "tags": ["drift", "ecs", "terraform"],
             "time": "2025-03-11T13:01:12.000000000Z"}
    rc, out, err = detect("--format", "ndjson", "-", stdin=(json.dumps(falco) + "\n").encode())
    alerts = ndjson(out)
    check_equal(len(alerts), 1, "one alert from the Falco line")
    want = ndjson(expected("example.ndjson"))[0]
    got = alerts[0]
    check_equal(got["place"], {"source": "-", "line": 1, "record": 1}, "place")
    for key in ["event_id", "event_name", "kind", "address", "changes", "severity", "rule", "region", "account"]:
        check_equal(got[key], want[key], key)
    check_equal((got["actor"]["name"], got["actor"]["identity_type"], got["actor"]["source"]),
                ("ops-admin", "IAMUser", "cli"), "actor")
    check_equal(rc, 1, "exit status")


@case
def stdin_streams_alert_before_eof():
    p = subprocess.Popen([BINARY, "detect", "--state", STATE, "--format", "ndjson", "-"], cwd=SOURCE,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        lines = trail_lines()
        first_alert = next(i for i, l in enumerate(lines) if json.loads(l)["eventID"] == SCENARIO_1)
        p.stdin.write(b"".join(lines[: first_alert + 1]))
        p.stdin.flush()
        ready, _, _ = select.select([p.stdout], [], [], 20)
        check(ready, "no alert within 20 s while stdin is still open")
        got = json.loads(p.stdout.readline())
        check_equal((got["event_id"], got["place"]), (SCENARIO_1, {"source": "-", "line": 3, "record": 3}),
                    "first streamed alert")
        check(p.poll() is None, "tfdrift must still be running (stdin is open)")
        # The next scenario, written byte by byte in two parts, alerts once its line is whole.
        nxt = next(l for l in lines if json.loads(l)["eventID"] == SCENARIO_2)
        p.stdin.write(nxt[:100])
        p.stdin.flush()
        ready, _, _ = select.select([p.stdout], [], [], 0.5)
        check(not ready, "no alert before the line is complete")
        p.stdin.write(nxt[100:])
        p.stdin.flush()
        ready, _, _ = select.select([p.stdout], [], [], 20)
        check(ready, "no alert for the second record")
        check_equal(json.loads(p.stdout.readline())["event_id"], SCENARIO_2, "second streamed alert")
        p.stdin.close()
        rc = p.wait(timeout=20)
        err = p.stderr.read().decode()
        check_equal(rc, 1, "exit status")
        check("  inputs      stdin, " in err, err)
        check("  records     4 read," in err, err)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


@case
def stdin_pretty_printed_document():
    with gzip.open(os.path.join(SOURCE, OBJECT_1)) as f:
        doc = json.loads(f.read())
    rc, out, err = detect("--format", "ndjson", "-", stdin=json.dumps(doc, indent=2).encode())
    check_equal([a["event_id"] for a in ndjson(out)], SCENARIOS, "alerts of a pretty-printed document")
    check_equal(rc, 1, "exit status")
    # A one-line {"Records":[...]} per line (S3 objects concatenated) works too.
    with gzip.open(os.path.join(SOURCE, OBJECT_2)) as f:
        second = f.read()
    with gzip.open(os.path.join(SOURCE, OBJECT_1)) as f:
        first = f.read()
    rc, out, err = detect("--format", "ndjson", "-", stdin=first + b"\n" + second + b"\n")
    check_equal([a["event_id"] for a in ndjson(out)], SCENARIOS, "alerts of documents on lines")
    check(" duplicate=1 " in err, err)


@case
def stdin_gzip_is_a_clear_error():
    with open(os.path.join(SOURCE, OBJECT_1), "rb") as f:
        rc, out, err = detect("-", stdin=f.read())
    check_equal(rc, 2, "exit status")
    check("[tfdrift.input.gzip] -: stdin is gzip-compressed" in err, err)


@case
def output_file():
    tmp = tempfile.mkdtemp()
    try:
        path = os.path.join(tmp, "alerts.ndjson")
        rc, out, err = detect("--format=ndjson", "--output", path, AWSLOGS)
        check_equal(out, "", "stdout when --output is given")
        with open(path, encoding="utf-8") as f:
            check_equal(f.read(), expected("example.ndjson"), "alerts written to --output")
        check_equal(rc, 1, "exit status")
        rc, out, err = detect("--output", os.path.join(tmp, "no/such/dir/x"), AWSLOGS)
        check_equal(rc, 2, "exit status for an output that cannot be opened")
        check("[tfdrift.output.open]" in err, err)
    finally:
        shutil.rmtree(tmp)


@case
def explain_one_event():
    rc, out, err = detect("--no-summary", "--explain", SCENARIO_1, AWSLOGS)
    check_equal(rc, 1, "exit status")
    check_equal(out, expected("example.txt"), "alerts are unchanged by --explain")
    check_equal(err, expected("explain_scenario1.txt"), "explain lines for scenario 1 (and its re-delivery)")
    rc, out, err = detect("--no-summary", "--explain", "00000000-0000-0000-0000-000000000000", AWSLOGS)
    check_equal(err, "explain: no record with eventID 00000000-0000-0000-0000-000000000000 was read\n",
                "explain of an eventID that is not there")


@case
def interrupt_stops_reading_and_prints_summary():
    p = subprocess.Popen([BINARY, "detect", "--state", STATE, "--format", "ndjson", "-"], cwd=SOURCE,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        p.stdin.write(b"".join(trail_lines()[:3]))
        p.stdin.flush()
        ready, _, _ = select.select([p.stdout], [], [], 20)
        check(ready, "no alert within 20 s")
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=20)
        check_equal(p.returncode, 1, "exit status after Ctrl-C with drift found")
        check_equal([a["event_id"] for a in ndjson(out.decode())], [SCENARIO_1], "alerts")
        err = err.decode()
        check("tfdrift: interrupted; the summary covers what was read\n" in err, err)
        check("  records     3 read," in err, err)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


@case
def exit_status_0_without_drift():
    rc, out, err = detect("-", stdin=b"".join(noise_lines()))
    check_equal((rc, out), (0, ""), "exit status and stdout without drift")
    summary = summary_without_speed(err)
    check_equal(summary[summary.index("  outcomes"):summary.index("  by event")],
                "  outcomes    alert=0 not_ecs=6 read_only=3 failed_call=1 terraform=3 ignored=0 out_of_scope=0 "
                "out_of_range=0 untracked=1 no_change=1 duplicate=0 malformed=0\n"
                "  alerts      0 by severity: critical=0 high=0 medium=0 low=0; by kind: none\n",
                "outcomes without drift")


@case
def usage_errors_exit_2():
    for args, message in [
        (["detect", "--bogus", "x"], "unknown option --bogus"),
        (["detect", "--state", STATE], "detect needs at least one PATH"),
        (["detect", AWSLOGS], "detect needs at least one --state FILE"),
        (["detect", "--state", STATE, "--format", "xml", AWSLOGS], "unknown format \"xml\""),
        (["detect", "--state"], "option --state needs a value"),
        (["detect", "--state", STATE, "-", "-"], "stdin (-) can be named only once"),
        (["detect", "--state", STATE, "--no-summary=yes", AWSLOGS], "option --no-summary takes no value"),
        (["detect", "--state", STATE, "--since", "March", AWSLOGS],
         "--since needs a UTC time like 2025-03-01 or 2025-03-01T12:00:00Z, not \"March\""),
        (["detect", "--state", STATE, "--since", "2025-03-12", "--until=2025-03-11", AWSLOGS],
         "--since must be before --until"),
        (["detect", "--state", STATE, "--regions", ",", AWSLOGS], "--regions needs a comma-separated list"),
        (["frobnicate"], "unknown command \"frobnicate\""),
        (["catalog", "--format", "yaml"], "catalog: unknown format \"yaml\""),
        (["rules", "--format", "sigma"], "rules: unknown format \"sigma\""),
        ([], None),
    ]:
        rc, out, err = run(args)
        check_equal(rc, 2, f"exit status of {args}")
        check_equal(out, "", f"stdout of {args}")
        if message:
            check(err.startswith("tfdrift: usage error: " + message), f"{args}: {err}")
        check("usage: tfdrift detect --state FILE" in err, err)


@case
def broken_state_exits_2():
    rc, out, err = run(["detect", "--state", "tests/cli/data/v3.tfstate", AWSLOGS])
    check_equal((rc, out), (2, ""), "exit status and stdout")
    check_equal(err, "tfdrift: error: [tfdrift.state.version] tests/cli/data/v3.tfstate: version 3 is not "
                     "supported (need 4, written by Terraform >= 0.12 or OpenTofu)\n", "error")
    rc, out, err = run(["detect", "--state", "missing.tfstate", AWSLOGS])
    check_equal(rc, 2, "exit status for a missing state")
    check_equal(err, "tfdrift: error: [tfdrift.input.read] missing.tfstate: No such file or directory\n", "error")


@case
def config_yaml_ignores_and_rates():
    rc, out, err = detect("--format", "ndjson", "--config", "tests/cli/data/ignore_scaling.yaml", AWSLOGS)
    check_equal(rc, 1, "exit status")
    alerts = ndjson(out)
    check_equal([(a["event_id"], a["severity"], a["rule"]) for a in alerts],
                [(SCENARIO_2, "high", "ECS Task Definition Changes"), (SCENARIO_3, "high", "ECS Cluster Settings")],
                "alerts under the config (desired_count ignored, task definitions raised to high)")
    summary = summary_without_speed(err)
    check(" terraform=3 ignored=1 out_of_scope=0 " in summary, summary)
    check("  alerts      2 by severity: critical=0 high=2 medium=0 low=0; by kind: update=1 create=1\n" in summary,
          summary)


@case
def since_until_prune_and_count_out_of_range():
    rc, out, err = detect("--format", "ndjson", "--since", "2025-03-11T13:02:00Z", "--until", "2025-03-11T13:04:00Z",
                          AWSLOGS)
    check_equal(rc, 1, "exit status")
    check_equal([a["event_id"] for a in ndjson(out)], [SCENARIO_2], "only scenario 2 is in the range")
    summary = summary_without_speed(err)
    check("  inputs      2 files, " in summary, summary)
    check(" failed_call=1 terraform=0 ignored=0 out_of_scope=0 out_of_range=11 untracked=0 " in summary, summary)
    rc, out, err = detect("--since", "2025-03-12", AWSLOGS)
    check_equal((rc, out), (0, ""), "a range after the trail: nothing read")
    check("  inputs      0 files, 0 B\n" in err, err)
    rc, out, err = detect("--accounts", "1234*,9*", "--regions", "eu-*", AWSLOGS)
    check_equal((rc, out), (0, ""), "no us-east-1 directory read")
    check("  inputs      0 files, 0 B\n" in err, err)


@case
def config_json_scope():
    rc, out, err = detect("--config", "tests/cli/data/eu_only.json", AWSLOGS)
    check_equal((rc, out), (0, ""), "exit status and stdout: us-east-1 is out of scope")
    check(" ignored=0 out_of_scope=4 out_of_range=0 untracked=1 no_change=0 duplicate=1 " in err, err)


@case
def config_errors_exit_2():
    rc, out, err = detect("--config", "tests/cli/data/bad_key.yaml", AWSLOGS)
    check_equal((rc, out), (2, ""), "exit status and stdout")
    check_equal(err, "tfdrift: error: [tfdrift.config.unknown_key] tests/cli/data/bad_key.yaml:5:5: unknown key "
                     "\"drift_rules[0].severty\" (known keys: name, resource_types, watched_attributes, severity, "
                     "delete_severity)\n", "error")
    rc, out, err = detect("--config", "tests/cli/data/missing.yaml", AWSLOGS)
    check_equal(rc, 2, "exit status for a missing config")
    check_equal(err, "tfdrift: error: [tfdrift.input.read] tests/cli/data/missing.yaml: No such file or directory\n",
                "error for a missing config")


@case
def rules_for_falco():
    rc, out, err = run(["rules", "--format", "falco"])
    check_equal((rc, err), (0, ""), "exit status and stderr")
    check_equal(run(["rules"])[1], out, "falco is the default format")
    check(out.startswith("# tfdrift: Falco rules"), out[:200])
    check("- required_plugin_versions:\n  - name: cloudtrail\n" in out, "plugin requirement")
    rules = out.count("\n- rule: ")
    check_equal(rules, 31, "rules (UpdateCluster and UpdateClusterSettings share one, as do the two tag calls, "
                           "the two principal account-setting calls and the two deployment calls)")
    with open(os.path.join(EXPECTED, "catalog.txt")) as f:
        events = [l.split()[0] for l in f
                  if l.split()[1:2] and (l.split()[1].startswith("aws_ecs_") or l.split()[1] == "(the")]
    check_equal(len(events), 35, "catalog events")
    for name in events:
        check(f'ct.name="{name}"' in out, f"a rule matches {name}")
    check_equal(out.count('ct.src="ecs.amazonaws.com"'), rules, "every rule is restricted to ECS")
    for bogus in ["ct.request.service ", "ct.request.family", "ct.account"]:
        check(bogus not in out, f"no field {bogus!r} (the cloudtrail plugin has none)")


@case
def help_and_version():
    rc, out, err = run(["--help"])
    check_equal(rc, 0, "exit status of --help")
    for text in ["Exit status:", "  0  no drift", "  1  drift: at least one alert", "  2  a usage error",
                 "takes precedence over\n     1", "--explain ID", "--format FORMAT", "markdown", "ndjson",
                 "tail -F trail.ndjson", "catalog", "rules --format falco"]:
        check(text in out, f"--help mentions {text!r}")
    check_equal(run(["detect", "--help"])[1], out, "detect --help")
    with open(os.path.join(SOURCE, "include/tfdrift/version.hpp")) as f:
        text = f.read()
    import re
    version = ".".join(re.search(r"TFDRIFT_VERSION_%s (\d+)" % p, text).group(1) for p in ("MAJOR", "MINOR", "PATCH"))
    # The second line names the inflaters compiled in, fastest first: exactly the libraries the
    # binary is linked with (zlib always).
    linked = subprocess.run(["ldd", BINARY], capture_output=True, text=True).stdout
    inflaters = [name for name, lib in (("isal", "libisal.so"), ("libdeflate", "libdeflate.so")) if lib in linked]
    expected = f"tfdrift {version}\ngzip: {' '.join(inflaters + ['zlib'])}\n"
    check_equal(run(["--version"]), (0, expected, ""), "--version")
    check_equal(run(["version"]), (0, expected, ""), "version")


def mapped_libraries(cmd, stdin_text=b""):
    """Starts tfdrift reading stdin, returns the shared objects it has mapped once it is waiting."""
    p = subprocess.Popen([BINARY] + cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         cwd=SOURCE)
    try:
        p.stdin.write(stdin_text)
        p.stdin.flush()
        maps = ""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            time.sleep(0.2)
            with open(f"/proc/{p.pid}/maps") as f:
                maps = f.read()
            with open(f"/proc/{p.pid}/stat") as f:
                waiting = f.read().rsplit(")", 1)[1].split()[0] == "S"
            if waiting and "libz." in maps:  # loaded and blocked reading stdin
                break
        return {os.path.basename(line.split()[-1]).split(".so")[0] for line in maps.splitlines() if ".so" in line}
    finally:
        p.stdin.close()
        p.wait(timeout=60)
        p.stdout.close()
        p.stderr.close()


@case
def network_module_is_loaded_only_for_serve_and_delivery():
    # A detect run that neither serves nor delivers never maps libcurl, cpp-httplib or TLS.
    plain = mapped_libraries(["detect", "--state", STATE, "--no-summary", "-"], trail_lines()[0])
    for lib in ("libcurl", "libcpp-httplib", "libssl", "libtfdrift-net"):
        check(lib not in plain, f"detect without delivery maps {lib}: {sorted(plain)}")
    delivering = mapped_libraries(["detect", "--state", STATE, "--no-summary", "--falco-output", "-"])
    for lib in ("libcurl", "libtfdrift-net"):
        check(lib in delivering, f"detect --falco-output maps {lib}: {sorted(delivering)}")
    # The program alone (no module beside it): detection works, serve and delivery say why not.
    with tempfile.TemporaryDirectory() as tmp:
        alone = os.path.join(tmp, "tfdrift")
        shutil.copy2(BINARY, alone)
        p = subprocess.run([alone, "detect", "--state", STATE, "--format", "ndjson", "--no-summary", TRAIL],
                           capture_output=True, cwd=SOURCE)
        check_equal(p.stdout.decode(), run(["detect", "--state", STATE, "--format", "ndjson", "--no-summary", TRAIL])[1],
                    "alerts of the program without its module")
        for args in (["serve", "--state", STATE], ["detect", "--state", STATE, "--webhook", "http://127.0.0.1:9/x", TRAIL],
                     ["detect", "--state", STATE, "--falco-output", TRAIL]):
            p = subprocess.run([alone] + args, capture_output=True, cwd=SOURCE, timeout=60)
            err = p.stderr.decode()
            check_equal(p.returncode, 2, f"exit status of {args[0]} {args[-2:]} without the module")
            check(err.startswith("tfdrift: error: [tfdrift.cli.module] libtfdrift-net.so: cannot load the network "
                                 "module, which tfdrift serve and alert delivery (--webhook, --slack-webhook, "
                                 f"--falco-output) need: {tmp}/libtfdrift-net.so: cannot open shared object file"),
                  f"{args[0]} without the module says why:\n{err}")
        # A file of that name that is no module of this tfdrift is refused, not run.
        with open(os.path.join(tmp, "libtfdrift-net.so"), "wb") as f:
            f.write(b"not an ELF file\n" * 300)
        p = subprocess.run([alone, "serve", "--state", STATE], capture_output=True, cwd=SOURCE, timeout=60)
        check_equal(p.returncode, 2, "exit status with a broken module")
        check(f"{tmp}/libtfdrift-net.so: invalid ELF header" in p.stderr.decode(), p.stderr.decode())


@case
def catalog_coverage_of_the_botocore_model():
    model = os.path.join(SOURCE, "third_party/botocore/ecs-2014-11-13-service-2.json.gz")
    rc, out, err = run(["catalog", "--coverage", model])
    check_equal((rc, err), (0, ""), "exit status and stderr")
    check_equal(out, expected("coverage.txt"), "coverage figures of botocore 1.44.8's ECS model")
    rc, out, err = run(["catalog", "--coverage", os.path.join(SOURCE, "tests/data/state/ecs.tfstate")])
    check_equal((rc, out), (2, ""), "a file that is no service model: exit 2")
    check("tfdrift.input.shape" in err, err)


@case
def catalog_lists_every_event():
    rc, out, err = run(["catalog"])
    check_equal((rc, err), (0, ""), "exit status and stderr")
    check_equal(out, expected("catalog.txt"), "catalog text")
    rows = [l for l in out.splitlines()
            if l.split(" ")[0] and l.split()[1:2] and (l.split()[1].startswith("aws_ecs_") or l.split()[1] == "(the")]
    check_equal(len(rows), 35, "catalog event rows")
    rc, out, err = run(["catalog", "--format", "json"])
    j = json.loads(out)
    check_equal(len(j["events"]), 35, "events in catalog json")
    check_equal([r["type"] for r in j["resource_types"]],
                ["aws_ecs_account_setting_default", "aws_ecs_capacity_provider", "aws_ecs_cluster",
                 "aws_ecs_cluster_capacity_providers", "aws_ecs_container_instance", "aws_ecs_daemon",
                 "aws_ecs_daemon_task_definition", "aws_ecs_express_gateway_service", "aws_ecs_service", "aws_ecs_tag",
                 "aws_ecs_task_definition", "aws_ecs_task_set"], "resource types")
    check_equal(next(e for e in j["events"] if e["name"] == "TagResource")["resource_type"], None,
                "TagResource: the type its ARN names")
    check_equal(next(e for e in j["events"] if e["name"] == "DeleteService"),
                {"name": "DeleteService", "source": "ecs.amazonaws.com", "resource_type": "aws_ecs_service",
                 "priority": "CRITICAL", "action": "delete", "description": "ECS service deleted", "fields": []},
                "DeleteService")
    # The one catalog JSON (catalog_text.hpp): the same keys as Python's tfdrift.catalog() and the C ABI.
    check_equal(list(j), ["events", "resource_types", "attribute_aliases"], "top-level keys")
    update = next(e for e in j["events"] if e["name"] == "UpdateService")
    check_equal({"request_path": "desiredCount", "attribute": "desired_count", "attribute_path": "desired_count",
                 "compare": "number"} in update["fields"], True, "UpdateService maps desiredCount")


@case
def markdown_and_text_escape_untrusted_text():
    r = record_of(SCENARIO_1)
    r["eventID"] = "e5c0ffee-0000-4000-8000-000000000001"
    r["userIdentity"]["userName"] = "ev*il_`x` <!here> [a](b) & ~s~ |t| \\ \x1b[31mred\x07"
    rc, out, err = detect("--format", "markdown", "-", stdin=(json.dumps(r) + "\n").encode())
    check_equal(rc, 1, "exit status")
    user = [l for l in out.splitlines() if l.startswith("- User: ")]
    check_equal(user, ["- User: ev\\*il\\_\\`x\\` &lt;!here&gt; \\[a\\](b) &amp; \\~s\\~ \\|t\\| \\\\ "
                       "\\\\x1b\\[31mred\\\\x07 (IAM User, CLI)"], "escaped user in markdown")
    rc, out, err = detect("-", stdin=(json.dumps(r) + "\n").encode())
    check("User: ev*il_`x` <!here> [a](b) & ~s~ |t| \\ \\x1b[31mred\\x07 (IAM User, CLI)\n" in out, out)
    check("\x1b" not in out and "\x07" not in out, "no control characters reach the terminal")


@case
def progress_only_on_a_terminal():
    tmp = tempfile.mkdtemp()
    try:
        # 40 MiB of non-ECS records with the three scenarios at the end.
        filler = [l for l in noise_lines() if b"ecs.amazonaws.com" not in l]
        path = os.path.join(tmp, "big.ndjson")
        size = 0
        with open(path, "wb") as f:
            while size < (40 << 20):
                for l in filler:
                    f.write(l)
                    size += len(l)
            for l in trail_lines():
                f.write(l)
        args = [BINARY, "detect", "--state", os.path.join(SOURCE, STATE), "--format", "ndjson", path]
        # Not a terminal: no progress line.
        p = subprocess.run(args, capture_output=True, timeout=300)
        check_equal(p.returncode, 1, "exit status")
        check(b"ETA" not in p.stderr and b"\r" not in p.stderr, "no progress without a terminal")
        check_equal(len(p.stdout.splitlines()), 3, "alerts")
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        # 64 MiB for a 40 MiB file; an AddressSanitizer build (-O0, shadow memory and a quarantine of
        # freed blocks) used 76 MiB here, so it gets three times that: the plain build checks the bound.
        bound = 192 if sanitized() else 64
        check(usage.ru_maxrss < bound * 1024, f"memory stays flat on a 40 MiB NDJSON file: {usage.ru_maxrss} KiB")
        # stderr on a terminal: the progress line shows, and is cleared before the summary.
        master, slave = pty.openpty()
        p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=slave)
        os.close(slave)
        seen = b""
        while True:
            r, _, _ = select.select([master], [], [], 60)
            if not r:
                break
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        p.wait(timeout=60)
        os.close(master)
        check_equal(p.returncode, 1, "exit status on a terminal")
        check(b"\r\x1b[Ktfdrift: " in seen and b"MiB of 40." in seen, f"progress line on a terminal: {seen[:300]!r}")
        check(b"tfdrift summary" in seen, "summary on a terminal")
    finally:
        shutil.rmtree(tmp)


# ---------------------------------------------------------------------------------------
# Metrics and the drift ledger (--metrics-file, --ledger, the open drifts in the summary)
# ---------------------------------------------------------------------------------------

@case
def closed_stdout_ends_the_run_with_summary_ledger_and_metrics():
    """`detect --ledger L ... | head -1`: the reader goes away; the next alert's write fails
    (EPIPE, no death by SIGPIPE): exit 2, the summary, the ledger and the metrics file."""
    tmp = tempfile.mkdtemp()
    p = None
    try:
        ledger = os.path.join(tmp, "ledger.json")
        metrics = os.path.join(tmp, "tfdrift.prom")
        p = subprocess.Popen([BINARY, "detect", "--state", STATE, "--ledger", ledger, "--metrics-file", metrics, "-"],
                             cwd=SOURCE, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        lines = trail_lines()
        first = next(i for i, l in enumerate(lines) if json.loads(l)["eventID"] == SCENARIO_1)
        p.stdin.write(b"".join(lines[: first + 1]))
        p.stdin.flush()
        ready, _, _ = select.select([p.stdout], [], [], 20)
        check(ready, "the first alert within 20 s")
        check_equal(p.stdout.readline().decode(), "🚨 Drift Detected: aws_ecs_service.main\n", "head -1")
        p.stdout.close()  # what head does after its line
        p.stdin.write(b"".join(lines[first + 1:]))
        p.stdin.close()
        rc = p.wait(timeout=20)
        err = p.stderr.read().decode()
        check_equal(rc, 2, "exit status (not 141, death by SIGPIPE)")
        check("tfdrift: error: [tfdrift.output.write] stdout: cannot write the alerts\n" in err, err)
        check("tfdrift: the alerts could not be written (output closed); stopped reading;" in err, err)
        check("tfdrift summary\n" in err and "  open drifts " in err, "the summary:\n" + err)
        with open(ledger, encoding="utf-8") as f:
            saved = json.load(f)
        check("aws_ecs_service.main" in [d["address"] for d in saved["open"]], "the ledger holds the first drift")
        with open(metrics, encoding="utf-8") as f:
            check('tfdrift_open_drifts{resource_type="aws_ecs_service"} 1\n' in f.read(), "the metrics file")
    finally:
        if p and p.poll() is None:
            p.kill()
            p.wait()
        shutil.rmtree(tmp)


@case
def del_and_c1_controls_are_escaped_in_json_alerts_and_the_ledger():
    """A userName with DEL and CSI as a C1 control (U+009B): \\u007f and \\u009b in the JSON
    alert and in the ledger file; \\x7f and \\x9b in text; never the raw bytes."""
    tmp = tempfile.mkdtemp()
    try:
        r = record_of(SCENARIO_1)
        r["userIdentity"]["userName"] = "ops\u007f\u009b2Jadmin"
        line = json.dumps(r).encode() + b"\n"
        ledger = os.path.join(tmp, "ledger.json")
        rc, out, err = detect("--format", "ndjson", "--ledger", ledger, "-", stdin=line)
        check_equal(rc, 1, "exit status")
        check('"actor":{"name":"ops\\u007f\\u009b2Jadmin",' in out, out)
        check("\x7f" not in out and "\x9b" not in out, repr(out))
        with open(ledger, "rb") as f:
            saved = f.read()
        check(b'"actor": "ops\\u007f\\u009b2Jadmin"' in saved, saved)
        check_equal(json.loads(saved)["open"][0]["actor"], "ops\x7f\x9b2Jadmin", "the ledger reads back")
        rc, out, err = detect("-", stdin=line)
        check("User: ops\\x7f\\x9b2Jadmin (IAM User, CLI)\n" in out, out)
    finally:
        shutil.rmtree(tmp)


# ---------------------------------------------------------------------------------------
# A stop (SIGTERM, SIGINT) while a whole file is read, inflated or processed
# ---------------------------------------------------------------------------------------

STOP_FILLER_RECORDS = 60000


def stop_test_object(path):
    """Writes a CloudTrail object (.json.gz, read whole) of scenario 1's drift then
    STOP_FILLER_RECORDS UpdateService records with distinct eventIDs that change nothing
    (no_change; ~220 MiB once inflated, seconds of work). Returns its inflated size."""
    lines = [l.rstrip(b"\n") for l in trail_lines()]
    first = next(l for l in lines if json.loads(l)["eventID"] == SCENARIO_1)
    filler = next(l for l in lines if json.loads(l)["eventID"] == "8929c20e-5809-50a6-8821-2a0941f20d6c")
    pre, post = filler.split(b"8929c20e-5809-50a6-8821-2a0941f20d6c")
    c = zlib.compressobj(1, zlib.DEFLATED, 31)
    size = 0
    with open(path, "wb") as f:
        def put(b):
            nonlocal size
            size += len(b)
            f.write(c.compress(b))
        put(b'{"Records":[' + first)
        for i in range(0, STOP_FILLER_RECORDS, 1000):
            put(b"".join(b"," + pre + b"00000000-0000-4000-8000-%012d" % (i + k) + post for k in range(1000)))
        put(b"]}")
        f.write(c.flush())
    return size


def human_bytes(n):
    """What the summary prints for a byte count (cli::human_bytes)."""
    v, u = float(n), 0
    while v >= 1024 and u < 4:
        v /= 1024
        u += 1
    return f"{n} B" if u == 0 else f"{v:.1f} {['B', 'KiB', 'MiB', 'GiB', 'TiB'][u]}"


def stop_summary_lines(err):
    """The summary's inputs, records and outcomes lines, and the records read."""
    summary = summary_without_speed(err)
    lines = summary.splitlines(True)
    records = int(lines[2].split()[1].replace(",", ""))
    return lines[1], lines[2], lines[3], records


@case
def sigterm_stops_a_whole_gzip_object_between_records():
    """SIGTERM while a large .json.gz object (read whole) is processed: the run stops within a
    record, not at the end of the file, and ends as a stop while streaming does: exit status 1
    (drift found), the summary saying the object was cut short and the next PATH not read, the
    ledger and the metrics file written. With --jobs the same."""
    tmp = tempfile.mkdtemp()
    try:
        big = os.path.join(tmp, "big.json.gz")
        size = stop_test_object(big)
        for jobs in ([], ["--jobs", "2"]):
            ledger = os.path.join(tmp, "ledger.json")
            metrics = os.path.join(tmp, "tfdrift.prom")
            for f in (ledger, metrics):
                if os.path.exists(f):
                    os.remove(f)
            p = subprocess.Popen([BINARY, "detect", "--state", STATE, "--format", "ndjson", "--ledger", ledger,
                                  "--metrics-file", metrics] + jobs + [big, TRAIL],
                                 cwd=SOURCE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            try:
                # The first alert (the object's first record) comes once the object is read and
                # inflated whole: from then on its records are processed.
                ready, _, _ = select.select([p.stdout], [], [], 120)
                check(ready, f"{jobs}: the first alert within 120 s")
                time.sleep(0.3)
                p.send_signal(signal.SIGTERM)
                signalled = time.monotonic()
                try:
                    out, err = p.communicate(timeout=60)
                except subprocess.TimeoutExpired:
                    raise Failure(f"{jobs}: SIGTERM ignored: still running 60 s later")
                after_signal = time.monotonic() - signalled
            finally:
                if p.poll() is None:
                    p.kill()
                    p.wait()
            err = err.decode()
            check_equal(p.returncode, 1, f"{jobs}: exit status after SIGTERM with drift found")
            check_equal([a["event_id"] for a in ndjson(out.decode())], [SCENARIO_1], f"{jobs}: alerts")
            check("tfdrift: interrupted; the summary covers what was read\n" in err, err)
            inputs, records_line, outcomes, records = stop_summary_lines(err)
            check_equal(inputs, f"  inputs      1 file, {human_bytes(size)}; stopped: 1 cut short, 1 not read\n",
                        f"{jobs}: the inputs line")
            # Ended well before the file would: under half its records, within a second or two
            # of the signal (a record takes well under a millisecond).
            check(1 <= records < (STOP_FILLER_RECORDS + 1) // 2,
                  f"{jobs}: {records} of {STOP_FILLER_RECORDS + 1} records read before the stop:\n{err}")
            check(after_signal < 3.0, f"{jobs}: {after_signal:.2f} s from SIGTERM to the end")
            check_equal(outcomes,
                        f"  outcomes    alert=1 not_ecs=0 read_only=0 failed_call=0 terraform=0 ignored=0 "
                        f"out_of_scope=0 out_of_range=0 untracked=0 no_change={records - 1} duplicate=0 "
                        f"malformed=0\n", f"{jobs}: outcomes (every record read counted once)")
            with open(ledger, encoding="utf-8") as f:
                check_equal([d["address"] for d in json.load(f)["open"]], ["aws_ecs_service.main"], "the ledger")
            with open(metrics, encoding="utf-8") as f:
                check(f'tfdrift_records_total{{outcome="no_change"}} {records - 1}\n' in f.read(), "the metrics file")
    finally:
        shutil.rmtree(tmp)


@case
def sigterm_stops_a_whole_file_read_that_waits():
    """SIGTERM while a whole file's read waits for data (a FIFO named as a .json.gz PATH): the
    read is cut short, not an error (before: the read went on waiting until the writer closed,
    then [tfdrift.input.read] Interrupted system call, exit status 2): exit status 0, nothing
    read, the summary says so."""
    tmp = tempfile.mkdtemp()
    p = None
    try:
        fifo = os.path.join(tmp, "slow.json.gz")
        os.mkfifo(fifo)
        p = subprocess.Popen([BINARY, "detect", "--state", STATE, "--format", "ndjson", fifo], cwd=SOURCE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        with open(fifo, "wb") as w:  # opens once tfdrift does
            w.write(gzip.compress(b'{"Records":[')[:-8])  # no end: the read waits for more
            w.flush()
            time.sleep(0.5)
            p.send_signal(signal.SIGTERM)
            signalled = time.monotonic()
            try:
                out, err = p.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                raise Failure("SIGTERM ignored: still reading the FIFO 20 s later")
            after_signal = time.monotonic() - signalled
        err = err.decode()
        check_equal((p.returncode, out), (0, b""), "exit status and stdout")
        check("error" not in err, err)
        check("tfdrift: interrupted; the summary covers what was read\n" in err, err)
        inputs, records_line, _, records = stop_summary_lines(err)
        check_equal(inputs, "  inputs      1 file, 0 B; stopped: 1 cut short, 0 not read\n", "the inputs line")
        check_equal(records, 0, "records read")
        check(after_signal < 3.0, f"{after_signal:.2f} s from SIGTERM to the end")
    finally:
        if p and p.poll() is None:
            p.kill()
            p.wait()
        shutil.rmtree(tmp)


# ---------------------------------------------------------------------------------------
# Bounded memory (each run under `ulimit -v`, so that holding more than the limits aborts)
# ---------------------------------------------------------------------------------------

def gzip_bomb(path, gib=1.5, suffix=b""):
    """Writes a multi-member gzip file of spaces that decompresses to `gib` GiB (~1.5 MB)."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    member = c.compress(b" " * (16 << 20)) + c.flush()
    with open(path, "wb") as f:
        for _ in range(int(gib * 64)):
            f.write(member)
        if suffix:
            f.write(gzip.compress(suffix))


class Skip(Exception):
    """A case that cannot run with this binary (ctest shows it as skipped: exit status 77)."""


_SANITIZED = None


def sanitized():
    """True when the binary is built with AddressSanitizer, which reserves far more address
    space than any `ulimit -v` below allows, so that every limited run would abort at start."""
    global _SANITIZED
    if _SANITIZED is None:
        with open(BINARY, "rb") as f:
            _SANITIZED = b"__asan_init" in f.read()
    return _SANITIZED


def limited(kbytes, args, stdin_cmd=None):
    """Runs tfdrift ARGS under `ulimit -v KBYTES` (stdin from the shell command stdin_cmd)."""
    if sanitized():
        raise Skip("an AddressSanitizer build cannot run under ulimit -v")
    cmd = " ".join(shlex.quote(a) for a in [BINARY] + args)
    script = f"ulimit -v {kbytes}; exec {cmd}"
    if stdin_cmd:
        script = f"{stdin_cmd} | (ulimit -v {kbytes}; exec {cmd})"
    p = subprocess.run(["bash", "-c", script], capture_output=True, cwd=SOURCE, timeout=300)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


@case
def gzip_bomb_ends_as_input_size_and_the_run_goes_on():
    tmp = tempfile.mkdtemp()
    try:
        bomb = os.path.join(tmp, "bomb.json.gz")
        gzip_bomb(bomb)
        # 3 GB of address space: the bomb's 1.5 GiB would fit once but not grown by doubling
        # (before, it reached 4.2 GB); the 1 GiB limit, held at most about twice, does.
        rc, out, err = limited(3000000, ["detect", "--state", STATE, "--format", "ndjson", bomb, TRAIL])
        check_equal(rc, 2, "exit status: an unreadable input")
        check(f"tfdrift: error: [tfdrift.input.size] {bomb}: larger than 1073741824 bytes once decompressed "
              "(a gzip bomb?); the limit is --max-file-bytes (default 1 GiB) (skipped; the other inputs are still "
              "read)\n" in err, err)
        check_equal(sorted(a["event_id"] for a in ndjson(out)), sorted(SCENARIOS), "the trail's alerts")
        check("  inputs      1 file, " in err and "1 unreadable" in err, err)
        # Streamed (.ndjson.gz), with --jobs, and as --state: the same error id.
        nd = os.path.join(tmp, "bomb.ndjson.gz")
        shutil.copy(bomb, nd)
        rc, out, err = limited(1500000, ["detect", "--state", STATE, "--max-file-bytes", "67108864", nd, bomb])
        check_equal(rc, 2, "streamed: exit status")
        for path in (nd, bomb):
            check(f"[tfdrift.input.size] {path}: larger than 67108864 bytes once decompressed" in err, err)
        rc, out, err = limited(1500000, ["detect", "--state", STATE, "--jobs", "2", "--max-file-bytes", "67108864",
                                         bomb, nd, TRAIL])
        check_equal(rc, 2, "--jobs: exit status")
        check(err.count("[tfdrift.input.size]") == 2 and "2 unreadable" in err, err)
        rc, out, err = limited(3000000, ["detect", "--state", bomb, TRAIL])
        check_equal(rc, 2, "--state: exit status")
        check(f"tfdrift: error: [tfdrift.input.size] {bomb}: larger than 1073741824 bytes once decompressed" in err, err)
        # /dev/zero as a PATH: read whole up to the limit, then the error.
        rc, out, err = limited(1500000, ["detect", "--state", STATE, "--max-file-bytes", "67108864", "/dev/zero", TRAIL])
        check_equal(rc, 2, "/dev/zero: exit status")
        check("[tfdrift.input.size] /dev/zero: larger than 67108864 bytes; the limit is --max-file-bytes" in err, err)
    finally:
        shutil.rmtree(tmp)


@case
def allocation_failure_is_that_inputs_error():
    """Without a limit that fits (--max-file-bytes 4 GiB, 800 MB of address space), the bomb's
    allocation fails: that file's error, the others are read, the summary is printed."""
    tmp = tempfile.mkdtemp()
    try:
        bomb = os.path.join(tmp, "bomb.json.gz")
        gzip_bomb(bomb)
        rc, out, err = limited(800000, ["detect", "--state", STATE, "--format", "ndjson",
                                        "--max-file-bytes", str(4 << 30), bomb, TRAIL])
        check_equal(rc, 2, "exit status")
        check(f"tfdrift: error: [tfdrift.input.memory] {bomb}: out of memory while reading it" in err, err)
        check_equal(sorted(a["event_id"] for a in ndjson(out)), sorted(SCENARIOS), "the trail's alerts")
        check("tfdrift summary\n" in err, "the summary:\n" + err)
    finally:
        shutil.rmtree(tmp)


@case
def stdin_line_without_newline_is_bounded():
    """600 MB on stdin without a newline, 400 MB of address space: one malformed record
    (tfdrift.input.size), held to the record limit (64 MiB + 1 byte)."""
    rc, out, err = limited(400000, ["detect", "--state", STATE, "-"],
                           stdin_cmd="head -c 600000000 /dev/zero | tr '\\0' a")
    check_equal(rc, 0, "exit status: a malformed record does not change it")
    check("  inputs      stdin, 572.2 MiB\n" in err, err)
    check("              -:1: [tfdrift.input.size] record of 67108865 bytes is over the limit" in err, err)


@case
def output_may_not_name_what_the_run_reads():
    tmp = tempfile.mkdtemp()
    try:
        state = os.path.join(tmp, "state.tfstate")
        shutil.copy(os.path.join(SOURCE, STATE), state)
        inputs = os.path.join(tmp, "in")
        os.mkdir(inputs)
        trail = os.path.join(inputs, "trail.ndjson")
        shutil.copy(os.path.join(SOURCE, TRAIL), trail)
        ledger = os.path.join(tmp, "ledger.json")
        with open(ledger, "w") as f:
            f.write('{"schema": "tfdrift.ledger.v1", "open": []}\n')
        os.symlink("state.tfstate", os.path.join(tmp, "link-to-state"))
        before = {p: open(p, "rb").read() for p in (state, trail, ledger)}
        for out, path, says in ((state, inputs, "is the state " + state),
                                (os.path.join(tmp, "link-to-state"), inputs, "is the state " + state),
                                (os.path.join(inputs, "..", "state.tfstate"), inputs, "is the state " + state),
                                (trail, trail, "is the input " + trail),
                                (trail, inputs, "is inside the input directory " + inputs),
                                (ledger, inputs, "is the ledger " + ledger),
                                (os.path.join(inputs, "alerts.json"), inputs, "is inside the input directory " + inputs)):
            rc, _, err = run(["detect", "--state", state, "--ledger", ledger, "--output", out, path])
            check_equal(rc, 2, f"--output {out}: exit status")
            check(f"tfdrift: usage error: --output {out} {says}: it would be truncated before it is read" in err, err)
            for p, content in before.items():
                check(open(p, "rb").read() == content, f"--output {out}: {p} is intact")
        out = os.path.join(tmp, "alerts.txt")
        rc, _, err = run(["detect", "--state", state, "--output", out, inputs])
        check_equal(rc, 1, "a new file elsewhere: exit status")
        check("aws_ecs_service.main" in open(out, encoding="utf-8").read(), "the alerts in --output")
    finally:
        shutil.rmtree(tmp)


@case
def unreadable_subdirectory_is_that_entrys_error():
    """A directory below a PATH that cannot be listed is an error for it (exit status 2); the
    other files of the PATH are still read (before, the PATH read no file at all)."""
    tmp = tempfile.mkdtemp()
    try:
        os.chmod(tmp, 0o755)
        top = os.path.join(tmp, "logs")
        os.makedirs(os.path.join(top, "a"))
        os.makedirs(os.path.join(top, "b-locked"))
        os.makedirs(os.path.join(top, "c"))
        lines = trail_lines()
        half = len(lines) // 2
        with open(os.path.join(top, "a", "1.ndjson"), "wb") as f:
            f.writelines(lines[:half])
        with open(os.path.join(top, "c", "2.ndjson"), "wb") as f:
            f.writelines(lines[half:])
        with open(os.path.join(top, "b-locked", "x.ndjson"), "wb") as f:
            f.writelines(lines)
        os.chmod(os.path.join(top, "b-locked"), 0)
        prefix = []
        if os.geteuid() == 0:  # root reads any directory: run as nobody
            prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        p = subprocess.run(prefix + [BINARY, "detect", "--state", os.path.join(SOURCE, STATE), "--format", "ndjson",
                                     top], capture_output=True, cwd=SOURCE, timeout=60)
        err = p.stderr.decode()
        check_equal(p.returncode, 2, "exit status")
        locked = os.path.join(top, "b-locked")
        check(f"tfdrift: error: [tfdrift.input.read] {locked}: Permission denied (skipped; the other inputs are still "
              "read)\n" in err, err)
        check_equal(sorted(a["event_id"] for a in ndjson(p.stdout.decode())), sorted(SCENARIOS), "the other files' alerts")
        check("  inputs      2 files, " in err and "1 unreadable" in err, err)
    finally:
        os.chmod(os.path.join(tmp, "logs", "b-locked"), 0o755)
        shutil.rmtree(tmp)


@case
def ledger_symlink_is_followed():
    """--ledger through a symbolic link replaces the file it points to; no temporary is left."""
    tmp = tempfile.mkdtemp()
    try:
        os.mkdir(os.path.join(tmp, "data"))
        real = os.path.join(tmp, "data", "ledger.json")
        link = os.path.join(tmp, "ledger.json")
        os.symlink("data/ledger.json", link)
        for _ in range(2):
            rc, out, err = detect("--ledger", link, AWSLOGS)
            check_equal(rc, 1, "exit status")
            check(os.path.islink(link) and os.readlink(link) == "data/ledger.json", "the link stays a link")
            with open(real, encoding="utf-8") as f:
                check_equal(len(json.load(f)["open"]), 4, "the file it points to holds the drifts")
            check_equal(sorted(os.listdir(tmp)), ["data", "ledger.json"], "nothing else beside the link")
            check_equal(os.listdir(os.path.join(tmp, "data")), ["ledger.json"], "no temporary beside the file")
    finally:
        shutil.rmtree(tmp)


@case
def metrics_file_and_ledger_survive_a_restart():
    tmp = tempfile.mkdtemp()
    try:
        metrics = os.path.join(tmp, "tfdrift.prom")
        ledger = os.path.join(tmp, "ledger.json")
        rc, out, err = detect("--format", "ndjson", "--metrics-file", metrics, "--ledger", ledger, AWSLOGS)
        check_equal(rc, 1, "exit status (drift found)")
        check_equal(sorted(os.listdir(tmp)), ["ledger.json", "tfdrift.prom"], "files written (no temporary left)")
        with open(metrics, encoding="utf-8") as f:
            prom = f.read()
        for line in ['tfdrift_records_total{outcome="alert"} 3\n', 'tfdrift_records_total{outcome="not_ecs"} 6\n',
                     'tfdrift_open_drifts{resource_type="aws_ecs_service"} 1\n',
                     'tfdrift_ecs_changes_total{source="terraform"} 3\n',
                     'tfdrift_ecs_service_updates_total{cluster="production"} 3\n']:
            check(line in prom, f"{line!r} in the metrics file")
        check(prom.count("# TYPE ") == prom.count("# HELP ") and prom.count("# TYPE ") >= 19, "HELP and TYPE")
        with open(ledger, encoding="utf-8") as f:
            saved = json.load(f)
        check_equal(saved["schema"], "tfdrift.ledger.v1", "ledger schema")
        check_equal([(d["address"], d["path"]) for d in saved["open"]],
                    [("aws_ecs_cluster_capacity_providers.main", "capacity_providers"),
                     ("aws_ecs_cluster_capacity_providers.main", "default_capacity_provider_strategy"),
                     ("aws_ecs_service.main", "desired_count"),
                     ("aws_ecs_task_definition.web_app", "container_definitions[name=nginx].image")], "open drifts saved")
        # A restart: the ledger is read back, and a revert of scenario 1 resolves it.
        r = record_of(SCENARIO_1)
        r["eventID"] = "e5c0ffee-0000-4000-8000-00000000f00d"
        r["requestParameters"]["desiredCount"] = 3
        rc, out, err = detect("--ledger", ledger, "--metrics-file", metrics, "-", stdin=(json.dumps(r) + "\n").encode())
        check_equal(rc, 0, "exit status: a resolved alert alone is no drift")
        check_equal(out, "✅ Drift Resolved: aws_ecs_service.main\nChanged: desired_count = 5 → 3\n"
                         "User: ops-admin (IAM User, CLI)\nRegion: us-east-1\nSeverity: HIGH\n", "resolved alert")
        summary = summary_without_speed(err)
        check("  alerts      1 by severity: critical=0 high=1 medium=0 low=0; by kind: resolved=1\n" in summary, summary)
        check("  open drifts 3:\n" in summary and "aws_ecs_service.main" not in summary, summary)
        with open(ledger, encoding="utf-8") as f:
            check_equal(len(json.load(f)["open"]), 3, "open drifts after the revert")
        with open(metrics, encoding="utf-8") as f:
            prom = f.read()
        check('tfdrift_drifts_resolved_total{reason="event"} 1\n' in prom, prom)
        check('tfdrift_open_drifts{resource_type="aws_ecs_service"} 0\n' in prom, prom)
    finally:
        shutil.rmtree(tmp)


@case
def open_drifts_in_the_summary_none():
    rc, out, err = detect("-", stdin=b"".join(noise_lines()))
    check("  open drifts none\n  malformed   none\n" in summary_without_speed(err), err)


@case
def metrics_file_and_ledger_errors_exit_2():
    tmp = tempfile.mkdtemp()
    try:
        rc, out, err = detect("--metrics-file", os.path.join(tmp, "no", "such", "dir.prom"), TRAIL)
        check_equal(rc, 2, "exit status when the metrics file cannot be written")
        check("tfdrift: error: [tfdrift.output.metrics] " in err, err)
        check("tfdrift summary" in err, "the summary is still printed")
        broken = os.path.join(tmp, "ledger.json")
        with open(broken, "w", encoding="utf-8") as f:
            f.write('{"schema": "tfdrift.ledger.v1", "open": [\n')
        rc, out, err = detect("--ledger", broken, TRAIL)
        check_equal((rc, out), (2, ""), "exit status and stdout with a broken ledger")
        check(f"tfdrift: error: [tfdrift.ledger.parse] {broken}: not valid JSON at line 2, column 1" in err, err)
    finally:
        shutil.rmtree(tmp)


def main():
    global BINARY, SOURCE
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary")
    ap.add_argument("--source-dir")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("cases", nargs="*")
    a = ap.parse_args()
    if a.list:
        print("\n".join(CASES))
        return 0
    if not a.binary:
        ap.error("--binary is required")
    BINARY = os.path.abspath(a.binary)
    if a.source_dir:
        SOURCE = os.path.abspath(a.source_dir)
    failed = skipped = 0
    names = a.cases or list(CASES)
    for name in names:
        if name not in CASES:
            print(f"unknown case {name}", file=sys.stderr)
            return 2
        start = time.time()
        try:
            CASES[name]()
            print(f"ok    {name} ({time.time() - start:.2f} s)")
        except Skip as e:
            skipped += 1
            print(f"skip  {name}: {e}")
        except Failure as e:
            failed += 1
            print(f"FAIL  {name}: {e}")
    if failed:
        return 1
    return 77 if skipped == len(names) else 0


if __name__ == "__main__":
    sys.exit(main())

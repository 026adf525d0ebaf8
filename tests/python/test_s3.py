"""Reading CloudTrail and state from a real S3 API (moto's server on 127.0.0.1, started and
stopped here): the alerts equal a local run's byte for byte, in-process and on a Dask cluster of
2 worker processes in another working directory; --since/--until/--accounts/--regions prune
the AWSLogs layout before anything is listed or opened.

The trail is the bundled example (examples/ecs/AWSLogs) plus generated days of the example's
records in a plain and an organization trail. A missing moto or s3fs fails these tests.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import socket
import subprocess
import uuid
from pathlib import Path

import boto3
import fsspec
import pytest

import s3fs  # never skipped: a missing install fails here
from distributed import Client, LocalCluster
from moto.server import ThreadedMotoServer

import tfdrift
import tfdrift.dask
from conftest import REPO

TRAIL = "trail"
STATES = "tfstate"
PLAIN = "AWSLogs/123456789012/CloudTrail"
ORG = "AWSLogs/o-aa11bb22cc/210987654321/CloudTrail"
DAYS = ["2025/03/01", "2025/03/02", "2025/03/03", "2025/03/04", "2025/03/05"]
LATE_ID = "late-published-0001"  # published in 03/04's directory, eventTime 2025-03-03T23:58:00Z


def cli() -> str:
    path = Path(os.environ.get("TFDRIFT_CLI") or REPO / "build" / "tools" / "tfdrift")
    if not path.is_file():
        pytest.fail(f"the CLI is not built at {path}: run ./scripts/test, or set TFDRIFT_CLI")
    return str(path)


def example_records() -> list:
    records = []
    for f in sorted((REPO / "examples/ecs/AWSLogs").rglob("*.json.gz")):
        if "CloudTrail-Digest" not in f.parts:
            records.extend(json.loads(gzip.decompress(f.read_bytes()))["Records"])
    assert len(records) >= 15
    return records


def write_local_tree(root: Path) -> None:
    """The example trail, a digest and a hidden file (never read), and generated days."""
    shutil.copytree(REPO / "examples/ecs/AWSLogs", root / "AWSLogs")
    shutil.copy(REPO / "examples/ecs/terraform.tfstate", root / "terraform.tfstate")
    digest = root / "AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2025/03/11/digest.json.gz"
    digest.parent.mkdir(parents=True, exist_ok=True)
    digest.write_bytes(gzip.compress(b'{"Records":[{"eventSource":"ecs.amazonaws.com"}]}', mtime=0))
    (root / PLAIN / "us-east-1/.hidden.json").write_text('{"eventSource":"ecs.amazonaws.com"}')
    records = example_records()
    for prefix, region in [(PLAIN, "us-east-1"), (PLAIN, "eu-west-1"), (ORG, "us-east-1")]:
        for day in DAYS:
            moved = []
            for r in records:
                r = dict(r)
                r["eventTime"] = day.replace("/", "-") + r["eventTime"][10:]
                r["eventID"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{prefix}/{region}/{day}/{r['eventID']}"))
                r["awsRegion"] = region
                moved.append(r)
            half = len(moved) // 2
            directory = root / prefix / region / day
            directory.mkdir(parents=True)
            for name, part in [("a.json.gz", moved[:half]), ("b.json.gz", moved[half:])]:
                (directory / name).write_bytes(gzip.compress(json.dumps({"Records": part}).encode(), mtime=0))
            if day == "2025/03/04" and prefix == PLAIN and region == "us-east-1":
                late = dict(moved[3] if moved[3]["eventName"] == "UpdateService" else
                            next(m for m in moved if m["eventName"] == "UpdateService"))
                late["eventTime"], late["eventID"] = "2025-03-03T23:58:00Z", LATE_ID
                (directory / "c.json").write_text(json.dumps({"Records": [late]}))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def local_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("local")
    write_local_tree(root)
    return root


@pytest.fixture(scope="module")
def s3(local_root):
    """moto's S3 server on 127.0.0.1 and a free port, holding the trail and the state; yields
    the storage_options that reach it."""
    saved = {k: os.environ.get(k) for k in ("NO_PROXY", "no_proxy")}
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        options = {
            "key": "testing",
            "secret": "testing",
            "client_kwargs": {"endpoint_url": f"http://127.0.0.1:{port}", "region_name": "us-east-1"},
        }
        buckets = boto3.client("s3", aws_access_key_id="testing", aws_secret_access_key="testing",
                               **options["client_kwargs"])
        for bucket in (TRAIL, STATES):
            buckets.create_bucket(Bucket=bucket)
        fs = s3fs.S3FileSystem(skip_instance_cache=True, **options)  # not the instance the tests list with
        for f in sorted(local_root.rglob("*")):
            if f.is_file():
                rel = f.relative_to(local_root).as_posix()
                bucket = STATES if rel == "terraform.tfstate" else TRAIL
                fs.pipe(f"{bucket}/{rel}", f.read_bytes())
        yield options
    finally:
        server.stop()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([cli(), "detect", "--format", "ndjson", "--state", "terraform.tfstate", *args],
                          cwd=root, capture_output=True, text=True, check=False)


def as_s3(ndjson: str) -> str:
    """The CLI's local output with the local names replaced by the URLs the S3 run reads."""
    return ndjson.replace('"source":"AWSLogs/', f'"source":"s3://{TRAIL}/AWSLogs/').replace(
        '"state_file":"terraform.tfstate"', f'"state_file":"s3://{STATES}/terraform.tfstate"')


def dumps(alerts: list) -> str:
    return "".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) + "\n" for a in alerts)


def s3_alerts(options: dict, **filters) -> tuple:
    times = {k: filters.pop(k) for k in ("since", "until") if k in filters}
    d = tfdrift.Detector(state=f"s3://{STATES}/terraform.tfstate", storage_options=options, **times)
    files = tfdrift.list_input_files(f"s3://{TRAIL}/AWSLogs/", storage_options=options, **times, **filters)
    alerts = []
    for f in files:
        alerts.extend(d.process_file(f))
    return alerts, d.stats, files


def test_the_s3_listing_is_the_cli_walk(local_root, s3):
    local = tfdrift.list_input_files(str(local_root / "AWSLogs"))
    remote = tfdrift.list_input_files(f"s3://{TRAIL}/AWSLogs/", storage_options=s3)
    assert len(local) == 2 + 3 * len(DAYS) * 2 + 1
    assert [f"s3://{TRAIL}/" + Path(p).relative_to(local_root).as_posix() for p in local] == remote
    assert not [f for f in remote if "CloudTrail-Digest" in f or "/." in f]
    # One object by its URL is itself, whatever its name; a missing one is tfdrift.input.read.
    assert tfdrift.list_input_files(remote[0], storage_options=s3) == [remote[0]]
    with pytest.raises(tfdrift.InputError) as e:
        tfdrift.list_input_files(f"s3://{TRAIL}/nothing/here", storage_options=s3)
    assert (e.value.id, e.value.where) == ("tfdrift.input.read", f"s3://{TRAIL}/nothing/here")


def test_s3_alerts_equal_a_local_cli_run_byte_for_byte(local_root, s3):
    run = run_cli(local_root, "AWSLogs")
    assert run.returncode == 1, run.stderr
    alerts, stats, files = s3_alerts(s3)
    assert len(alerts) >= 3 * len(DAYS) * 3
    assert dumps(alerts) == as_s3(run.stdout)
    assert stats["outcomes"]["out_of_range"] == 0
    assert f"  inputs      {len(files)} files," in run.stderr


def test_a_config_from_s3_is_read_and_its_errors_name_the_url(s3):
    fs = s3fs.S3FileSystem(**s3)
    fs.pipe(f"{STATES}/config.yaml", (REPO / "examples/config/config.yaml").read_bytes())
    fs.pipe(f"{STATES}/bad.yaml", b"drift_rules:\n  - name: x\n    severty: high\n")
    d = tfdrift.Detector(state=[], config=f"s3://{STATES}/config.yaml", storage_options=s3)
    assert repr(d) == f"<tfdrift.Detector states=[] config=s3://{STATES}/config.yaml>"
    with pytest.raises(tfdrift.ConfigError) as e:
        tfdrift.Detector(state=[], config=f"s3://{STATES}/bad.yaml", storage_options=s3)
    assert e.value.id == "tfdrift.config.unknown_key"
    assert e.value.where.startswith(f"s3://{STATES}/bad.yaml:3:")


def test_process_file_and_state_errors_from_s3_name_the_url(s3):
    d = tfdrift.Detector(state=f"s3://{STATES}/terraform.tfstate", storage_options=s3)
    with pytest.raises(tfdrift.InputError) as e:
        d.process_file(f"s3://{TRAIL}/missing.json.gz")
    assert (e.value.id, e.value.where, e.value.message) == (
        "tfdrift.input.read", f"s3://{TRAIL}/missing.json.gz", "no such file or object")
    with pytest.raises(tfdrift.StateError) as e:
        tfdrift.Detector(state=f"s3://{STATES}/missing.tfstate", storage_options=s3)
    assert (e.value.id, e.value.where) == ("tfdrift.input.read", f"s3://{STATES}/missing.tfstate")


class Counting:
    """Records the S3 prefixes listed and the objects opened by this process, on the s3fs
    instance that tfdrift gets for these storage_options, its listing cache emptied."""

    def __init__(self, monkeypatch, options):
        self.listed, self.opened = [], []
        fs = fsspec.core.url_to_fs(f"s3://{TRAIL}/", **options)[0]
        fs.invalidate_cache()
        real_ls, real_read = fs.ls, tfdrift._read_url_raw

        def ls(path, *args, **kwargs):
            self.listed.append(path.rstrip("/"))
            return real_ls(path, *args, **kwargs)

        def read(url, *args, **kwargs):
            self.opened.append(url)
            return real_read(url, *args, **kwargs)

        monkeypatch.setattr(fs, "ls", ls)
        monkeypatch.setattr(tfdrift, "_read_url_raw", read)


def test_since_until_prune_days_before_listing_and_filter_records(local_root, s3, monkeypatch):
    since, until = "2025-03-03T12:00:00Z", "2025-03-04"
    count = Counting(monkeypatch, s3)
    alerts, stats, files = s3_alerts(s3, since=since, until=until)
    # Days 03 (after since) and 04 (it may hold records of 03 published late); 01, 02 and 05
    # are never listed, and no object outside them is opened.
    days = ["2025/03/03", "2025/03/04"]
    expected = [f"s3://{TRAIL}/{prefix}/{region}/{day}/{name}"
                for prefix, region in [(PLAIN, "eu-west-1"), (PLAIN, "us-east-1"), (ORG, "us-east-1")]
                for day in days for name in ["a.json.gz", "b.json.gz"]
                + (["c.json"] if (prefix, region, day) == (PLAIN, "us-east-1", "2025/03/04") else [])]
    assert files == expected and len(files) == 13
    assert count.opened == [f"s3://{STATES}/terraform.tfstate"] + files
    assert f"{TRAIL}/{PLAIN}/us-east-1/2025/03" in count.listed  # the month, to find its days
    assert f"{TRAIL}/{PLAIN}/us-east-1/2025/03/04" in count.listed
    for day in ["2025/03/01", "2025/03/02", "2025/03/05", "2025/03/11"]:
        assert not [p for p in count.listed if p.endswith(day)], (day, count.listed)
    assert {a["event_time"][:10] for a in alerts} == {"2025-03-03"}
    assert all(since <= a["event_time"] < "2025-03-04T00:00:00Z" for a in alerts)
    assert LATE_ID in {a["event_id"] for a in alerts}
    assert stats["outcomes"]["out_of_range"] > 0
    assert stats["records_read"] == sum(stats["outcomes"].values())

    # The CLI on the local copy opens as many files and prints the same alerts.
    run = run_cli(local_root, "--since", since, "--until", until, "AWSLogs")
    assert run.returncode == 1, run.stderr
    assert f"  inputs      {len(files)} files," in run.stderr
    assert f" out_of_range={stats['outcomes']['out_of_range']} " in run.stderr
    assert dumps(alerts) == as_s3(run.stdout)


def test_accounts_and_regions_prune_their_prefixes(local_root, s3, monkeypatch):
    count = Counting(monkeypatch, s3)
    alerts, _, files = s3_alerts(s3, accounts=["2109*"], regions="us-east-1")
    assert files == [f"s3://{TRAIL}/{ORG}/us-east-1/{day}/{n}" for day in DAYS for n in ["a.json.gz", "b.json.gz"]]
    assert f"{TRAIL}/AWSLogs" in count.listed and f"{TRAIL}/{ORG}/us-east-1/2025/03" in count.listed
    assert not [p for p in count.listed if "/123456789012" in p]
    assert alerts and all(a["place"]["source"].startswith(f"s3://{TRAIL}/{ORG}/us-east-1/") for a in alerts)
    run = run_cli(local_root, "--accounts", "2109*", "--regions", "us-east-1", "AWSLogs")
    assert f"  inputs      {len(files)} files," in run.stderr
    assert dumps(alerts) == as_s3(run.stdout)


def test_bad_times_are_value_errors():
    with pytest.raises(ValueError, match="since: expected a UTC time"):
        tfdrift.Detector(state=[], since="March")
    with pytest.raises(ValueError, match="since must be before until"):
        tfdrift.list_input_files(".", since="2025-03-02", until="2025-03-01")


@pytest.fixture(scope="module")
def elsewhere_client(tmp_path_factory):
    """2 worker processes, one thread each, whose working directory holds none of the data."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        client.wait_for_workers(2)
        client.run(os.chdir, str(elsewhere))
        assert set(client.run(os.getcwd).values()) == {str(elsewhere)}
        yield client


def test_dask_workers_read_s3_and_give_the_local_result(local_root, s3, elsewhere_client):
    run = run_cli(local_root, "AWSLogs")
    result = tfdrift.dask.detect(f"s3://{TRAIL}/AWSLogs/", state=f"s3://{STATES}/terraform.tfstate",
                                 client=elsewhere_client, storage_options=s3)
    assert dumps(result.alerts) == as_s3(run.stdout)
    workers = {p["worker"] for p in result.partitions}
    assert len(result.partitions) == 2 and len(workers) == 2 and "" not in workers
    assert sum(p["files"] for p in result.partitions) == len(result.files) == 2 + 3 * len(DAYS) * 2 + 1

    since, until = "2025-03-03T12:00:00Z", "2025-03-04"
    ranged = tfdrift.dask.detect(f"s3://{TRAIL}/AWSLogs/", state=f"s3://{STATES}/terraform.tfstate",
                                 client=elsewhere_client, storage_options=s3, since=since, until=until)
    run = run_cli(local_root, "--since", since, "--until", until, "AWSLogs")
    assert dumps(ranged.alerts) == as_s3(run.stdout)
    assert len(ranged.files) == 13
    assert f" out_of_range={ranged.stats['outcomes']['out_of_range']} " in run.stderr


def test_dask_on_error_skip_records_a_broken_object_and_keeps_the_rest(s3, elsewhere_client):
    day = f"s3://{TRAIL}/{PLAIN}/us-east-1/2025/03/02"
    fs = s3fs.S3FileSystem(skip_instance_cache=True, **s3)
    fs.pipe(f"{day[5:]}/broken.json.gz", b"not gzip")
    try:
        check_skip(day, s3, elsewhere_client)
    finally:
        fs.rm(f"{day[5:]}/broken.json.gz")


def check_skip(day, s3, elsewhere_client):
    paths = [f"{day}/a.json.gz", f"{day}/broken.json.gz", f"{day}/b.json.gz"]
    state = f"s3://{STATES}/terraform.tfstate"
    result = tfdrift.dask.detect(paths, state=state, client=elsewhere_client, storage_options=s3, on_error="skip",
                                 partitions=1)
    assert result.errors == [{"id": "tfdrift.input.gzip", "where": paths[1],
                              "message": "not a gzip file (no gzip header), though the name ends in .gz"}]
    d = tfdrift.Detector(state=state, storage_options=s3)
    assert dumps(result.alerts) == dumps(d.process_file(paths[0]) + d.process_file(paths[2]))
    with pytest.raises(tfdrift.InputError) as e:
        tfdrift.dask.detect(paths, state=state, client=elsewhere_client, storage_options=s3)
    assert (e.value.id, e.value.where) == ("tfdrift.input.gzip", paths[1])
    # A key that does not exist fails the listing on the client, before any work, as a local path does.
    with pytest.raises(tfdrift.InputError) as e:
        tfdrift.dask.detect([f"{day}/missing.json.gz"], state=state, client=elsewhere_client, storage_options=s3)
    assert (e.value.id, e.value.where) == ("tfdrift.input.read", f"{day}/missing.json.gz")


def test_a_second_walk_sees_objects_delivered_since_the_first(s3):
    prefix = f"{STATES}/later/AWSLogs/123456789012/CloudTrail/us-east-1/2025/03/06"
    writer = s3fs.S3FileSystem(skip_instance_cache=True, **s3)
    writer.pipe(f"{prefix}/a.json", b'{"Records":[]}')
    try:
        url = f"s3://{STATES}/later/"
        assert tfdrift.list_input_files(url, storage_options=s3) == [f"s3://{prefix}/a.json"]
        writer.pipe(f"{prefix}/b.json", b'{"Records":[]}')
        assert tfdrift.list_input_files(url, storage_options=s3) == [f"s3://{prefix}/a.json", f"s3://{prefix}/b.json"]
    finally:
        writer.rm(f"{STATES}/later", recursive=True)

#!/usr/bin/env python3
"""Measures tfdrift.dask.detect reading gzip CloudTrail objects from a local S3 API server
(moto's, in its own process on 127.0.0.1) with 1 and 2 worker processes, and the same files
read locally by Dask and by the tfdrift CLI. Prints MB/s (of decompressed record text) and
the ratios 2-worker/1-worker and Dask/CLI.

Usage: python benchmarks/s3_dask.py [--megabytes N] [--cli build/tools/tfdrift] [--repeat R]

Needs pip install '.[s3,dask,test]' (moto[server], s3fs, dask, distributed). The objects are
the bundled example's records (examples/ecs/AWSLogs) copied with new eventIDs and times into
objects of about 1 MB each, under AWSLogs/123456789012/CloudTrail/us-east-1/2025/03/DD/:
each object holds the whole example once (its 3 drifts and ECS no-ops) and then copies of
its non-ECS records (--mix quiet, the default: about 3 alerts per MB), or copies of the
whole example (--mix example: about 60% ECS records and 75 alerts per MB).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUCKET = "bench-trail"


def example_records() -> list:
    records = []
    for f in sorted((REPO / "examples/ecs/AWSLogs").rglob("*.json.gz")):
        if "CloudTrail-Digest" not in f.parts:
            records.extend(json.loads(gzip.decompress(f.read_bytes()))["Records"])
    return records


def generate(root: Path, megabytes: int, mix: str = "quiet") -> int:
    """Writes about `megabytes` MB of record text as gzip objects of about 1 MB; returns the bytes."""
    example = example_records()
    noise = [r for r in example if r["eventSource"] != "ecs.amazonaws.com"]
    filler = example if mix == "example" else noise
    copies = max(1, 1_000_000 // len(json.dumps(filler, separators=(",", ":"))))
    total, n = 0, 0
    while total < megabytes * 1_000_000:
        day = 1 + n % 28
        records = []
        for k in range(copies):
            for r in (example if k == 0 else filler):
                r = dict(r)
                r["eventID"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{n}/{k}/{r['eventID']}"))
                r["eventTime"] = f"2025-03-{day:02d}T{(k // 60) % 24:02d}:{k % 60:02d}:{r['eventTime'][17:]}"
                records.append(r)
        text = json.dumps({"Records": records}, separators=(",", ":")).encode()
        path = root / f"AWSLogs/123456789012/CloudTrail/us-east-1/2025/03/{day:02d}/obj{n:05d}.json.gz"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(gzip.compress(text, compresslevel=6, mtime=0))
        total += len(text)
        n += 1
    return total


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the S3 server did not start on 127.0.0.1:{port}")


def timed(fn, repeat: int):
    best, result = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        took = time.perf_counter() - start
        best = took if best is None else min(best, took)
    return best, result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--megabytes", type=int, default=200, help="record text to generate, in MB (default 200)")
    ap.add_argument("--cli", default=os.environ.get("TFDRIFT_CLI") or str(REPO / "build/tools/tfdrift"))
    ap.add_argument("--repeat", type=int, default=2, help="runs of each measurement; the best counts (default 2)")
    ap.add_argument("--mix", choices=["quiet", "example"], default="quiet", help="the records (see above)")
    args = ap.parse_args()

    import boto3
    import fsspec
    import s3fs
    from distributed import Client, LocalCluster

    import tfdrift.dask

    os.environ.setdefault("NO_PROXY", "127.0.0.1")
    state = str(REPO / "examples/ecs/terraform.tfstate")
    with tempfile.TemporaryDirectory(prefix="tfdrift_bench_") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        text_bytes = generate(root, args.megabytes, args.mix)
        files = sorted(p for p in root.rglob("*.json.gz"))
        gz_bytes = sum(p.stat().st_size for p in files)
        print(f"generated {len(files)} objects: {text_bytes / 1e6:.0f} MB of record text, "
              f"{gz_bytes / 1e6:.1f} MB gzip ({time.perf_counter() - t0:.1f} s)")

        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(port)
            endpoint = f"http://127.0.0.1:{port}"
            options = {"key": "bench", "secret": "bench",
                       "client_kwargs": {"endpoint_url": endpoint, "region_name": "us-east-1"}}
            boto3.client("s3", aws_access_key_id="bench", aws_secret_access_key="bench",
                         endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=BUCKET)
            fs = s3fs.S3FileSystem(skip_instance_cache=True, **options)
            t0 = time.perf_counter()
            for p in files:
                fs.pipe(f"{BUCKET}/{p.relative_to(root).as_posix()}", p.read_bytes())
            print(f"uploaded to {endpoint} ({time.perf_counter() - t0:.1f} s)")

            rates = {}
            url = f"s3://{BUCKET}/AWSLogs/"
            # The S3 client that tfdrift uses in this process; its listing cache is emptied
            # before each timed run, so that every run lists the keys again.
            client_fs = fsspec.core.url_to_fs(url, **options)[0]
            for when in ("with a new S3 client", "again, the client made"):
                client_fs.invalidate_cache()
                t0 = time.perf_counter()
                listed = tfdrift.list_input_files(url, storage_options=options)
                print(f"listing {len(listed)} objects on the client {when}: {time.perf_counter() - t0:.2f} s")
            for workers in (1, 2):
                with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, Client(cluster) as client:
                    client.wait_for_workers(workers)
                    # Warm-up: imports, the s3fs client in each worker.
                    tfdrift.dask.detect(fs.unstrip_protocol(f"{BUCKET}/{files[0].relative_to(root).as_posix()}"),
                                        state=state, client=client, storage_options=options, partitions=workers)
                    for where, paths, so in (("s3", url, options), ("local", str(root / "AWSLogs"), None)):
                        def run():
                            client_fs.invalidate_cache()
                            return tfdrift.dask.detect(paths, state=state, client=client, storage_options=so)

                        took, result = timed(run, args.repeat)
                        rates[(where, workers)] = result.stats["bytes_read"] / took / 1e6
                        print(f"dask {where:5} {workers} worker(s): {took:6.2f} s, {rates[(where, workers)]:7.1f} MB/s, "
                              f"{len(result.alerts)} alerts, {result.stats['records_read']} records")
        finally:
            server.terminate()
            server.wait(timeout=30)

        for jobs in (1, 2):
            cmd = [args.cli, "detect", "--no-summary", "--no-progress", "--format", "ndjson", "--jobs", str(jobs),
                   "--state", state, str(root / "AWSLogs")]
            took, _ = timed(lambda: subprocess.run(cmd, stdout=subprocess.DEVNULL, check=False), args.repeat)
            rates[("cli", jobs)] = text_bytes / took / 1e6
            print(f"cli   local --jobs {jobs}:    {took:6.2f} s, {rates[('cli', jobs)]:7.1f} MB/s")

    print()
    print(f"S3, 2 workers / 1 worker:            {rates[('s3', 2)] / rates[('s3', 1)]:.2f}  (goal >= 1.7)")
    print(f"local, 2 workers / 1 worker:         {rates[('local', 2)] / rates[('local', 1)]:.2f}")
    print(f"local, Dask 1 worker / CLI --jobs 1: {rates[('local', 1)] / rates[('cli', 1)]:.2f}  (goal >= 0.8)")
    print(f"local, Dask 2 workers / CLI --jobs 2: {rates[('local', 2)] / rates[('cli', 2)]:.2f}")
    print(f"S3 / local, 2 workers:               {rates[('s3', 2)] / rates[('local', 2)]:.2f}")
    print(f"({os.cpu_count()} CPUs; the S3 server runs on the same machine and takes CPU too)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

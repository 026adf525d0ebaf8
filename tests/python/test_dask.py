"""tfdrift.dask.detect on a LocalCluster of 2 worker processes returns exactly the single-process result."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from distributed import Client, LocalCluster  # never skipped: a missing install fails here

import tfdrift
import tfdrift.dask
from conftest import CLOUDTRAIL, STATE


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as c:
        c.wait_for_workers(2)
        yield c


def compact(r: dict) -> str:
    return json.dumps(r, separators=(",", ":"))


def classify() -> tuple:
    """Returns (records that give alerts, records that do not), one record per fixture; quiet
    ones that s3_object.json repeats are left out (see the test of that case below)."""
    in_object = {r.get("eventID") for r in json.loads((CLOUDTRAIL / "s3_object.json").read_text())["Records"]}
    alerting, quiet = [], []
    for path in sorted(CLOUDTRAIL.glob("*.json")):
        doc = json.loads(path.read_text())
        if "Records" in doc:
            continue
        if doc.get("eventID") in in_object and not tfdrift.Detector(state=STATE).process(doc):
            continue
        (alerting if tfdrift.Detector(state=STATE).process(doc) else quiet).append(doc)
    assert len(alerting) >= 15 and len(quiet) >= 5
    return alerting, quiet


def write_tree(root: Path) -> list:
    """Writes CloudTrail files of every kind under root, with alerts repeated across files."""
    alerting, quiet = classify()
    files = {
        "AWSLogs/1/CloudTrail/us-east-1/2025/03/10/a.json": json.dumps({"Records": alerting[0:5] + quiet[0:2]}),
        "AWSLogs/1/CloudTrail/us-east-1/2025/03/10/b.json.gz": {"Records": alerting[5:9] + [alerting[0]] + quiet[2:3]},
        "AWSLogs/1/CloudTrail/us-east-1/2025/03/11/c.json": None,  # the spec's S3 object fixture
        "AWSLogs/1/CloudTrail/us-east-1/2025/03/11/d.ndjson":
            "\n".join([compact(r) for r in alerting[9:13] + [alerting[6]] + quiet[3:4]] + ['{"eventSource":"ecs.amazonaws.com",']),
        "AWSLogs/1/CloudTrail/us-east-1/2025/03/12/e.ndjson.gz":
            "\n".join(compact(r) for r in alerting[13:] + [alerting[11], alerting[1]] + quiet[4:]),
        "AWSLogs/1/CloudTrail/us-east-1/2025/03/12/f.json": json.dumps(alerting[2], indent=2),
    }
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            path.write_bytes((CLOUDTRAIL / "s3_object.json").read_bytes())
        elif rel.endswith(".gz"):
            text = content if isinstance(content, str) else json.dumps(content)
            path.write_bytes(gzip.compress(text.encode()))
        else:
            path.write_text(content)
    return [str(root / rel) for rel in sorted(files)]


def single_process(files: list) -> tfdrift.Detector:
    d = tfdrift.Detector(state=STATE)
    d.alerts = [a for f in files for a in d.process_file(f)]
    return d


@pytest.mark.parametrize("partitions", [None, 3, 6])
def test_dask_returns_exactly_the_single_process_result(client, tmp_path, partitions):
    files = write_tree(tmp_path)
    assert tfdrift.dask.expand_paths(tmp_path) == files
    one = single_process(files)
    result = tfdrift.dask.detect(tmp_path, state=STATE, client=client, partitions=partitions)

    assert result.files == files
    assert len(result.partitions) == (partitions or 2)
    assert sum(p["files"] for p in result.partitions) == len(files)
    assert len(one.alerts) >= 20
    assert result.alerts == one.alerts
    assert result.stats == one.stats
    # Repeats across files really were dropped, and some crossed partitions.
    assert one.stats["outcomes"]["duplicate"] >= 5
    assert one.stats["outcomes"]["malformed"] == 1
    ids = [a["event_id"] for a in result.alerts]
    assert len(ids) == len(set(ids))


def test_a_quiet_record_repeated_across_partitions_keeps_its_outcome_in_the_stats(client, tmp_path):
    # The documented limit of the merged stats: only alerts can be recognised as repeats.
    quiet = json.loads((CLOUDTRAIL / "describe_services.json").read_text())
    alert = json.loads((CLOUDTRAIL / "update_service_desired_count.json").read_text())
    (tmp_path / "1.json").write_text(json.dumps({"Records": [quiet, alert]}))
    (tmp_path / "2.json").write_text(json.dumps({"Records": [quiet, alert]}))
    one = single_process(tfdrift.dask.expand_paths(tmp_path))
    result = tfdrift.dask.detect(tmp_path, state=STATE, client=client, partitions=2)
    assert result.alerts == one.alerts
    assert len(result.alerts) == 1
    assert one.stats["outcomes"]["read_only"] == 1
    assert one.stats["outcomes"]["duplicate"] == 2
    assert result.stats["outcomes"]["read_only"] == 2
    assert result.stats["outcomes"]["duplicate"] == 1
    assert result.stats["outcomes"]["alert"] == one.stats["outcomes"]["alert"] == 1
    assert result.stats["records_read"] == one.stats["records_read"] == 4


def test_a_config_without_deduplication_keeps_every_repeat(client, tmp_path):
    files = write_tree(tmp_path)
    config = {"dedup_window": 0}
    d = tfdrift.Detector(state=STATE, config=config)
    expected = [a for f in files for a in d.process_file(f)]
    result = tfdrift.dask.detect(tmp_path, state=STATE, config=config, client=client)
    assert result.alerts == expected
    assert result.stats == d.stats
    assert len(expected) > len(single_process(files).alerts)
    assert d.stats["outcomes"]["duplicate"] == 0


def test_both_workers_take_a_partition(client, tmp_path):
    files = write_tree(tmp_path)
    result = tfdrift.dask.detect(files, state=STATE, client=client)
    workers = {p["worker"] for p in result.partitions}
    assert workers == set(client.scheduler_info()["workers"])
    assert len(workers) == 2


def test_a_config_and_a_state_given_as_dict_ship_to_the_workers(client, tmp_path):
    files = write_tree(tmp_path)
    state = json.loads(STATE.read_text())
    d = tfdrift.Detector(state=state)
    expected = [a for f in files for a in d.process_file(f)]
    result = tfdrift.dask.detect(tmp_path, state=state, client=client)
    assert result.alerts == expected
    assert {a["state_file"] for a in result.alerts if a["address"]} == {"<state>"}


def test_an_unreadable_file_raises_or_is_skipped_as_the_cli_does(client, tmp_path):
    files = write_tree(tmp_path)
    bad = Path(files[1])  # b.json.gz
    bad.write_bytes(bad.read_bytes()[:-8])  # the data is all there; the gzip trailer is not
    with pytest.raises(tfdrift.InputError) as info:
        tfdrift.dask.detect(tmp_path, state=STATE, client=client)
    assert (info.value.id, info.value.where) == ("tfdrift.input.gzip", str(bad))

    result = tfdrift.dask.detect(tmp_path, state=STATE, client=client, on_error="skip")
    assert [(e["id"], e["where"]) for e in result.errors] == [("tfdrift.input.gzip", str(bad))]
    d = tfdrift.Detector(state=STATE)
    expected = []
    for f in files:
        try:
            expected.extend(d.process_file(f))
        except tfdrift.InputError as e:
            expected.extend(e.alerts)
    assert result.alerts == expected
    assert result.stats == d.stats


def test_without_a_client_a_local_cluster_is_started_and_closed(tmp_path):
    files = write_tree(tmp_path)
    result = tfdrift.dask.detect(tmp_path, state=STATE, n_workers=1)
    assert result.alerts == single_process(files).alerts
    assert len(result.partitions) == 1


def test_no_files_give_no_alerts_and_zero_counts(client, tmp_path):
    result = tfdrift.dask.detect(tmp_path, state=STATE, client=client)
    assert (result.alerts, result.files, result.stats["records_read"]) == ([], [], 0)


def test_bad_arguments_fail_before_any_work_is_sent(client, tmp_path):
    with pytest.raises(tfdrift.StateError):
        tfdrift.dask.detect(tmp_path, state=tmp_path / "none.tfstate", client=client)
    with pytest.raises(ValueError):
        tfdrift.dask.detect(tmp_path, state=STATE, client=client, on_error="ignore")


@pytest.mark.parametrize("sizes,k,expected", [
    ([1, 1, 1], 2, [(0, 2), (2, 3)]),
    ([1, 1], 2, [(0, 1), (1, 2)]),
    ([10, 1, 1, 1], 2, [(0, 1), (1, 4)]),
    ([5, 5, 5, 5], 8, [(0, 1), (1, 2), (2, 3), (3, 4)]),
    ([0, 0, 0, 0, 0, 0], 3, [(0, 2), (2, 4), (4, 6)]),
    ([7], 1, [(0, 1)]),
])
def test_files_split_into_contiguous_runs_of_about_equal_size(sizes, k, expected):
    assert tfdrift.dask._split(sizes, k) == expected

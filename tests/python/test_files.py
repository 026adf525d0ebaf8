"""Detector.process_file: .json, .json.gz, .ndjson, .ndjson.gz, and NDJSON larger than one read chunk."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import tfdrift
from conftest import CLOUDTRAIL, without_place

CHUNK = 1 << 20  # read_input_chunks' default chunk size


def compact(name: str) -> str:
    return json.dumps(json.loads((CLOUDTRAIL / name).read_text()), separators=(",", ":"))


def same_as_process(state_path: Path, path: Path, data: bytes) -> list:
    """Returns process_file's alerts after checking them and the stats against process()."""
    by_file = tfdrift.Detector(state=state_path)
    by_bytes = tfdrift.Detector(state=state_path)
    alerts = by_file.process_file(path)
    assert alerts == by_bytes.process(data, source=str(path))
    assert by_file.stats == by_bytes.stats
    return alerts


def test_a_cloudtrail_object_json_and_json_gz(state_path, tmp_path):
    doc = (CLOUDTRAIL / "s3_object.json").read_bytes()
    plain = tmp_path / "object.json"
    plain.write_bytes(doc)
    packed = tmp_path / "object.json.gz"
    packed.write_bytes(gzip.compress(doc))
    a = same_as_process(state_path, plain, doc)
    b = same_as_process(state_path, packed, doc)
    assert [x["event_id"] for x in a] == ["68679295-0223-4b5d-aecb-656d77977de2"]
    assert [without_place(x) for x in a] == [without_place(x) for x in b]
    assert b[0]["place"] == {"source": str(packed), "line": 0, "record": a[0]["place"]["record"]}


def test_a_gzip_file_is_known_by_its_magic_bytes_whatever_its_name(state_path, tmp_path):
    doc = (CLOUDTRAIL / "s3_object.json").read_bytes()
    path = tmp_path / "object.json"
    path.write_bytes(gzip.compress(doc))
    assert [a["event_id"] for a in tfdrift.Detector(state=state_path).process_file(path)] == [
        "68679295-0223-4b5d-aecb-656d77977de2"
    ]


@pytest.mark.parametrize("suffix", [".ndjson", ".ndjson.gz", ".jsonl"])
def test_ndjson_files_give_lines_as_places(state_path, tmp_path, suffix):
    data = (CLOUDTRAIL / "stream.ndjson").read_bytes()
    path = tmp_path / f"stream{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    alerts = same_as_process(state_path, path, data)
    assert [(a["event_name"], a["place"]["line"]) for a in alerts] == [
        ("UpdateService", 1),
        ("PutClusterCapacityProviders", 4),
    ]


@pytest.mark.parametrize("packed", [False, True])
def test_ndjson_larger_than_a_chunk_is_streamed_without_losing_a_line(state_path, tmp_path, packed):
    filler = json.loads((CLOUDTRAIL / "s3_object.json").read_text())["Records"]
    filler = [json.dumps(r, separators=(",", ":")) for r in filler if r.get("eventSource") != "ecs.amazonaws.com"]
    record = json.loads(compact("update_service_desired_count.json"))
    lines, size, n = [], 0, 0
    # An ECS record straddles each of the first three chunk boundaries; filler in between.
    for boundary in (CHUNK, 2 * CHUNK, 3 * CHUNK):
        while size < boundary - 200:
            lines.append(filler[len(lines) % len(filler)])
            size += len(lines[-1]) + 1
        record["eventID"] = f"00000000-0000-0000-0000-{n:012d}"
        n += 1
        lines.append(json.dumps(record, separators=(",", ":")))
        size += len(lines[-1]) + 1
    data = ("\n".join(lines) + "\n").encode()
    assert len(data) > 3 * CHUNK
    path = tmp_path / ("big.ndjson.gz" if packed else "big.ndjson")
    path.write_bytes(gzip.compress(data) if packed else data)
    alerts = same_as_process(state_path, path, data)
    assert [a["event_id"][-1] for a in alerts] == ["0", "1", "2"]
    assert [a["place"]["line"] for a in alerts] == [i + 1 for i, l in enumerate(lines) if '"eventSource":"ecs' in l]


def test_a_records_document_on_one_ndjson_line_is_split_like_the_cli_does(state_path, tmp_path):
    doc = json.dumps(json.loads((CLOUDTRAIL / "s3_object.json").read_text()), separators=(",", ":"))
    path = tmp_path / "objects.ndjson"
    path.write_text(compact("put_cluster_capacity_providers.json") + "\n" + doc + "\n")
    alerts = tfdrift.Detector(state=state_path).process_file(path)
    assert [(a["event_name"], a["place"]["source"]) for a in alerts] == [
        ("PutClusterCapacityProviders", str(path)),
        ("UpdateService", f"{path}:2"),
    ]


def test_list_input_files_walks_directories_in_name_order(tmp_path):
    for rel in ["b/2.json.gz", "b/1.ndjson", "a/x.json", "a/.hidden.json", "a/notes.txt",
                "CloudTrail-Digest/d.json.gz", "c.jsonl"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("{}")
    assert tfdrift.list_input_files(tmp_path) == [
        str(tmp_path / "a" / "x.json"),
        str(tmp_path / "b" / "1.ndjson"),
        str(tmp_path / "b" / "2.json.gz"),
        str(tmp_path / "c.jsonl"),
    ]
    assert tfdrift.list_input_files(tmp_path / "a" / "notes.txt") == [str(tmp_path / "a" / "notes.txt")]

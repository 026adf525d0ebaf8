"""tfdrift.Detector through process(): the spec's scenarios, every input form, state forms, stats, threads."""

from __future__ import annotations

import copy
import json
import pickle
import threading
import time
from pathlib import Path

import pytest

import tfdrift
from conftest import CLOUDTRAIL, DATA, without_place

SCENARIO_1 = "update_service_desired_count.json"
SCENARIO_2 = "register_task_definition_image.json"
SCENARIO_3 = "put_cluster_capacity_providers.json"


def only(alerts: list) -> dict:
    assert len(alerts) == 1, alerts
    return alerts[0]


# ---- the spec's three scenarios --------------------------------------------------------------


def test_scenario_1_service_scaled_outside_terraform(state_path, record):
    a = only(tfdrift.Detector(state=state_path).process(record(SCENARIO_1)))
    assert a["schema"] == "tfdrift.alert.v1"
    assert a["event_name"] == "UpdateService"
    assert a["kind"] == "update"
    assert a["address"] == "aws_ecs_service.main"
    assert a["changes"] == [
        {"attribute": "desired_count", "path": "desired_count", "old": 3, "new": 5, "severity": "high"}
    ]
    assert a["severity"] == "high"
    assert a["priority"] == "WARNING"
    assert a["rule"] == "ECS Service Configuration"
    assert (a["actor"]["name"], a["actor"]["identity_type"], a["actor"]["source"]) == ("ops-admin", "IAMUser", "cli")
    assert a["region"] == "us-east-1"
    assert a["state_file"] == str(state_path)


def test_scenario_2_task_definition_names_the_container(state_path, record):
    a = only(tfdrift.Detector(state=state_path).process(record(SCENARIO_2)))
    assert a["event_name"] == "RegisterTaskDefinition"
    assert a["kind"] == "create"
    assert a["address"] == "aws_ecs_task_definition.web_app"
    assert a["changes"] == [
        {
            "attribute": "container_definitions",
            "path": "container_definitions[name=nginx].image",
            "old": "nginx:1.20",
            "new": "nginx:1.21",
            "severity": "medium",
        }
    ]
    assert a["severity"] == "medium"
    assert (a["actor"]["name"], a["actor"]["identity_type"], a["actor"]["source"]) == (
        "developer@example.com",
        "AssumedRole",
        "console",
    )


def test_scenario_3_cluster_capacity_providers(state_path, record):
    a = only(tfdrift.Detector(state=state_path).process(record(SCENARIO_3)))
    assert a["event_name"] == "PutClusterCapacityProviders"
    assert a["address"] == "aws_ecs_cluster_capacity_providers.main"
    assert [(c["path"], c["old"], c["new"], c["severity"]) for c in a["changes"]] == [
        ("capacity_providers", ["FARGATE"], ["FARGATE", "FARGATE_SPOT"], "high"),
        (
            "default_capacity_provider_strategy",
            [{"base": 0, "capacity_provider": "FARGATE", "weight": 1}],
            [{"base": 0, "capacity_provider": "FARGATE_SPOT", "weight": 1}],
            "high",
        ),
    ]
    assert a["severity"] == "high"
    assert (a["actor"]["name"], a["actor"]["identity_type"]) == ("admin", "AssumedRole")


# ---- every input form ------------------------------------------------------------------------


def scenario_records(record) -> list:
    return [record(SCENARIO_1), record(SCENARIO_2), record(SCENARIO_3)]


def places(alerts: list) -> list:
    return [(a["place"]["source"], a["place"]["line"], a["place"]["record"]) for a in alerts]


@pytest.fixture
def expected(state_path, record) -> list:
    """The three scenario alerts, each from its own detector, without their places."""
    return [without_place(only(tfdrift.Detector(state=state_path).process(r))) for r in scenario_records(record)]


def one_line(r: dict) -> str:
    return json.dumps(r, separators=(",", ":"))


@pytest.mark.parametrize(
    "form",
    ["dict", "str", "bytes", "bytearray", "memoryview", "pretty str"],
)
def test_one_record_in_every_form_gives_the_same_alert(state_path, record, expected, form):
    r = record(SCENARIO_1)
    text = one_line(r)
    value = {
        "dict": r,
        "str": text,
        "bytes": text.encode(),
        "bytearray": bytearray(text.encode()),
        "memoryview": memoryview(text.encode()),
        "pretty str": (CLOUDTRAIL / SCENARIO_1).read_text(),
    }[form]
    alerts = tfdrift.Detector(state=state_path).process(value)
    assert [without_place(a) for a in alerts] == expected[:1]
    assert places(alerts) == [("<input>", 0, 1)]


@pytest.mark.parametrize("form", ["dict", "str", "bytes"])
def test_a_records_document_gives_one_alert_per_record_numbered(state_path, record, expected, form):
    doc = {"Records": scenario_records(record)}
    value = {"dict": doc, "str": json.dumps(doc, indent=2), "bytes": json.dumps(doc).encode()}[form]
    alerts = tfdrift.Detector(state=state_path).process(value, source="s3://bucket/object.json.gz")
    assert [without_place(a) for a in alerts] == expected
    assert places(alerts) == [("s3://bucket/object.json.gz", 0, n) for n in (1, 2, 3)]


@pytest.mark.parametrize("form", ["str", "bytes"])
def test_ndjson_gives_alerts_with_their_lines(state_path, record, expected, form):
    text = "\n".join(one_line(r) for r in scenario_records(record)) + "\n"
    value = text if form == "str" else text.encode()
    alerts = tfdrift.Detector(state=state_path).process(value, source="trail.ndjson")
    assert [without_place(a) for a in alerts] == expected
    assert places(alerts) == [("trail.ndjson", n, n) for n in (1, 2, 3)]


@pytest.mark.parametrize("form", ["list of dicts", "tuple of str", "generator of bytes", "mixed list"])
def test_an_iterable_names_each_item_in_the_place(state_path, record, expected, form):
    rs = scenario_records(record)
    value = {
        "list of dicts": rs,
        "tuple of str": tuple(one_line(r) for r in rs),
        "generator of bytes": (one_line(r).encode() for r in rs),
        "mixed list": [rs[0], one_line(rs[1]), {"Records": [rs[2]]}],
    }[form]
    alerts = tfdrift.Detector(state=state_path).process(value)
    assert [without_place(a) for a in alerts] == expected
    assert places(alerts) == [("<input>[0]", 0, 1), ("<input>[1]", 0, 1), ("<input>[2]", 0, 1)]


def test_a_falco_alert_gives_the_same_alert_as_the_cloudtrail_record(state_path, expected):
    falco = json.loads((DATA / "falco" / "update_service.json").read_text())
    assert [without_place(a) for a in tfdrift.Detector(state=state_path).process(falco)] == expected[:1]


def test_wrong_input_types_raise_type_error(state_path):
    d = tfdrift.Detector(state=state_path)
    with pytest.raises(TypeError):
        d.process(42)
    with pytest.raises(TypeError, match="item 1"):
        d.process([{"eventName": "x"}, 3.5])
    # Items are read as they come: the one before the bad item was counted.
    assert d.stats["records_read"] == 1
    assert d.stats["outcomes"]["not_ecs"] == 1


def test_boto3_datetimes_are_written_as_cloudtrail_writes_them(state_path, record):
    import datetime

    r = record(SCENARIO_1)
    r["eventTime"] = datetime.datetime(2025, 3, 11, 13, 4, 12, tzinfo=datetime.timezone.utc)
    assert only(tfdrift.Detector(state=state_path).process(r))["event_time"] == "2025-03-11T13:04:12Z"


# ---- state and config forms -------------------------------------------------------------------


@pytest.mark.parametrize("form", ["str path", "Path", "list of paths", "JSON str", "bytes", "dict", "list of dicts"])
def test_state_in_every_form(state_path, record, form):
    text = state_path.read_text()
    state, name = {
        "str path": (str(state_path), str(state_path)),
        "Path": (state_path, str(state_path)),
        "list of paths": ([str(state_path)], str(state_path)),
        "JSON str": (text, "<state>"),
        "bytes": (text.encode(), "<state>"),
        "dict": (json.loads(text), "<state>"),
        "list of dicts": ([json.loads(text)], "<state[0]>"),
    }[form]
    a = only(tfdrift.Detector(state=state).process(record(SCENARIO_1)))
    assert a["address"] == "aws_ecs_service.main"
    assert a["state_file"] == name


def test_several_states_are_all_loaded(state_path, record):
    eu = DATA / "state" / "eu.tfstate"
    d = tfdrift.Detector(state=[state_path, eu])
    assert only(d.process(record(SCENARIO_1)))["state_file"] == str(state_path)
    other = only(d.process(record("update_service_other_region.json")))
    assert other["region"] == "eu-west-1"
    assert other["state_file"] == str(eu)
    assert "eu.tfstate" in repr(d)


def test_no_state_makes_every_write_unmanaged(record):
    a = only(tfdrift.Detector(state=[]).process(record(SCENARIO_1)))
    assert a["kind"] == "unmanaged"
    assert a["address"] is None
    assert a["state_file"] == ""


# ---- stats ------------------------------------------------------------------------------------


def test_stats_count_every_outcome_with_the_place_of_malformed_records(state_path, record):
    d = tfdrift.Detector(state=state_path)
    lines = [one_line(record(SCENARIO_1)), one_line(record(SCENARIO_1)), '{"eventSource":"ecs.amazonaws.com", broken',
             one_line(record("update_service_failed.json")), one_line(record(SCENARIO_3))]
    alerts = d.process("\n".join(lines), source="t.ndjson")
    assert [a["event_name"] for a in alerts] == ["UpdateService", "PutClusterCapacityProviders"]
    s = d.stats
    assert s["records_read"] == 5
    assert sum(s["outcomes"].values()) == 5
    assert {k: v for k, v in s["outcomes"].items() if v} == {"alert": 2, "failed_call": 1, "duplicate": 1,
                                                             "malformed": 1}
    assert s["alerts_by_severity"] == {"low": 0, "medium": 0, "high": 2, "critical": 0}
    assert s["by_event"]["UpdateService"]["duplicate"] == 1
    assert s["by_event"]["UpdateService"]["failed_call"] == 1
    assert s["malformed"] == [{"source": "t.ndjson", "line": 3, "record": 3, "id": "tfdrift.input.json",
                               "message": s["malformed"][0]["message"]}]
    assert s["malformed"][0]["message"]


def test_duplicates_are_found_across_calls(state_path, record):
    d = tfdrift.Detector(state=state_path)
    assert len(d.process(record(SCENARIO_1))) == 1
    assert d.process(record(SCENARIO_1)) == []
    assert d.stats["outcomes"]["duplicate"] == 1


# ---- pickling ---------------------------------------------------------------------------------


def test_a_pickled_detector_keeps_states_and_config_and_starts_fresh(state_path, record, expected):
    d = tfdrift.Detector(state=[state_path, json.loads((DATA / "state" / "eu.tfstate").read_text())])
    assert len(d.process(record(SCENARIO_1))) == 1
    clone = pickle.loads(pickle.dumps(d))
    assert repr(clone) == repr(d)
    assert clone.stats["records_read"] == 0  # counters start fresh
    a = only(clone.process(record(SCENARIO_1)))  # so does deduplication
    assert without_place(a) == expected[0]
    assert only(clone.process(record("update_service_other_region.json")))["state_file"] == "<state[1]>"
    assert d.stats["records_read"] == 1
    fresh = copy.copy(d)
    assert fresh.stats["records_read"] == 0
    assert without_place(only(fresh.process(record(SCENARIO_1)))) == expected[0]


# ---- threads ----------------------------------------------------------------------------------


def big_ndjson(record, n: int) -> bytes:
    """n copies of scenario 1 with distinct eventIDs: n alerts' worth of work."""
    r = record(SCENARIO_1)
    out = []
    for i in range(n):
        r["eventID"] = f"00000000-0000-0000-0000-{i:012d}"
        out.append(one_line(r))
    return ("\n".join(out) + "\n").encode()


def test_the_gil_is_released_while_the_core_works(state_path, record):
    data = big_ndjson(record, 6000)
    d = tfdrift.Detector(state=state_path)
    count = 0
    stop = False

    def spin():
        nonlocal count
        while not stop:
            count += 1

    t = threading.Thread(target=spin)
    t.start()
    try:
        time.sleep(0.05)
        c0, t0 = count, time.perf_counter()
        time.sleep(0.1)
        rate = (count - c0) / (time.perf_counter() - t0)  # spins per second with the GIL shared
        core = d._core
        c0, t0 = count, time.perf_counter()
        lines = core.process(data, "big.ndjson")  # the C++ call alone, no Python around it
        elapsed = time.perf_counter() - t0
        during = count - c0
    finally:
        stop = True
        t.join()
    assert len(lines) == 6000
    assert elapsed > 0.02, "the input is too small to measure"
    # Holding the GIL, the spinning thread could not run at all during the call.
    assert during > 0.2 * rate * elapsed, (during, rate, elapsed)


def test_calls_from_several_threads_run_one_after_another(state_path, record):
    d = tfdrift.Detector(state=state_path)
    chunks = []
    r = record(SCENARIO_1)
    for t in range(4):
        lines = []
        for i in range(500):
            r["eventID"] = f"00000000-0000-0000-{t:04d}-{i:012d}"
            lines.append(one_line(r))
        chunks.append("\n".join(lines))
    results = [None] * 4

    def work(i):
        results[i] = d.process(chunks[i], source=f"thread{i}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [len(r) for r in results] == [500] * 4
    assert all(a["place"]["source"] == f"thread{i}" for i, r in enumerate(results) for a in r)
    s = d.stats
    assert s["records_read"] == 2000
    assert s["outcomes"]["alert"] == 2000

"""tfdrift.to_frame and DetectResult.to_frame (one row per change), and since/until on local files."""

from __future__ import annotations

import datetime

import pandas as pd  # never skipped: the test extra installs pandas
import pytest

import tfdrift
import tfdrift.dask
from conftest import REPO

EXAMPLE = REPO / "examples" / "ecs"


def example_alerts() -> list:
    d = tfdrift.Detector(state=EXAMPLE / "terraform.tfstate")
    return [a for f in tfdrift.list_input_files(EXAMPLE / "AWSLogs") for a in d.process_file(f)]


def test_to_frame_has_one_row_per_change_with_the_alert_fields():
    alerts = example_alerts()
    frame = tfdrift.to_frame(alerts)
    assert list(frame.columns) == ["time", "event", "address", "path", "old", "new", "severity", "who", "source",
                                   "account", "region", "kind", "event_id", "file"]
    assert len(frame) == sum(len(a["changes"]) for a in alerts) == 4
    row = frame.iloc[0]
    assert row["time"] == pd.Timestamp("2025-03-11T13:01:12Z")
    assert (row["event"], row["address"], row["path"], row["old"], row["new"], row["severity"]) == (
        "UpdateService", "aws_ecs_service.main", "desired_count", 3, 5, "high")
    assert (row["who"], row["source"], row["account"], row["region"], row["kind"]) == (
        "ops-admin", "cli", "123456789012", "us-east-1", "update")
    two = frame[frame["address"] == "aws_ecs_cluster_capacity_providers.main"]
    assert list(two["path"]) == ["capacity_providers", "default_capacity_provider_strategy"]
    assert two.iloc[0]["new"] == ["FARGATE", "FARGATE_SPOT"]
    assert isinstance(frame["time"].dtype, pd.DatetimeTZDtype) and str(frame["time"].dt.tz) == "UTC"
    by_day = frame.groupby([frame["time"].dt.date, "severity"]).size()
    assert by_day[(datetime.date(2025, 3, 11), "high")] == 3
    assert by_day[(datetime.date(2025, 3, 11), "medium")] == 1


def test_an_alert_without_changes_is_one_row_and_no_alerts_an_empty_frame():
    alert = {"event_time": "2025-03-11T13:05:00Z", "event_name": "DeleteService", "address": "aws_ecs_service.main",
             "kind": "delete", "severity": "critical", "changes": [], "actor": {"name": "admin", "source": "console"},
             "account": "123456789012", "region": "us-east-1", "event_id": "x", "place": {"source": "f.json"}}
    frame = tfdrift.to_frame([alert])
    assert len(frame) == 1
    assert (frame.iloc[0]["path"], frame.iloc[0]["old"], frame.iloc[0]["severity"], frame.iloc[0]["file"]) == (
        None, None, "critical", "f.json")
    assert tfdrift.to_frame([]).empty


def test_detect_result_to_frame_is_to_frame_of_its_alerts():
    alerts = example_alerts()
    result = tfdrift.dask.DetectResult(alerts=alerts, stats={}, files=[])
    assert result.to_frame().equals(tfdrift.to_frame(alerts))


@pytest.mark.parametrize("since, until", [("2025-03-11T13:02:00Z", None),
                                          (datetime.datetime(2025, 3, 11, 13, 2), None),
                                          (datetime.datetime(2025, 3, 11, 14, 2, tzinfo=datetime.timezone(
                                              datetime.timedelta(hours=1))), None)])
def test_since_filters_local_records_and_counts_the_rest_out_of_range(since, until):
    d = tfdrift.Detector(state=EXAMPLE / "terraform.tfstate", since=since, until=until)
    alerts = [a for f in tfdrift.list_input_files(EXAMPLE / "AWSLogs", since=since) for a in d.process_file(f)]
    assert [a["event_time"] for a in alerts] == ["2025-03-11T13:02:40Z", "2025-03-11T13:04:03Z"]
    assert d.stats["outcomes"]["out_of_range"] == 4
    assert d.stats["records_read"] == sum(d.stats["outcomes"].values())


def test_until_a_date_before_the_trail_lists_no_file():
    assert tfdrift.list_input_files(EXAMPLE / "AWSLogs", until=datetime.date(2025, 3, 10)) == []
    assert len(tfdrift.list_input_files(EXAMPLE / "AWSLogs", until=datetime.date(2025, 3, 11))) == 2  # late slack
    assert tfdrift.list_input_files(EXAMPLE / "AWSLogs", accounts="111111111111") == []

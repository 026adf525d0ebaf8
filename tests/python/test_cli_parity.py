"""Alerts from Python equal, field for field, what `tfdrift detect --format ndjson` prints for the bundled example.

The CLI is the one ./scripts/test builds (build/tools/tfdrift), or the one TFDRIFT_CLI names.
A missing CLI fails these tests: they are never skipped.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

import tfdrift
from conftest import REPO

STATE = "examples/ecs/terraform.tfstate"


def cli() -> str:
    path = Path(os.environ.get("TFDRIFT_CLI") or REPO / "build" / "tools" / "tfdrift")
    if not path.is_file():
        pytest.fail(f"the CLI is not built at {path}: run ./scripts/test, or set TFDRIFT_CLI")
    return str(path)


def cli_alerts(*paths: str) -> list:
    run = subprocess.run(
        [cli(), "detect", "--format", "ndjson", "--state", STATE, *paths],
        cwd=REPO, capture_output=True, text=True, check=False)
    assert run.returncode == 1, run.stderr  # 1: drift found
    return [json.loads(line) for line in run.stdout.splitlines()]


def python_alerts(*paths: str) -> list:
    d = tfdrift.Detector(state=STATE)
    alerts = []
    for p in paths:
        for f in tfdrift.list_input_files(p):
            alerts.extend(d.process_file(f))
    return alerts


def assert_field_for_field(ours: list, theirs: list) -> None:
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert a == b
        assert list(a) == list(b)  # and in the same key order


@pytest.mark.parametrize("inputs", [["examples/ecs/AWSLogs"], ["examples/ecs/trail.ndjson"]])
def test_python_gives_the_cli_alerts_on_the_bundled_example(monkeypatch, inputs):
    monkeypatch.chdir(REPO)
    theirs = cli_alerts(*inputs)
    ours = python_alerts(*inputs)
    assert len(theirs) >= 3
    assert {a["address"] for a in theirs} >= {
        "aws_ecs_service.main", "aws_ecs_task_definition.web_app", "aws_ecs_cluster_capacity_providers.main"}
    assert_field_for_field(ours, theirs)

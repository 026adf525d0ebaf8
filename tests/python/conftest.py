"""Fixtures shared by the Python tests: where the repository's test data and examples are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
STATE = DATA / "state" / "ecs.tfstate"
CLOUDTRAIL = DATA / "cloudtrail"


@pytest.fixture
def state_path() -> Path:
    assert STATE.is_file(), f"test fixture missing: {STATE}"
    return STATE


@pytest.fixture
def record():
    """Returns the parsed JSON of a fixture under tests/data/cloudtrail."""

    def load(name: str) -> dict:
        return json.loads((CLOUDTRAIL / name).read_text())

    return load


def without_place(alert: dict) -> dict:
    """Returns an alert without its place, which names the input it was read from."""
    return {k: v for k, v in alert.items() if k != "place"}

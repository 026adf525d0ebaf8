"""Errors: tfdrift.Error subclasses carrying the core's stable id and the place."""

from __future__ import annotations

import gzip
import json
import pickle

import pytest

import tfdrift
from conftest import CLOUDTRAIL, DATA


def test_a_version_3_state_is_a_state_error_naming_the_file():
    path = str(DATA / "state" / "v3.tfstate")
    with pytest.raises(tfdrift.StateError) as info:
        tfdrift.Detector(state=path)
    e = info.value
    assert e.id == "tfdrift.state.version"
    assert e.where == path
    assert "version 3 is not supported" in e.message
    assert str(e) == f"[tfdrift.state.version] {path}: {e.message}"
    assert isinstance(e, tfdrift.Error)


def test_a_truncated_state_file_is_a_parse_error():
    path = DATA / "state" / "broken.tfstate"
    with pytest.raises(tfdrift.StateError) as info:
        tfdrift.Detector(state=path)
    assert (info.value.id, info.value.where) == ("tfdrift.state.parse", str(path))


def test_a_broken_state_given_as_text_is_named_by_its_position(state_path):
    with pytest.raises(tfdrift.StateError) as info:
        tfdrift.Detector(state=[state_path, '{"version": 4, "resources": {}}'])
    assert (info.value.id, info.value.where) == ("tfdrift.state.shape", "<state[1]>")
    with pytest.raises(tfdrift.StateError) as info:
        tfdrift.Detector(state="{not json")
    assert (info.value.id, info.value.where) == ("tfdrift.state.parse", "<state>")


def test_a_missing_state_file_is_a_state_error_with_the_read_id(tmp_path):
    path = tmp_path / "nowhere.tfstate"
    with pytest.raises(tfdrift.StateError) as info:
        tfdrift.Detector(state=path)
    assert (info.value.id, info.value.where) == ("tfdrift.input.read", str(path))
    assert "No such file" in info.value.message


def test_a_state_of_the_wrong_type_is_a_type_error():
    with pytest.raises(TypeError, match="state"):
        tfdrift.Detector(state=42)


def test_a_missing_input_file_is_an_input_error(state_path, tmp_path):
    d = tfdrift.Detector(state=state_path)
    path = tmp_path / "missing.json"
    with pytest.raises(tfdrift.InputError) as info:
        d.process_file(path)
    assert (info.value.id, info.value.where, info.value.alerts) == ("tfdrift.input.read", str(path), [])
    with pytest.raises(tfdrift.InputError) as info:
        d.process_file(tmp_path)
    assert info.value.id == "tfdrift.input.read"
    assert "is a directory" in info.value.message


def test_a_truncated_gzip_keeps_the_alerts_read_before_the_damage(state_path, tmp_path):
    names = ["update_service_desired_count.json", "register_task_definition_image.json"]
    lines = [json.dumps(json.loads((CLOUDTRAIL / n).read_text())) for n in names]
    whole = gzip.compress(("\n".join(lines) + "\n").encode())
    path = tmp_path / "cut.ndjson.gz"
    path.write_bytes(whole[:-8])  # without the gzip trailer
    d = tfdrift.Detector(state=state_path)
    with pytest.raises(tfdrift.InputError) as info:
        d.process_file(path)
    e = info.value
    assert (e.id, e.where) == ("tfdrift.input.gzip", str(path))
    assert "truncated" in e.message
    assert [a["event_name"] for a in e.alerts] == ["UpdateService", "RegisterTaskDefinition"]
    assert [a["place"]["line"] for a in e.alerts] == [1, 2]
    assert d.stats["records_read"] == 2


def test_a_file_named_gz_that_is_not_gzip_is_an_input_error(state_path, tmp_path):
    path = tmp_path / "plain.json.gz"
    path.write_text("{}")
    with pytest.raises(tfdrift.InputError) as info:
        tfdrift.Detector(state=state_path).process_file(path)
    assert (info.value.id, info.value.where) == ("tfdrift.input.gzip", str(path))


def test_list_input_files_of_a_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(tfdrift.InputError) as info:
        tfdrift.list_input_files(tmp_path / "nope")
    assert (info.value.id, info.value.where) == ("tfdrift.input.read", str(tmp_path / "nope"))


@pytest.mark.parametrize(
    "error",
    [
        tfdrift.StateError("tfdrift.state.parse", "a.tfstate", "broken"),
        tfdrift.ConfigError("tfdrift.config.unknown_key", "c.yaml:3:5", "unknown key"),
        tfdrift.InputError("tfdrift.input.gzip", "t.json.gz", "truncated", [{"event_id": "x"}]),
    ],
)
def test_errors_pickle_with_their_fields(error):
    # Dask sends a worker's exception back to the client pickled.
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert (back.id, back.where, back.message, str(back)) == (error.id, error.where, error.message, str(error))
    if isinstance(error, tfdrift.InputError):
        assert back.alerts == [{"event_id": "x"}]

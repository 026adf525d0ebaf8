"""Detector(config=...): None, a path, YAML or JSON text, bytes or a dict; and config errors with their place."""

from __future__ import annotations

import json
import pickle

import pytest

import tfdrift

SCENARIO_1 = "update_service_desired_count.json"

# The spec's config.yaml shape: services rated low by a rule of our own.
YAML = """\
drift_rules:
  - name: "Quiet services"
    resource_types:
      - "aws_ecs_service"
    watched_attributes:
      - "desired_count"
    severity: "low"
"""
AS_DICT = {
    "drift_rules": [
        {"name": "Quiet services", "resource_types": ["aws_ecs_service"],
         "watched_attributes": ["desired_count"], "severity": "low"}
    ]
}


def scenario_1(state_path, record, config) -> dict:
    alerts = tfdrift.Detector(state=state_path, config=config).process(record(SCENARIO_1))
    assert len(alerts) == 1, alerts
    return alerts[0]


def test_no_config_means_the_built_in_rules(state_path, record):
    a = scenario_1(state_path, record, None)
    assert (a["severity"], a["rule"]) == ("high", "ECS Service Configuration")


@pytest.mark.parametrize("form", ["YAML str", "JSON str", "bytes", "dict", "str path", "Path", "json path"])
def test_config_in_every_form(state_path, record, tmp_path, form):
    yaml_file = tmp_path / "config.yaml"
    yaml_file.write_text(YAML)
    json_file = tmp_path / "config.json"
    json_file.write_text(json.dumps(AS_DICT))
    config = {
        "YAML str": YAML,
        "JSON str": json.dumps(AS_DICT),
        "bytes": YAML.encode(),
        "dict": AS_DICT,
        "str path": str(yaml_file),
        "Path": yaml_file,
        "json path": json_file,
    }[form]
    a = scenario_1(state_path, record, config)
    assert (a["severity"], a["rule"]) == ("low", "Quiet services")
    assert a["changes"][0]["severity"] == "low"
    assert a["changes"][0]["path"] == "desired_count"


def test_a_config_survives_pickling(state_path, record):
    d = pickle.loads(pickle.dumps(tfdrift.Detector(state=state_path, config=YAML)))
    assert "config=<config>" in repr(d)
    assert d.process(record(SCENARIO_1))[0]["severity"] == "low"


def test_an_unknown_key_names_its_line_and_column(state_path, tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("drift_rules: []\nreport_unwatchd: false\n")
    with pytest.raises(tfdrift.ConfigError) as info:
        tfdrift.Detector(state=state_path, config=path)
    e = info.value
    assert (e.id, e.where) == ("tfdrift.config.unknown_key", f"{path}:2:1")
    assert 'unknown key "report_unwatchd"' in e.message
    assert isinstance(e, tfdrift.Error)


def test_config_errors_given_as_text_or_dict_are_named_config(state_path):
    with pytest.raises(tfdrift.ConfigError) as info:
        tfdrift.Detector(state=state_path, config=YAML.replace('"low"', '"loud"'))
    assert info.value.id == "tfdrift.config.bad_severity"
    assert info.value.where == "<config>:7:15"
    with pytest.raises(tfdrift.ConfigError) as info:
        tfdrift.Detector(state=state_path, config={"drift_rules": [{"name": "x", "resource_types": ["aws_ecs_pod"],
                                                                    "watched_attributes": ["x"]}]})
    assert info.value.id == "tfdrift.config.unknown_resource_type"
    assert info.value.where.startswith("<config>:1:")


def test_broken_yaml_is_a_parse_error(state_path):
    with pytest.raises(tfdrift.ConfigError) as info:
        tfdrift.Detector(state=state_path, config="drift_rules: [\n")
    assert info.value.id == "tfdrift.config.parse"


def test_a_missing_config_file_is_a_config_error(state_path, tmp_path):
    path = tmp_path / "none.yaml"
    with pytest.raises(tfdrift.ConfigError) as info:
        tfdrift.Detector(state=state_path, config=path)
    assert (info.value.id, info.value.where) == ("tfdrift.input.read", str(path))


def test_a_config_of_the_wrong_type_is_a_type_error(state_path):
    with pytest.raises(TypeError, match="config"):
        tfdrift.Detector(state=state_path, config=3)

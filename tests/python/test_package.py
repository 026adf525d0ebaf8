"""The package around the module: version, catalog, Falco rules, typing marker."""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import tfdrift
from conftest import REPO


def test_the_version_is_the_one_in_version_hpp():
    header = (REPO / "include" / "tfdrift" / "version.hpp").read_text()
    parts = [re.search(rf"#define TFDRIFT_VERSION_{p} (\d+)", header).group(1) for p in ("MAJOR", "MINOR", "PATCH")]
    assert tfdrift.__version__ == ".".join(parts)
    assert importlib.metadata.version("tfdrift") == tfdrift.__version__


def test_the_catalog_lists_the_events_and_resource_types():
    c = tfdrift.catalog()
    names = [e["name"] for e in c["events"]]
    assert len(names) == 35
    assert names == sorted(names)
    update = next(e for e in c["events"] if e["name"] == "UpdateService")
    assert (update["source"], update["resource_type"], update["priority"], update["action"]) == (
        "ecs.amazonaws.com", "aws_ecs_service", "WARNING", "update")
    assert {"request_path": "desiredCount", "attribute": "desired_count", "attribute_path": "desired_count",
            "compare": "number"} in update["fields"]
    delete = next(e for e in c["events"] if e["name"] == "DeleteService")
    assert (delete["priority"], delete["action"], delete["fields"]) == ("CRITICAL", "delete", [])
    types = {r["type"]: r for r in c["resource_types"]}
    assert sorted(types) == [
        "aws_ecs_account_setting_default", "aws_ecs_capacity_provider", "aws_ecs_cluster",
        "aws_ecs_cluster_capacity_providers", "aws_ecs_container_instance", "aws_ecs_daemon",
        "aws_ecs_daemon_task_definition", "aws_ecs_express_gateway_service", "aws_ecs_service", "aws_ecs_tag",
        "aws_ecs_task_definition", "aws_ecs_task_set"]
    tag = next(e for e in c["events"] if e["name"] == "TagResource")
    assert (tag["resource_type"], tag["action"]) == (None, "tag")  # the type its ARN names
    assert "desired_count" in types["aws_ecs_service"]["watched"]
    assert {"resource_type": "aws_ecs_cluster", "alias": "settings", "attribute": "setting"} in c["attribute_aliases"]


def test_the_catalog_as_text_is_the_cli_table():
    text = tfdrift.catalog(format="text")
    assert text.startswith("CloudTrail events (eventSource ecs.amazonaws.com)\n")
    assert all(e["name"] in text for e in tfdrift.catalog()["events"])


def test_the_package_is_typed():
    here = Path(tfdrift.__file__).parent
    assert (here / "py.typed").is_file()
    assert (here / "_tfdrift.pyi").is_file()


def test_falco_rules_cover_every_catalog_event_with_real_fields():
    rules = tfdrift.falco_rules()
    assert rules.count("\n- rule: ") >= 12
    for e in tfdrift.catalog()["events"]:
        assert f'ct.name="{e["name"]}"' in rules, e["name"]
    assert "source: aws_cloudtrail" in rules
    assert "priority: CRITICAL" in rules
    # NOTES.md: the spec's ct.request.service, ct.request.family and ct.account are not plugin fields.
    for missing in ("ct.request.service", "ct.request.family", "ct.account"):
        assert not re.search(re.escape(missing) + r"(?![\w.])", rules), missing

// Security checks: each check on realistic records (finding, severity, the alert's severity), each switched off, their config.
#include "fixture.hpp"

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <tfdrift/config_yaml.hpp>
#include <tfdrift/security.hpp>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_security {

using tfdrift::severity;
using tfdrift::to_string;
using tfdrift_test::read_fixture;

namespace {

// The alerts of one fixture (under tests/data/cloudtrail/security/ unless it has a slash),
// with a config and state files.
std::vector<tfdrift::alert> detect(std::string_view fixture, const tfdrift::config& cfg = tfdrift::default_config(),
                                   std::initializer_list<std::string_view> states = {"security.tfstate"}) {
  tfdrift::detector d(cfg);
  for (auto s : states) d.load_state(read_fixture("state/" + std::string(s)), s);
  std::string path = fixture.find('/') == std::string_view::npos ? "cloudtrail/security/" + std::string(fixture) + ".json"
                                                                  : std::string(fixture);
  return d.process(read_fixture(path), tfdrift_test::file_name(path));
}

tfdrift::config config_json(const std::string& json) { return tfdrift::parse_config(json, "c.json"); }

tfdrift::config without(std::string_view check) {
  return config_json(R"({"security": {"checks": {")" + std::string(check) + R"(": false}}})");
}

// The alerts of a security fixture after edit(record), against security.tfstate.
template <class Edit>
std::vector<tfdrift::alert> detect_edited_record(std::string_view fixture, Edit&& edit) {
  auto rec = nlohmann::json::parse(read_fixture("cloudtrail/security/" + std::string(fixture) + ".json"));
  edit(rec);
  tfdrift::detector d;
  d.load_state(read_fixture("state/security.tfstate"), "security.tfstate");
  return d.process(rec.dump(), std::string(fixture) + ".json");
}

std::vector<std::string> checks_of_alert(const tfdrift::alert& a) {
  std::vector<std::string> ids;
  for (const auto& f : a.security) ids.push_back(f.check);
  return ids;
}

std::string dump(const std::vector<tfdrift::alert>& alerts) {
  std::string s;
  for (const auto& a : alerts) s += tfdrift::to_json_line(a) + "\n";
  return s;
}

struct want {
  std::string_view check;
  severity sev;
  std::string_view detail;
  severity alert_without;  // the alert's severity with this check switched off
};

struct scenario {
  std::string_view fixture;
  severity alert;  // the alert's severity with every check on
  std::vector<want> findings;  // every finding of the alert, in order
  std::vector<std::string_view> paths = {};  // when given: the paths of the alert's changes, in order
};

const std::vector<scenario>& scenarios() {
  static const std::vector<scenario> all{
      {"role_unknown", severity::critical,
       {{"iam.role_changed", severity::critical,
         "task role payments-api-task -> ops-breakglass (arn:aws:iam::123456789012:role/ops-breakglass), a role that "
         "no loaded state uses",
         severity::medium}}},
      {"role_known", severity::high,
       {{"iam.role_changed", severity::high, "execution role ecsTaskExecutionRole -> payments-api-task",
         severity::medium}}},
      {"network_host", severity::critical,
       {{"network.mode_changed", severity::critical, "network mode awsvpc -> host: containers share the host's network stack",
         severity::low}}},
      {"network_bridge", severity::critical,
       {{"network.mode_changed", severity::critical,
         "network mode awsvpc -> bridge: tasks lose their own network interface and security groups", severity::low}}},
      {"network_none", severity::high,
       {{"network.mode_changed", severity::high, "network mode awsvpc -> none", severity::low}}},
      {"service_security_groups", severity::high,
       {{"network.security_groups_changed", severity::high,
         "security groups added: sg-0f1e2d3c4b5a69788; removed: sg-0a5e1c2d3b4f56789", severity::low}}},
      {"service_public_ip", severity::high,
       {{"network.public_ip_enabled", severity::high, "assign_public_ip turned on: tasks get public IP addresses",
         severity::low}}},
      {"image_registry", severity::critical,
       {{"image.registry_not_allowed", severity::critical,
         "container datadog-agent: image datadog/agent:7.50.3 comes from registry docker.io, which is not allowed "
         "(allowed: 123456789012.dkr.ecr.us-east-1.amazonaws.com, public.ecr.aws)",
         severity::medium},
        {"image.tag_changed", severity::medium,
         "container datadog-agent: image public.ecr.aws/datadog/agent:7.50.3 -> datadog/agent:7.50.3 (another "
         "repository)",
         severity::critical}}},
      {"image_tag", severity::medium,
       {{"image.tag_changed", severity::medium,
         "container worker: image tag 3.4.0 -> 3.4.1 (123456789012.dkr.ecr.us-east-1.amazonaws.com/ledger-worker:3.4.1)",
         severity::medium}}},
      {"image_latest", severity::high,
       {{"image.latest_or_untagged", severity::high,
         "container worker: image 123456789012.dkr.ecr.us-east-1.amazonaws.com/ledger-worker:latest uses the moving "
         "tag latest",
         severity::medium},
        {"image.tag_changed", severity::medium,
         "container worker: image tag 3.4.0 -> latest (123456789012.dkr.ecr.us-east-1.amazonaws.com/ledger-worker:latest)",
         severity::high}}},
      {"image_digest_removed", severity::high,
       {{"image.digest_removed", severity::high,
         "container api: image no longer pinned by digest (123456789012.dkr.ecr.us-east-1.amazonaws.com/"
         "payments-api@sha256:9b2d5e0c41f7a3b86e1d2c4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b -> "
         "123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api:2.8.0)",
         severity::medium},
        {"image.tag_changed", severity::medium,
         "container api: image tag (no tag) -> 2.8.0 (123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api:2.8.0)",
         severity::high}}},
      {"exec_enabled", severity::critical,
       {{"exec.enabled", severity::critical,
         "enable_execute_command false -> true: whoever may call ecs:ExecuteCommand can open a shell in the service's "
         "tasks",
         severity::high}}},
      {"exec_session", severity::high,
       {{"exec.session", severity::high,
         "oncall@example.com (Assumed Role, CLI) opened an interactive session (/bin/sh) in container api of task "
         "1e2d3c4b5a6978870f1e2d3c4b5a6978 on cluster payments",
         severity::high}}},
      {"privileged", severity::critical,
       {{"container.privileged", severity::critical, "container worker: privileged mode turned on (root on the host)",
         severity::medium}}},
      {"capabilities_sys_admin", severity::critical,
       {{"container.capabilities_added", severity::critical, "container worker: Linux capabilities added: NET_ADMIN, SYS_ADMIN",
         severity::medium}}},
      {"capabilities_ptrace", severity::high,
       {{"container.capabilities_added", severity::high, "container api: Linux capabilities added: SYS_PTRACE",
         severity::medium}}},
      {"host_namespace", severity::critical,
       {{"container.host_namespace", severity::critical,
         "pid_mode (none) -> host: containers see and signal every process on the host", severity::low},
        {"container.host_namespace", severity::critical,
         "ipc_mode (none) -> host: containers share the host's IPC namespace (shared memory, semaphores)",
         severity::low}}},
      {"readonly_root", severity::medium,
       {{"container.readonly_root_disabled", severity::medium, "container api: read-only root filesystem turned off",
         severity::medium}}},
      {"root_user", severity::high,
       {{"container.root_user", severity::high, "container worker: runs as root (user 1000 -> 0)", severity::medium}}},
      {"secret_moved", severity::critical,
       {{"container.secret_in_plaintext", severity::critical,
         "container api: DB_PASSWORD moved from secrets "
         "(arn:aws:secretsmanager:us-east-1:123456789012:secret:payments/db-password-Q1w2E3) into plain-text environment",
         severity::medium}}},
      {"secret_plaintext", severity::high,
       {{"container.secret_in_plaintext", severity::high,
         "container api: environment JWT_SIGNING_KEY looks like a secret and is set in plain text (use secrets)",
         severity::medium}}},
      {"secret_moved_in", severity::medium,
       {{"container.secret_moved_to_secrets", severity::low,
         "container worker: QUEUE_URL moved from plain-text environment into secrets "
         "(arn:aws:ssm:us-east-1:123456789012:parameter/ledger/queue-url)",
         severity::medium}}},
      {"root_identity", severity::critical,
       {{"who.root", severity::critical, "made by the account's root user (arn:aws:iam::123456789012:root)",
         severity::high}}},
      {"console_without_mfa", severity::critical,
       {{"who.console_without_mfa", severity::critical, "ops-admin (IAM User, Console) signed in to the console without MFA",
         severity::high}}},
      // The members compared in the provider's stored shape: volumes (RegisterTaskDefinition
      // volumes[].host.sourcePath, efsVolumeConfiguration), tags, enableFaultInjection;
      // UpdateService serviceConnectConfiguration, loadBalancers, vpcLatticeConfigurations.
      {"host_path_docker_sock", severity::critical,
       {{"volume.host_path_added", severity::critical,
         "volume docker-sock: host path /var/run/docker.sock bind-mounted into the task's containers, a sensitive "
         "path of the host (/var/run)",
         severity::low}},
       {"volume"}},
      {"host_path_data", severity::high,
       {{"volume.host_path_added", severity::high,
         "volume cache: host path /data/files-sync-cache bind-mounted into the task's containers", severity::low}},
       {"volume"}},
      {"efs_plaintext", severity::high,
       {{"volume.efs_iam_disabled", severity::medium,
         "volume archive: EFS file system fs-0c1d2e3f4a5b69788 mounted without IAM authorization (the file system "
         "policy does not see the task role)",
         severity::high},
        {"volume.efs_transit_unencrypted", severity::high,
         "volume archive: EFS file system fs-0c1d2e3f4a5b69788 mounted without transit encryption (NFS in plain text)",
         severity::medium}},
       {"volume"}},
      {"efs_transit_off", severity::high,
       {{"volume.efs_iam_disabled", severity::medium,
         "volume shared: EFS file system fs-0a1b2c3d4e5f60718: IAM authorization ENABLED -> DISABLED (the file "
         "system policy no longer sees the task role)",
         severity::high},
        {"volume.efs_transit_unencrypted", severity::high,
         "volume shared: EFS file system fs-0a1b2c3d4e5f60718: transit encryption ENABLED -> DISABLED (NFS in plain "
         "text)",
         severity::medium}},
       {"volume"}},
      {"efs_iam_off", severity::medium,
       {{"volume.efs_iam_disabled", severity::medium,
         "volume shared: EFS file system fs-0a1b2c3d4e5f60718: IAM authorization ENABLED -> DISABLED (the file "
         "system policy no longer sees the task role)",
         severity::low}},
       {"volume"}},
      {"tags_removed", severity::medium,
       {{"iam.tags_removed", severity::medium,
         "tags removed: tags.DataClass, tags_all.Environment (IAM policies that test aws:ResourceTag on them no "
         "longer match this resource)",
         severity::low}},
       {"tags.DataClass", "tags_all.Environment"}},
      {"fault_injection", severity::medium,
       {{"task.fault_injection_enabled", severity::medium,
         "enable_fault_injection false -> true: the task's containers may inject faults (network blackhole, "
         "latency, packet loss, CPU and I/O stress) through the ECS agent's fault injection endpoints",
         severity::low}},
       {"enable_fault_injection"}},
      {"service_connect_port", severity::medium,
       {{"network.service_connect_port_added", severity::medium,
         "Service Connect opens a new port: port name api: ingress port override 15443", severity::low},
        {"network.service_connect_port_added", severity::medium,
         "Service Connect opens a new port: port name metrics: client alias payments-metrics.internal:9090",
         severity::low}},
       {"service_connect_configuration[0].service"}},
      {"load_balancer_port", severity::high,
       {{"network.load_balancer_port_added", severity::high,
         "container api port 8443 attached to target group payments-api-public", severity::low}},
       {"load_balancer"}},
      {"lattice_port", severity::high,
       {{"network.load_balancer_port_added", severity::high,
         "port name admin attached to VPC Lattice target group tg-0f9e8d7c6b5a43210", severity::low}},
       {"vpc_lattice_configurations"}},
  };
  return all;
}

}  // namespace

TEST_CASE("every security check fires on its realistic record with its severity and detail", "[security]") {
  std::vector<std::string_view> covered;
  for (const auto& s : scenarios()) {
    INFO("fixture " << s.fixture);
    auto alerts = detect(s.fixture);
    INFO(dump(alerts));
    REQUIRE(alerts.size() == 1);
    const auto& a = alerts[0];
    CHECK(to_string(a.sev) == to_string(s.alert));
    REQUIRE(a.security.size() == s.findings.size());
    for (std::size_t i = 0; i < s.findings.size(); ++i) {
      CHECK(a.security[i].check == s.findings[i].check);
      CHECK(to_string(a.security[i].sev) == to_string(s.findings[i].sev));
      CHECK(a.security[i].detail == s.findings[i].detail);
      covered.push_back(s.findings[i].check);
    }
    if (!s.paths.empty()) {
      std::vector<std::string_view> paths;
      for (const auto& c : a.changes) paths.push_back(c.path);
      CHECK(paths == s.paths);
    }
  }
  // Every check of the table has at least one record here.
  for (const auto& c : tfdrift::security_checks) {
    INFO("check " << c.id);
    CHECK(std::find(covered.begin(), covered.end(), c.id) != covered.end());
  }
}

TEST_CASE("switching a check off removes its findings and what they added to the severity", "[security][config]") {
  for (const auto& s : scenarios()) {
    for (const auto& w : s.findings) {
      INFO("fixture " << s.fixture << " without " << w.check);
      auto alerts = detect(s.fixture, without(w.check));
      INFO(dump(alerts));
      REQUIRE(alerts.size() == 1);
      const auto& a = alerts[0];
      CHECK(to_string(a.sev) == to_string(w.alert_without));
      std::size_t others = 0;
      for (const auto& o : s.findings) others += o.check == w.check ? 0 : 1;
      CHECK(a.security.size() == others);
      for (const auto& f : a.security) CHECK(f.check != w.check);
    }
  }
}

TEST_CASE("security.enabled false turns every check off", "[security][config]") {
  const auto off = config_json(R"({"security": {"enabled": false}})");
  for (const auto& s : scenarios()) {
    INFO("fixture " << s.fixture);
    auto alerts = detect(s.fixture, off);
    REQUIRE(alerts.size() == 1);
    CHECK(alerts[0].security.empty());
    CHECK(tfdrift::to_json_line(alerts[0]).find("\"security\"") == std::string::npos);
  }
  // What is left is the drift rules' own severity.
  CHECK(to_string(detect("role_unknown", off)[0].sev) == "medium");
  CHECK(to_string(detect("exec_enabled", off)[0].sev) == "high");
}

TEST_CASE("a check's severity can be set in the config", "[security][config]") {
  auto a = detect("image_tag", config_json(R"({"security": {"checks": {"image.tag_changed": {"severity": "high"}}}})"));
  REQUIRE(a.size() == 1);
  REQUIRE(a[0].security.size() == 1);
  CHECK(to_string(a[0].security[0].sev) == "high");
  CHECK(to_string(a[0].sev) == "high");
  // A check's own escalation still applies above the configured severity.
  a = detect("role_unknown", config_json(R"({"security": {"checks": {"iam.role_changed": {"severity": "low"}}}})"));
  REQUIRE(a[0].security.size() == 1);
  CHECK(to_string(a[0].security[0].sev) == "critical");
  a = detect("role_known", config_json(R"({"security": {"checks": {"iam.role_changed": {"severity": "low"}}}})"));
  REQUIRE(a[0].security.size() == 1);
  CHECK(to_string(a[0].security[0].sev) == "low");
  CHECK(to_string(a[0].sev) == "medium");  // the drift rule's
  // enabled: false in the mapping form switches it off too.
  a = detect("role_known", config_json(R"({"security": {"checks": {"iam.role_changed": {"enabled": false}}}})"));
  CHECK(a[0].security.empty());
}

TEST_CASE("who checks raise the alert one level, at least to their floor, capped at critical", "[security][who]") {
  auto record = nlohmann::json::parse(read_fixture("cloudtrail/security/root_identity.json"));
  // An unwatched change (low) by root: raised to the floor, high.
  record["requestParameters"].erase("desiredCount");
  record["requestParameters"]["healthCheckGracePeriodSeconds"] = 60;
  tfdrift::detector d;
  d.load_state(read_fixture("state/security.tfstate"), "security.tfstate");
  auto alerts = d.process(record.dump(), "root_low.json");
  REQUIRE(alerts.size() == 1);
  CHECK(to_string(alerts[0].sev) == "high");
  REQUIRE(alerts[0].security.size() == 1);
  CHECK(alerts[0].security[0].check == "who.root");
  CHECK(to_string(alerts[0].security[0].sev) == "high");
  CHECK(d.stats().alerts_by_severity[static_cast<std::size_t>(severity::high)] == 1);  // the raised severity

  // Root from the console without MFA: both raise; the second is capped at critical.
  record = nlohmann::json::parse(read_fixture("cloudtrail/security/root_identity.json"));
  record["eventID"] = "7d0c61b4-2f3a-4e5b-8c9d-0e1f2a3b4c5d";
  record["userIdentity"]["sessionContext"]["attributes"]["mfaAuthenticated"] = "false";
  alerts = d.process(record.dump(), "root_no_mfa.json");
  REQUIRE(alerts.size() == 1);
  REQUIRE(alerts[0].security.size() == 2);
  CHECK(alerts[0].security[0].check == "who.console_without_mfa");
  CHECK(alerts[0].security[0].detail == "root (Root, Console) signed in to the console without MFA");
  CHECK(to_string(alerts[0].security[0].sev) == "critical");
  CHECK(alerts[0].security[1].check == "who.root");
  CHECK(to_string(alerts[0].security[1].sev) == "critical");
  CHECK(to_string(alerts[0].sev) == "critical");

  // A low change from a console session without MFA: +1 is medium, the floor.
  record = nlohmann::json::parse(read_fixture("cloudtrail/security/console_without_mfa.json"));
  record["requestParameters"].erase("desiredCount");
  record["requestParameters"]["healthCheckGracePeriodSeconds"] = 60;
  tfdrift::detector d2;
  d2.load_state(read_fixture("state/security.tfstate"), "security.tfstate");
  alerts = d2.process(record.dump(), "console_low.json");
  REQUIRE(alerts.size() == 1);
  REQUIRE(alerts[0].security.size() == 1);
  CHECK(to_string(alerts[0].security[0].sev) == "medium");
  CHECK(to_string(alerts[0].sev) == "medium");
}

TEST_CASE("console sessions with MFA, and Identity Center sessions, raise nothing", "[security][who]") {
  auto a = detect("console_with_mfa");
  REQUIRE(a.size() == 1);
  CHECK(a[0].security.empty());
  CHECK(to_string(a[0].sev) == "high");
  // The spec's scenario 2: an SSO console session (mfaAuthenticated is always false there).
  a = detect("cloudtrail/register_task_definition_image.json", tfdrift::default_config(), {"ecs.tfstate"});
  REQUIRE(a.size() == 1);
  REQUIRE(a[0].security.size() == 1);
  CHECK(a[0].security[0].check == "image.tag_changed");
  CHECK(a[0].security[0].detail == "container nginx: image tag 1.20 -> 1.21 (nginx:1.21)");
  CHECK(to_string(a[0].sev) == "medium");  // the spec's severity for scenario 2
}

TEST_CASE("the registry allowlist: configured globs, with or without the state's registries", "[security][image]") {
  // docker.io allowed by the config: no finding.
  auto a = detect("image_registry", config_json(R"({"security": {"allowed_registries": ["docker.io"]}})"));
  REQUIRE(a.size() == 1);
  REQUIRE(a[0].security.size() == 1);
  CHECK(a[0].security[0].check == "image.tag_changed");
  // Only the config's list: the state's ECR registry matches a glob, docker.io does not.
  const auto ecr_only = config_json(
      R"({"security": {"allowed_registries": ["*.dkr.ecr.*.amazonaws.com"], "trust_state_registries": false}})");
  a = detect("image_tag", ecr_only);
  REQUIRE(a.size() == 1);
  REQUIRE(a[0].security.size() == 1);
  CHECK(a[0].security[0].check == "image.tag_changed");
  a = detect("image_registry", ecr_only);
  REQUIRE(a[0].security.size() == 2);
  CHECK(a[0].security[0].detail ==
        "container datadog-agent: image datadog/agent:7.50.3 comes from registry docker.io, which is not allowed "
        "(allowed: *.dkr.ecr.*.amazonaws.com)");
  // With no state images and no list there is nothing to judge by: silent.
  a = detect("image_registry", tfdrift::default_config(), {});
  REQUIRE(a.size() == 1);
  CHECK(to_string(a[0].kind) == "unmanaged");
  INFO(dump(a));
  CHECK(a[0].security.empty());  // nor anything else: the images are tagged or pinned, no first value counts
}

TEST_CASE("unmanaged resources: dangerous settings are findings, first values are not changes", "[security]") {
  // No state: the registration is of a family nobody manages.
  auto a = detect("privileged", tfdrift::default_config(), {});
  REQUIRE(a.size() == 1);
  CHECK(to_string(a[0].kind) == "unmanaged");
  std::vector<std::string> checks;
  for (const auto& f : a[0].security) checks.push_back(f.check);
  // privileged is there; the roles, the network mode and the image tag are first values, not changes.
  CHECK(checks == std::vector<std::string>{"container.privileged"});
  CHECK(to_string(a[0].sev) == "critical");
}

TEST_CASE("ExecuteCommand is activity on the cluster: who, which task and container, which command", "[security][exec]") {
  tfdrift::detector d;
  d.load_state(read_fixture("state/security.tfstate"), "security.tfstate");
  std::vector<std::string> narration;
  const auto rec = nlohmann::json::parse(read_fixture("cloudtrail/security/exec_session.json"));
  d.explain(rec["eventID"].get<std::string>(), [&](const std::string& line) { narration.push_back(line); });
  auto alerts = d.process(read_fixture("cloudtrail/security/exec_session.json"), "exec_session.json");
  REQUIRE(alerts.size() == 1);
  const auto& a = alerts[0];
  CHECK(to_string(a.kind) == "activity");
  REQUIRE(a.address);
  CHECK(*a.address == "aws_ecs_cluster.payments");
  CHECK(a.resource_type == "aws_ecs_cluster");
  CHECK(a.resource_id == "payments");
  CHECK(a.priority == "WARNING");
  CHECK(a.rule == "ECS Cluster Settings");
  tfdrift_test::check_changes(a, {{"execute_command[task=1e2d3c4b5a6978870f1e2d3c4b5a6978].container[name=api]",
                                   "execute_command", nullptr,
                                   tfdrift_test::parse_json(R"({"command":"/bin/sh","interactive":true})"),
                                   severity::high}});
  CHECK(d.stats().count(tfdrift::outcome::alert) == 1);
  bool narrated = false;
  for (const auto& line : narration)
    narrated = narrated || line.rfind("security check exec.session (high): oncall@example.com", 0) == 0;
  CHECK(narrated);

  // The same event as Falco delivers it (ct.request is the request as JSON text).
  nlohmann::json falco = {
      {"output", "ECS Exec command run"}, {"priority", "Warning"}, {"rule", "ECS Exec Command Run"},
      {"source", "aws_cloudtrail"}, {"time", "2025-03-12T09:13:14.000000000Z"},
      {"output_fields",
       {{"ct.id", "0b6d1f57-4c41-5e0e-9a57-2f6c1b7e8d90"}, {"ct.name", "ExecuteCommand"}, {"ct.src", "ecs.amazonaws.com"},
        {"ct.time", "2025-03-12T09:13:14Z"}, {"ct.region", "us-east-1"}, {"ct.recipientaccountid", "123456789012"},
        {"ct.user", "AWSReservedSSO_PowerUserAccess_7f3e2d1c0b9a8765"}, {"ct.user.identitytype", "AssumedRole"},
        {"ct.user.arn", rec["userIdentity"]["arn"]}, {"ct.user.accountid", "123456789012"},
        {"ct.user.principalid", rec["userIdentity"]["principalId"]}, {"ct.useragent", rec["userAgent"]},
        {"ct.srcip", "192.0.2.77"}, {"ct.error", "<NA>"}, {"ct.readonly", "false"},
        {"ct.sessioncredentialfromconsole", "<NA>"}, {"ct.request", rec["requestParameters"].dump()}}}};
  auto via_falco = d.process(falco.dump(), "falco.json");
  REQUIRE(via_falco.size() == 1);
  REQUIRE(via_falco[0].security.size() == 1);
  CHECK(via_falco[0].security[0].detail == a.security[0].detail);
  CHECK(via_falco[0].changes[0].path == a.changes[0].path);
}

TEST_CASE("ExecuteCommand into a cluster no state manages is an unmanaged alert with the finding", "[security][exec]") {
  auto a = detect("exec_session", tfdrift::default_config(), {});
  REQUIRE(a.size() == 1);
  CHECK(to_string(a[0].kind) == "unmanaged");
  CHECK_FALSE(a[0].address);
  CHECK(a[0].resource_id == "payments");
  REQUIRE(a[0].security.size() == 1);
  CHECK(a[0].security[0].check == "exec.session");
  CHECK(to_string(a[0].sev) == "high");
}

TEST_CASE("security findings are in the alert JSON only when there are some", "[security][json]") {
  auto a = detect("exec_enabled");
  REQUIRE(a.size() == 1);
  const std::string line = tfdrift::to_json_line(a[0]);
  CHECK(line.find(R"("changes":[{"attribute":"enable_execute_command","path":"enable_execute_command","old":false,)"
                  R"("new":true,"severity":"high"}],"security":[{"check":"exec.enabled","severity":"critical",)"
                  R"("detail":"enable_execute_command false -> true: whoever may call ecs:ExecuteCommand can open a )"
                  R"(shell in the service's tasks"}],"actor":)") != std::string::npos);
  CHECK(line == tfdrift::to_json(a[0]).dump());
  a = detect("console_with_mfa");
  CHECK(tfdrift::to_json_line(a[0]).find("\"security\"") == std::string::npos);
}

TEST_CASE("the security config: checks by id, severities, registries, with errors placed", "[security][config]") {
  auto c = config_json(R"({"security": {"enabled": true, "allowed_registries": ["ghcr.io"],
    "trust_state_registries": false,
    "checks": {"who.root": false, "image.tag_changed": {"enabled": true, "severity": "low"}}}})");
  CHECK(c.security.enabled);
  CHECK(c.security.allowed_registries == std::vector<std::string>{"ghcr.io"});
  CHECK_FALSE(c.security.trust_state_registries);
  CHECK_FALSE(c.security.checks[tfdrift::security_check_index("who.root")].enabled);
  CHECK(c.security.checks[tfdrift::security_check_index("image.tag_changed")].enabled);
  CHECK(c.security.checks[tfdrift::security_check_index("image.tag_changed")].sev == severity::low);
  CHECK(c.security.checks[tfdrift::security_check_index("exec.enabled")].enabled);
  CHECK_FALSE(c.security.checks[tfdrift::security_check_index("exec.enabled")].sev);

  auto error_of = [](const std::string& text, std::string_view name = "c.json") -> tfdrift::error {
    try {
      tfdrift::load_config(text, name);
    } catch (const tfdrift::error& e) {
      return e;
    }
    FAIL("no error for " << text);
    return tfdrift::error("", "", "");
  };
  auto e = error_of(R"({"security": {"checks": {"iam.role_change": false}}})");
  CHECK(e.id() == "tfdrift.config.unknown_key");
  CHECK(e.where() == "c.json:1:26");
  CHECK(e.message().rfind("unknown key \"security.checks.iam.role_change\" (known checks: container.capabilities_added, ", 0) == 0);
  e = error_of(R"({"security": {"check": {}}})");
  CHECK(e.id() == "tfdrift.config.unknown_key");
  CHECK(e.where() == "c.json:1:15");
  CHECK(e.message() ==
        "unknown key \"security.check\" (known keys: enabled, checks, allowed_registries, trust_state_registries, redact_secrets)");
  e = error_of(R"({"security": {"checks": {"who.root": "off"}}})");
  CHECK(e.id() == "tfdrift.config.type");
  CHECK(e.where() == "c.json:1:38");
  CHECK(e.message() == "security.checks.who.root must be true, false or a mapping (enabled, severity), not a string \"off\"");
  e = error_of(R"({"security": {"checks": {"who.root": {"severity": "urgent"}}}})");
  CHECK(e.id() == "tfdrift.config.bad_severity");
  e = error_of(R"({"security": {"checks": {"who.root": false, "who.root": true}}})");
  CHECK(e.id() == "tfdrift.config.duplicate_key");
  CHECK(e.where() == "c.json:1:45");

  // YAML: check ids are plain keys.
  c = tfdrift::load_config("security:\n  checks:\n    image.tag_changed: false\n    who.root:\n      severity: critical\n"
                           "  allowed_registries:\n    - \"*.dkr.ecr.*.amazonaws.com\"\n",
                           "c.yaml");
  CHECK_FALSE(c.security.checks[tfdrift::security_check_index("image.tag_changed")].enabled);
  CHECK(c.security.checks[tfdrift::security_check_index("who.root")].sev == severity::critical);
  CHECK(c.security.allowed_registries == std::vector<std::string>{"*.dkr.ecr.*.amazonaws.com"});
  e = error_of("security:\n  checks:\n    image.tag: false\n", "c.yaml");
  CHECK(e.id() == "tfdrift.config.unknown_key");
  CHECK(e.where() == "c.yaml:3:5");
}

TEST_CASE("image references split the way Docker reads them", "[security][image]") {
  struct row {
    std::string_view text, registry, repository, tag, digest;
  };
  for (const row& r : {row{"nginx:1.21", "docker.io", "library/nginx", "1.21", ""},
                       row{"nginx", "docker.io", "library/nginx", "", ""},
                       row{"datadog/agent:7.50.3", "docker.io", "datadog/agent", "7.50.3", ""},
                       row{"docker.io/library/nginx:latest", "docker.io", "library/nginx", "latest", ""},
                       row{"index.docker.io/library/nginx:1.25", "docker.io", "library/nginx", "1.25", ""},
                       row{"123456789012.dkr.ecr.us-east-1.amazonaws.com/api:v2.3.1",
                           "123456789012.dkr.ecr.us-east-1.amazonaws.com", "api", "v2.3.1", ""},
                       row{"public.ecr.aws/appmesh/aws-appmesh-envoy:v1.27.0.0-prod", "public.ecr.aws",
                           "appmesh/aws-appmesh-envoy", "v1.27.0.0-prod", ""},
                       row{"localhost:5000/tools/debug", "localhost:5000", "tools/debug", "", ""},
                       row{"ghcr.io/acme/app:1.0@sha256:0123abcd", "ghcr.io", "acme/app", "1.0", "sha256:0123abcd"},
                       row{"ghcr.io/acme/app@sha256:0123abcd", "ghcr.io", "acme/app", "", "sha256:0123abcd"}}) {
    INFO(r.text);
    auto img = tfdrift::parse_image(r.text);
    CHECK(img.registry == r.registry);
    CHECK(img.repository == r.repository);
    CHECK(img.tag == r.tag);
    CHECK(img.digest == r.digest);
  }
}

TEST_CASE("an untagged image, a removed non-root user and a secret that is an ARN", "[security][container]") {
  auto record = nlohmann::json::parse(read_fixture("cloudtrail/security/image_latest.json"));
  auto& worker = record["requestParameters"]["containerDefinitions"][0];
  worker["image"] = "123456789012.dkr.ecr.us-east-1.amazonaws.com/ledger-worker";
  worker.erase("user");
  worker["environment"].push_back({{"name", "KMS_KEY_ARN"}, {"value", "arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d"}});
  worker["environment"].push_back({{"name", "DATABASE_URL_TOKEN"}, {"value", "dG9rZW4="}});
  tfdrift::detector d;
  d.load_state(read_fixture("state/security.tfstate"), "security.tfstate");
  auto alerts = d.process(record.dump(), "variant.json");
  REQUIRE(alerts.size() == 1);
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& f : alerts[0].security) got.emplace_back(f.check, f.detail);
  CHECK(got == std::vector<std::pair<std::string, std::string>>{
                   {"container.root_user",
                    "container worker: user 1000 removed: it runs as the image's default user, often root"},
                   {"container.secret_in_plaintext",
                    "container worker: environment DATABASE_URL_TOKEN looks like a secret and is set in plain text (use "
                    "secrets)"},
                   {"image.latest_or_untagged",
                    "container worker: image 123456789012.dkr.ecr.us-east-1.amazonaws.com/ledger-worker has no tag "
                    "(pulls latest)"},
                   {"image.tag_changed",
                    "container worker: image tag 3.4.0 -> (no tag) "
                    "(123456789012.dkr.ecr.us-east-1.amazonaws.com/ledger-worker)"}});
  CHECK(to_string(alerts[0].sev) == "high");
}

TEST_CASE("the check table: sorted ids, known severities, looked up by id", "[security]") {
  STATIC_REQUIRE(tfdrift::security_checks.size() == tfdrift::security_check_count);
  STATIC_REQUIRE(tfdrift::security_check_index("iam.role_changed") < tfdrift::security_check_count);
  STATIC_REQUIRE(tfdrift::security_check_index("iam.nope") == tfdrift::security_check_count);
  CHECK(tfdrift::security_checks[tfdrift::security_check_index("exec.enabled")].sev == severity::critical);
  CHECK(tfdrift::security_checks[tfdrift::security_check_index("who.root")].raise == 1);
  CHECK(tfdrift::security_checks.back().id == "who.root");
  for (const auto& c : tfdrift::security_checks) {
    INFO(c.id);
    CHECK(c.run != nullptr);
  }
}

TEST_CASE("the text and Markdown formats print one Security line per finding", "[security][format]") {
  auto a = detect("exec_enabled");
  REQUIRE(a.size() == 1);
  CHECK(tfdrift::to_text(a[0]) ==
        "🚨 Drift Detected: aws_ecs_service.payments_api\n"
        "Changed: enable_execute_command = false → true\n"
        "Security: exec.enabled (CRITICAL): enable_execute_command false -> true: whoever may call "
        "ecs:ExecuteCommand can open a shell in the service's tasks\n"
        "User: j.doe (IAM User, CLI)\n"
        "Region: us-east-1\n"
        "Severity: CRITICAL\n");
  CHECK(tfdrift::to_markdown(a[0]).find("\n- Security: exec.enabled (CRITICAL): enable\\_execute\\_command false -&gt; "
                                        "true: whoever may call ecs:ExecuteCommand can open a shell in the service's "
                                        "tasks\n") != std::string::npos);
  // Details carry request text: a container name cannot drive a terminal or format Markdown.
  a[0].security[0].detail = "container \x1b[2Jweb_*x*";
  CHECK(tfdrift::to_text(a[0]).find("Security: exec.enabled (CRITICAL): container \\x1b[2Jweb_*x*\n") != std::string::npos);
  CHECK(tfdrift::to_markdown(a[0]).find(R"(- Security: exec.enabled (CRITICAL): container \\x1b\[2Jweb\_\*x\*)"
                                        "\n") != std::string::npos);
}

TEST_CASE("examples/config/full.yaml names every security check, with the defaults", "[security][config]") {
  const std::string text = read_fixture("../../examples/config/full.yaml");
  const auto c = tfdrift::load_config(text, "full.yaml");
  const tfdrift::security_settings d;
  CHECK(c.security.enabled == d.enabled);
  CHECK(c.security.allowed_registries == d.allowed_registries);
  CHECK(c.security.trust_state_registries == d.trust_state_registries);
  CHECK(c.security.redact_secrets == d.redact_secrets);
  CHECK(text.find("  redact_secrets: true\n") != std::string::npos);
  for (const auto& check : tfdrift::security_checks) {
    INFO(check.id);
    CHECK(text.find("    " + std::string(check.id) + ": true\n") != std::string::npos);
    CHECK(c.security.checks[tfdrift::security_check_index(check.id)].enabled);
    CHECK_FALSE(c.security.checks[tfdrift::security_check_index(check.id)].sev);
  }
}

TEST_CASE("the same records keeping volumes, tags, fault injection, Service Connect and load balancers as in state find "
          "nothing of them",
          "[security][volumes][ports]") {
  // files-sync's revision in state resent (volumes reordered, EFS root_directory "/" spelled out,
  // the default tag Environment sent as Terraform sends it, fault injection on as in state), one
  // image tag bumped: only the tag change. It keeps a host path, an EFS volume without transit
  // encryption or IAM (legacy), and tags.
  auto kept = detect("files_sync_kept");
  INFO(dump(kept));
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].address == std::optional<std::string>("aws_ecs_task_definition.files_sync"));
  REQUIRE(kept[0].changes.size() == 1);
  CHECK(kept[0].changes[0].path == "container_definitions[name=sync].image");
  REQUIRE(kept[0].security.size() == 1);
  CHECK(kept[0].security[0].check == "image.tag_changed");
  CHECK(to_string(kept[0].sev) == "medium");
  // The service's Service Connect, load balancer and VPC Lattice target resent with a new desired
  // count: the count is the one change, and no check fires.
  auto service = detect("service_kept");
  INFO(dump(service));
  REQUIRE(service.size() == 1);
  REQUIRE(service[0].changes.size() == 1);
  CHECK(service[0].changes[0].path == "desired_count");
  CHECK(service[0].security.empty());
  CHECK(to_string(service[0].sev) == "high");
}

TEST_CASE("each new check stays silent on a record that changes its member without opening anything",
          "[security][volumes][ports]") {
  // A host path that the state already mounts, under another volume name.
  auto renamed = detect_edited_record("host_path_data", [](nlohmann::json& r) {
    for (auto& v : r["requestParameters"]["volumes"])
      if (v["name"] == "cache") v["host"]["sourcePath"] = "/var/log/files-sync";
  });
  REQUIRE(renamed.size() == 1);
  CHECK(renamed[0].changes.at(0).path == "volume");
  CHECK(renamed[0].security.empty());
  // An EFS volume added with transit encryption and IAM authorization.
  auto efs = detect_edited_record("efs_plaintext", [](nlohmann::json& r) {
    for (auto& v : r["requestParameters"]["volumes"])
      if (v["name"] == "archive")
        v["efsVolumeConfiguration"].update({{"transitEncryption", "ENABLED"},
                                            {"authorizationConfig", {{"iam", "ENABLED"}}}});
  });
  REQUIRE(efs.size() == 1);
  CHECK(efs[0].changes.at(0).path == "volume");
  CHECK(efs[0].security.empty());
  // A tag's value changed, none removed: drift, not a removal.
  auto retagged = detect_edited_record("files_sync_kept", [](nlohmann::json& r) {
    for (auto& t : r["requestParameters"]["tags"])
      if (t["key"] == "DataClass") t["value"] = "internal";
  });
  REQUIRE(retagged.size() == 1);
  CHECK(retagged[0].changes.size() == 2);
  CHECK(retagged[0].changes.at(1).path == "tags.DataClass");
  CHECK(checks_of_alert(retagged[0]) == std::vector<std::string>{"image.tag_changed"});
  // Fault injection turned off is no finding.
  auto off = detect_edited_record("files_sync_kept", [](nlohmann::json& r) {
    r["requestParameters"]["enableFaultInjection"] = false;
  });
  REQUIRE(off.size() == 1);
  CHECK(off[0].changes.at(1).path == "enable_fault_injection");
  CHECK(checks_of_alert(off[0]) == std::vector<std::string>{"image.tag_changed"});
  // Service Connect: the client alias's DNS name changed on the same port, and a new port name
  // added while Service Connect is turned off.
  auto dns = detect_edited_record("service_connect_port", [](nlohmann::json& r) {
    auto& services = r["requestParameters"]["serviceConnectConfiguration"]["services"];
    services = nlohmann::json::array({services[0]});
    services[0].erase("ingressPortOverride");
    services[0]["clientAliases"][0]["dnsName"] = "payments.internal";
  });
  REQUIRE(dns.size() == 1);
  CHECK(dns[0].changes.at(0).path == "service_connect_configuration[0].service");
  CHECK(dns[0].security.empty());
  auto disabled = detect_edited_record("service_connect_port", [](nlohmann::json& r) {
    r["requestParameters"]["serviceConnectConfiguration"]["enabled"] = false;
  });
  REQUIRE(disabled.size() == 1);
  CHECK(disabled[0].security.empty());
  // The load balancer attachment in state resent with a blue/green advanced configuration: the
  // same container port on the same target group, no finding; the same for the VPC Lattice target
  // resent with another role.
  auto lb = detect_edited_record("load_balancer_port", [](nlohmann::json& r) {
    auto& lbs = r["requestParameters"]["loadBalancers"];
    lbs = nlohmann::json::array({lbs[0]});
    lbs[0]["advancedConfiguration"] = {{"alternateTargetGroupArn", "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/payments-api-green/1a2b3c4d5e6f7a8b"},
                                       {"productionListenerRule", "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/payments/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee"},
                                       {"roleArn", "arn:aws:iam::123456789012:role/ecsInfrastructureRole"}};
  });
  REQUIRE(lb.size() == 1);
  CHECK(lb[0].changes.at(0).path == "load_balancer");
  CHECK(lb[0].security.empty());
  auto lattice = detect_edited_record("lattice_port", [](nlohmann::json& r) {
    auto& configs = r["requestParameters"]["vpcLatticeConfigurations"];
    configs = nlohmann::json::array({configs[0]});
    configs[0]["roleArn"] = "arn:aws:iam::123456789012:role/ecsLatticeRole";
  });
  REQUIRE(lattice.size() == 1);
  CHECK(lattice[0].changes.at(0).path == "vpc_lattice_configurations");
  CHECK(lattice[0].security.empty());
}

TEST_CASE("sensitive host paths: the list, paths under it, .., and not a name that only starts the same",
          "[security][volumes]") {
  using tfdrift::detail::sensitive_host_path;
  CHECK(sensitive_host_path("/") == "/");
  CHECK(sensitive_host_path("//") == "/");
  CHECK(sensitive_host_path("/etc") == "/etc");
  CHECK(sensitive_host_path("/etc/") == "/etc");
  CHECK(sensitive_host_path("/var/run/docker.sock") == "/var/run");
  CHECK(sensitive_host_path("/run/containerd/containerd.sock") == "/run");
  CHECK(sensitive_host_path("//var//lib/docker/volumes") == "/var/lib/docker");
  CHECK(sensitive_host_path("/var/lib/ecs/data") == "/var/lib/ecs");
  CHECK(sensitive_host_path("/data/../etc") == "..");
  CHECK(sensitive_host_path("/etcetera").empty());
  CHECK(sensitive_host_path("/var/log/files-sync").empty());
  CHECK(sensitive_host_path("/data/files-sync-cache").empty());
  CHECK(sensitive_host_path("/srv/..data").empty());
}

TEST_CASE("a task definition no state manages: a docker.sock volume, an EFS volume in plain text and fault injection "
          "are findings, its tags and ports are first values",
          "[security][volumes]") {
  auto alerts = detect_edited_record("host_path_docker_sock", [](nlohmann::json& r) {
    r["requestParameters"]["family"] = "ops-debug";
    r["requestParameters"]["volumes"].push_back(
        {{"name", "archive"}, {"efsVolumeConfiguration", {{"fileSystemId", "fs-0c1d2e3f4a5b69788"}}}});
  });
  INFO(dump(alerts));
  REQUIRE(alerts.size() == 1);
  CHECK(alerts[0].kind == tfdrift::alert_kind::unmanaged);
  // files-sync's volumes come along: legacy (EFS, neither) and logs (a host path) count too.
  CHECK(checks_of_alert(alerts[0]) ==
        std::vector<std::string>{"task.fault_injection_enabled", "volume.efs_iam_disabled", "volume.efs_iam_disabled",
                                 "volume.efs_transit_unencrypted", "volume.efs_transit_unencrypted",
                                 "volume.host_path_added", "volume.host_path_added"});
  CHECK(to_string(alerts[0].sev) == "critical");
}

// ---- cases from review: the role, image and MFA checks at their edges ----------------------------

namespace {

// The alerts of a security fixture after edit(record) and, when given, edit_state(state).
template <class Edit, class EditState>
std::vector<tfdrift::alert> detect_edited(std::string_view fixture, Edit&& edit, EditState&& edit_state) {
  auto rec = nlohmann::json::parse(read_fixture("cloudtrail/security/" + std::string(fixture) + ".json"));
  edit(rec);
  auto state = nlohmann::json::parse(read_fixture("state/security.tfstate"));
  edit_state(state);
  tfdrift::detector d;
  d.load_state(state.dump(), "security.tfstate");
  return d.process(rec.dump(), std::string(fixture) + ".json");
}

std::vector<std::string> checks_of(const tfdrift::alert& a) {
  std::vector<std::string> ids;
  for (const auto& f : a.security) ids.push_back(f.check);
  return ids;
}

// The state's attributes of the payments-api task definition.
nlohmann::json& payments_api_td(nlohmann::json& state) {
  for (auto& r : state["resources"])
    if (r["type"] == "aws_ecs_task_definition" && r["instances"][0]["attributes"]["family"] == "payments-api")
      return r["instances"][0]["attributes"];
  throw std::runtime_error("no payments-api task definition in security.tfstate");
}

void no_state_edit(nlohmann::json&) {}

}  // namespace

TEST_CASE("a role set where the state had none is reported, critical when no state uses it", "[security][iam]") {
  auto alerts = detect_edited("role_unknown", [](nlohmann::json&) {},
                              [](nlohmann::json& s) { payments_api_td(s)["task_role_arn"] = ""; });
  REQUIRE(alerts.size() == 1);
  INFO(dump(alerts));
  REQUIRE(alerts[0].security.size() == 1);
  CHECK(alerts[0].security[0].check == "iam.role_changed");
  CHECK(alerts[0].security[0].sev == severity::critical);
  CHECK(alerts[0].security[0].detail ==
        "task role (none) -> ops-breakglass (arn:aws:iam::123456789012:role/ops-breakglass), a role that no loaded "
        "state uses");
  CHECK(alerts[0].sev == severity::critical);
}

TEST_CASE("a role given by its name where the state has its ARN is no role change", "[security][iam]") {
  auto alerts = detect_edited("role_unknown",
                              [](nlohmann::json& r) { r["requestParameters"]["taskRoleArn"] = "payments-api-task"; },
                              no_state_edit);
  REQUIRE(alerts.size() == 1);
  INFO(dump(alerts));
  CHECK(checks_of(alerts[0]).empty());
  SECTION("the same name in another account is another role") {
    auto other = detect_edited("role_unknown", [](nlohmann::json& r) {
      r["requestParameters"]["taskRoleArn"] = "arn:aws:iam::210987654321:role/payments-api-task";
    }, no_state_edit);
    REQUIRE(other.size() == 1);
    CHECK(checks_of(other[0]) == std::vector<std::string>{"iam.role_changed"});
  }
}

TEST_CASE("an image digest swapped for another is a finding, but latest pinned by digest is not latest", "[security][image]") {
  const std::string ecr = "123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api";
  const std::string other = "sha256:0000000000000000000000000000000000000000000000000000000000000001";
  auto set_api_image = [](std::string image) {
    return [image](nlohmann::json& r) {
      for (auto& c : r["requestParameters"]["containerDefinitions"])
        if (c["name"] == "api") c["image"] = image;
    };
  };
  auto swapped = detect_edited("image_digest_removed", set_api_image(ecr + "@" + other), no_state_edit);
  REQUIRE(swapped.size() == 1);
  INFO(dump(swapped));
  REQUIRE(swapped[0].security.size() == 1);
  CHECK(swapped[0].security[0].check == "image.tag_changed");
  CHECK(swapped[0].security[0].sev == severity::medium);
  CHECK(swapped[0].security[0].detail ==
        "container api: image digest sha256:9b2d5e0c41f7a3b86e1d2c4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b -> " + other +
            " (another image)");
  auto pinned = detect_edited("image_digest_removed", set_api_image(ecr + ":latest@" + other), no_state_edit);
  REQUIRE(pinned.size() == 1);
  // tag (no tag) -> latest is a tag change; the digest pin keeps it from being "latest".
  CHECK(checks_of(pinned[0]) == std::vector<std::string>{"image.tag_changed"});
}

TEST_CASE("a Falco alert carries no MFA flag: a console change through Falco is not flagged without MFA",
          "[security][who][falco]") {
  auto r = nlohmann::json::parse(read_fixture("cloudtrail/security/console_without_mfa.json"));
  const auto& u = r["userIdentity"];
  nlohmann::json alert = {
      {"output_fields",
       {{"ct.id", r["eventID"]}, {"ct.name", r["eventName"]}, {"ct.src", r["eventSource"]},
        {"ct.time", r["eventTime"]}, {"ct.region", r["awsRegion"]},
        {"ct.recipientaccountid", r["recipientAccountId"]}, {"ct.useragent", r["userAgent"]},
        {"ct.srcip", r["sourceIPAddress"]}, {"ct.error", "<NA>"}, {"ct.readonly", "false"},
        {"ct.user", u["userName"]}, {"ct.user.identitytype", u["type"]}, {"ct.user.arn", u["arn"]},
        {"ct.user.accountid", u["accountId"]}, {"ct.sessioncredentialfromconsole", "true"},
        {"ct.request", r["requestParameters"].dump()}}},
      {"rule", "ECS Service Updated"},
      {"source", "aws_cloudtrail"}};
  tfdrift::detector d;
  d.load_state(read_fixture("state/security.tfstate"), "security.tfstate");
  auto alerts = d.process(alert.dump(), "falco.json");
  REQUIRE(alerts.size() == 1);
  INFO(dump(alerts));
  CHECK(alerts[0].who.source == "console");
  CHECK(checks_of(alerts[0]).empty());
  CHECK(alerts[0].sev == severity::high);  // the drift rule's, not raised
  // The same record from CloudTrail says mfaAuthenticated false: flagged.
  auto direct = detect("console_without_mfa");
  REQUIRE(direct.size() == 1);
  CHECK(checks_of(direct[0]) == std::vector<std::string>{"who.console_without_mfa"});
}

TEST_CASE("a request with 101,000 environment entries is diffed and checked entry by entry", "[security][hostile]") {
  // The differ and the checks look entries up by name in hash tables: with a linear search
  // for each entry this took minutes (quadratic); ctest's timeout stands guard.
  auto rec = nlohmann::json::parse(read_fixture("cloudtrail/security/secret_plaintext.json"));
  for (auto& c : rec["requestParameters"]["containerDefinitions"])
    if (c["name"] == "api") {
      auto& env = c["environment"];
      env = nlohmann::json::array({{{"name", "LOG_FORMAT"}, {"value", "json"}}, {{"name", "PORT"}, {"value", "8443"}}});
      for (int i = 0; i < 100000; ++i) env.push_back({{"name", "VAR_" + std::to_string(i)}, {"value", std::to_string(i)}});
      for (int i = 0; i < 1000; ++i) env.push_back({{"name", "SECRET_" + std::to_string(i)}, {"value", "s" + std::to_string(i)}});
    }
  tfdrift::detector d;
  d.load_state(read_fixture("state/security.tfstate"), "security.tfstate");
  auto alerts = d.process(rec.dump(), "big_env.json");
  REQUIRE(alerts.size() == 1);
  const auto& a = alerts[0];
  std::size_t env_changes = 0;
  for (const auto& c : a.changes)
    if (c.path.starts_with("container_definitions[name=api].environment[name=")) ++env_changes;
  CHECK(env_changes == 101000);
  const tfdrift::change* last = tfdrift_test::find_change(a, "container_definitions[name=api].environment[name=VAR_99999]");
  REQUIRE(last != nullptr);
  CHECK(last->old_value.is_null());
  CHECK(last->new_value == nlohmann::json({{"name", "VAR_99999"}, {"value", "99999"}}));
  REQUIRE(a.security.size() == 1000);
  for (const auto& f : a.security) CHECK(f.check == "container.secret_in_plaintext");
  CHECK(a.security[0].detail ==
        "container api: environment SECRET_0 looks like a secret and is set in plain text (use secrets)");
  CHECK(a.security[999].detail ==
        "container api: environment SECRET_999 looks like a secret and is set in plain text (use secrets)");
  CHECK(a.sev == severity::high);
}

TEST_CASE("ExecuteCommand with a bare task ID and no cluster names the default cluster", "[security][exec]") {
  // aws ecs execute-command --task ID (no --cluster): the request holds the ID alone.
  auto alerts = detect_edited("exec_session", [](nlohmann::json& r) {
    r["requestParameters"]["task"] = "1e2d3c4b5a6978870f1e2d3c4b5a6978";
    r["requestParameters"].erase("cluster");
  }, no_state_edit);
  REQUIRE(alerts.size() == 1);
  INFO(dump(alerts));
  REQUIRE(alerts[0].security.size() == 1);
  CHECK(alerts[0].security[0].check == "exec.session");
  CHECK(alerts[0].security[0].detail ==
        "oncall@example.com (Assumed Role, CLI) opened an interactive session (/bin/sh) in container api of task "
        "1e2d3c4b5a6978870f1e2d3c4b5a6978 on cluster default");
  REQUIRE(alerts[0].changes.size() == 1);
  CHECK(alerts[0].changes[0].path == "execute_command[task=1e2d3c4b5a6978870f1e2d3c4b5a6978].container[name=api]");
}

// ---- redaction: secret-looking environment values never leave in alerts ----------------------------

namespace {

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

tfdrift::change change_of(std::string path, nlohmann::json old_value, nlohmann::json new_value) {
  tfdrift::change c;
  c.attribute = "container_definitions";
  c.path = std::move(path);
  c.old_value = std::move(old_value);
  c.new_value = std::move(new_value);
  return c;
}

}  // namespace

TEST_CASE("a plain-text secret is found on its real value and shown redacted in every format and the ledger",
          "[security][redact]") {
  const std::string secret = "4f6b0c2e9d8a7b6c5d4e3f2a1b0c9d8e";
  tfdrift::detector d;
  d.load_state(read_fixture("state/security.tfstate"), "security.tfstate");
  std::vector<std::string> trace;
  d.explain("c8ba18f2-74b7-5ec6-836f-e14437982b6d", [&](const std::string& l) { trace.push_back(l); });
  auto alerts = d.process(read_fixture("cloudtrail/security/secret_plaintext.json"), "secret_plaintext.json");
  REQUIRE(alerts.size() == 1);
  const auto& a = alerts[0];
  REQUIRE(a.changes.size() == 1);
  CHECK(a.changes[0].path == "container_definitions[name=api].environment[name=JWT_SIGNING_KEY]");
  CHECK(a.changes[0].old_value.is_null());
  CHECK(a.changes[0].new_value == nlohmann::json({{"name", "JWT_SIGNING_KEY"}, {"value", "<redacted>"}}));
  REQUIRE(a.security.size() == 1);
  CHECK(a.security[0].check == "container.secret_in_plaintext");
  CHECK(to_string(a.sev) == "high");
  for (const auto& text : {tfdrift::to_json_line(a), tfdrift::to_text(a), tfdrift::to_markdown(a)}) {
    INFO(text);
    CHECK_FALSE(contains(text, secret));
  }
  CHECK(contains(tfdrift::to_json_line(a), R"("value":"<redacted>")"));
  CHECK(contains(tfdrift::to_text(a), R"("value": "<redacted>")"));
  CHECK(contains(tfdrift::to_markdown(a), R"("value": "&lt;redacted&gt;")"));  // Markdown escapes < and >
  const auto open = d.open_drifts();
  REQUIRE(open.size() == 1);
  CHECK(open[0].drifted_value == nlohmann::json({{"name", "JWT_SIGNING_KEY"}, {"value", "<redacted>"}}));
  REQUIRE_FALSE(trace.empty());
  std::size_t shown = 0;
  for (const auto& l : trace) {
    CHECK_FALSE(contains(l, secret));
    shown += contains(l, R"("value":"<redacted>")");
  }
  CHECK(shown == 1);
}

TEST_CASE("security.redact_secrets false shows the value, and the finding is the same", "[security][redact][config]") {
  auto alerts = detect("secret_plaintext", config_json(R"({"security": {"redact_secrets": false}})"));
  REQUIRE(alerts.size() == 1);
  REQUIRE(alerts[0].changes.size() == 1);
  CHECK(alerts[0].changes[0].new_value ==
        nlohmann::json({{"name", "JWT_SIGNING_KEY"}, {"value", "4f6b0c2e9d8a7b6c5d4e3f2a1b0c9d8e"}}));
  REQUIRE(alerts[0].security.size() == 1);
  CHECK(alerts[0].security[0].check == "container.secret_in_plaintext");
  // Redaction does not depend on the checks: with every check off the value is still hidden.
  auto off = detect("secret_plaintext", config_json(R"({"security": {"enabled": false}})"));
  REQUIRE(off.size() == 1);
  CHECK(off[0].security.empty());
  CHECK(off[0].changes[0].new_value == nlohmann::json({{"name", "JWT_SIGNING_KEY"}, {"value", "<redacted>"}}));
}

TEST_CASE("a secret moved out of secrets into plain text is redacted, its ARN and the other entries are not",
          "[security][redact]") {
  auto alerts = detect("secret_moved");
  REQUIRE(alerts.size() == 1);
  const std::string line = tfdrift::to_json_line(alerts[0]);
  CHECK_FALSE(contains(line, "Pa55w0rd-payments-prod"));
  const tfdrift::change* moved = tfdrift_test::find_change(alerts[0], "container_definitions[name=api].environment[name=DB_PASSWORD]");
  REQUIRE(moved != nullptr);
  CHECK(moved->old_value.is_null());
  CHECK(moved->new_value == nlohmann::json({{"name", "DB_PASSWORD"}, {"value", "<redacted>"}}));
  const tfdrift::change* gone =
      tfdrift_test::find_change(alerts[0], "container_definitions[name=api].secrets[name=DB_PASSWORD]");
  REQUIRE(gone != nullptr);
  CHECK(gone->old_value ==
        nlohmann::json({{"name", "DB_PASSWORD"},
                        {"valueFrom", "arn:aws:secretsmanager:us-east-1:123456789012:secret:payments/db-password-Q1w2E3"}}));
}

TEST_CASE("redact_secrets: a value, an entry, a list and a whole container, but not ARNs, nulls or other names",
          "[security][redact]") {
  using nlohmann::json;
  auto c = change_of("container_definitions[name=api].environment[name=DB_PASSWORD].value", "old-pw", "new-pw");
  tfdrift::redact_secrets(c);
  CHECK(c.old_value == "<redacted>");
  CHECK(c.new_value == "<redacted>");

  c = change_of("container_definitions[name=api].environment[name=DB_PASSWORD].value", nullptr,
                "arn:aws:ssm:us-east-1:123456789012:parameter/db");
  tfdrift::redact_secrets(c);
  CHECK(c.old_value.is_null());
  CHECK(c.new_value == "arn:aws:ssm:us-east-1:123456789012:parameter/db");

  c = change_of("container_definitions[name=api].environment[name=LOG_LEVEL].value", "info", "debug");
  tfdrift::redact_secrets(c);
  CHECK(c.old_value == "info");
  CHECK(c.new_value == "debug");

  c = change_of("container_definitions[name=api].environment[name=API_KEY]", json({{"name", "API_KEY"}, {"value", "k1"}}),
                nullptr);
  tfdrift::redact_secrets(c);
  CHECK(c.old_value == json({{"name", "API_KEY"}, {"value", "<redacted>"}}));
  CHECK(c.new_value.is_null());

  c = change_of("container_definitions[name=api].environment",
                json::array({{{"name", "PORT"}, {"value", "80"}}, {{"name", "github-token"}, {"value", "ghp_x"}}}),
                json::array({{{"name", "PORT"}, {"value", "81"}}}));
  tfdrift::redact_secrets(c);
  CHECK(c.old_value ==
        json::array({{{"name", "PORT"}, {"value", "80"}}, {{"name", "github-token"}, {"value", "<redacted>"}}}));
  CHECK(c.new_value == json::array({{{"name", "PORT"}, {"value", "81"}}}));

  // A container added whole, and the whole list of containers.
  json container = {{"name", "worker"},
                    {"image", "repo/worker:1"},
                    {"environment", json::array({{{"name", "SMTP_PASSWORD"}, {"value", "hunter2"}},
                                                 {{"name", "MODE"}, {"value", "batch"}}})},
                    {"secrets", json::array({{{"name", "DB_PASSWORD"}, {"valueFrom", "arn:aws:ssm:::parameter/p"}}})}};
  json redacted = container;
  redacted["environment"][0]["value"] = "<redacted>";
  c = change_of("container_definitions[name=worker]", nullptr, container);
  tfdrift::redact_secrets(c);
  CHECK(c.new_value == redacted);
  c = change_of("container_definitions", json::array({container}), json::array());
  tfdrift::redact_secrets(c);
  CHECK(c.old_value == json::array({redacted}));

  // The image, the command and other attributes are never touched.
  c = change_of("container_definitions[name=api].image", "repo/api:PASSWORD", "repo/api:TOKEN");
  tfdrift::redact_secrets(c);
  CHECK(c.old_value == "repo/api:PASSWORD");
  CHECK(c.new_value == "repo/api:TOKEN");
}

namespace {

// security.tfstate with the payments-api task definition's containers replaced.
std::string state_with_containers(const nlohmann::json& containers) {
  auto s = nlohmann::json::parse(read_fixture("state/security.tfstate"));
  payments_api_td(s)["container_definitions"] = containers.dump();
  return s.dump();
}

nlohmann::json payments_api_containers() {
  auto s = nlohmann::json::parse(read_fixture("state/security.tfstate"));
  return nlohmann::json::parse(payments_api_td(s)["container_definitions"].get<std::string>());
}

// The secret_plaintext record registering these containers.
std::string register_containers(const nlohmann::json& containers) {
  auto r = nlohmann::json::parse(read_fixture("cloudtrail/security/secret_plaintext.json"));
  r["requestParameters"]["containerDefinitions"] = containers;
  return r.dump();
}

}  // namespace

TEST_CASE("a redacted drift stays redacted in the ledger when the state is read again, and stays open",
          "[security][redact][ledger]") {
  for (bool adopted : {false, true}) {
    INFO((adopted ? "the new state holds the drifted value" : "the state is read again unchanged"));
    nlohmann::json before = payments_api_containers();
    before[0]["environment"].push_back({{"name", "DB_PASSWORD"}, {"value", "STATE-PW-1"}});
    nlohmann::json after = before;
    after[0]["environment"].back()["value"] = "DRIFT-PW-2";
    tfdrift::detector d;
    d.load_state(state_with_containers(before), "s.tfstate");
    auto alerts = d.process(register_containers(after), "r.json");
    REQUIRE(alerts.size() == 1);
    const tfdrift::change* c = tfdrift_test::find_change(alerts[0], "container_definitions[name=api].environment[name=DB_PASSWORD].value");
    REQUIRE(c != nullptr);
    CHECK(c->old_value == "<redacted>");
    CHECK(c->new_value == "<redacted>");
    tfdrift::state_index again;
    again.load(state_with_containers(adopted ? after : before), "s.tfstate");
    auto closed = d.replace_states(std::move(again));
    const std::string ledger = d.ledger().to_json().dump();
    CHECK(ledger.find("STATE-PW-1") == std::string::npos);
    CHECK(ledger.find("DRIFT-PW-2") == std::string::npos);
    CHECK(closed.empty());  // no copy of the secret is kept to compare with
    auto open = d.open_drifts();
    REQUIRE(open.size() == 1);
    CHECK(open[0].path == "container_definitions[name=api].environment[name=DB_PASSWORD].value");
    CHECK(open[0].state_value == "<redacted>");
    CHECK(open[0].drifted_value == "<redacted>");
  }
}

TEST_CASE("a ledger saved without redaction is redacted when it is read", "[security][redact][ledger]") {
  const std::string saved = R"({"schema":"tfdrift.ledger.v1","open":[{"state_file":"security.tfstate",
    "address":"aws_ecs_task_definition.payments_api","resource_type":"aws_ecs_task_definition",
    "resource_id":"payments-api:14","account":"123456789012","region":"us-east-1","kind":"create",
    "attribute":"container_definitions","path":"container_definitions[name=api].environment[name=API_TOKEN].value",
    "state_value":"OLD-TOKEN","drifted_value":"NEW-TOKEN","severity":"medium","rule":"",
    "first_event_id":"e1","first_event_time":"2025-03-12T09:21:14Z","last_event_id":"e1",
    "last_event_time":"2025-03-12T09:21:14Z","actor":"j.doe","events":1}]})";
  tfdrift::detector d;
  d.load_state(read_fixture("state/security.tfstate"), "security.tfstate");
  d.load_ledger(saved, "old.json");
  const std::string json = d.ledger().to_json().dump();
  CHECK(json.find("OLD-TOKEN") == std::string::npos);
  CHECK(json.find("NEW-TOKEN") == std::string::npos);
  tfdrift::config shown = tfdrift::default_config();
  shown.security.redact_secrets = false;
  tfdrift::detector plain(shown);
  plain.load_ledger(saved, "old.json");
  CHECK(plain.ledger().to_json().dump().find("NEW-TOKEN") != std::string::npos);
}

TEST_CASE("a secrets entry moved into plain text is redacted whatever its name", "[security][redact]") {
  nlohmann::json before = payments_api_containers();
  before[0]["secrets"] = nlohmann::json::array(
      {{{"name", "DATABASE_URL"}, {"valueFrom", "arn:aws:ssm:us-east-1:123456789012:parameter/payments/db-url"}}});
  nlohmann::json after = before;
  after[0].erase("secrets");
  after[0]["environment"].push_back({{"name", "DATABASE_URL"}, {"value", "postgres://app:MOVED-PW-555@db/app"}});
  tfdrift::detector d;
  d.load_state(state_with_containers(before), "s.tfstate");
  auto alerts = d.process(register_containers(after), "r.json");
  REQUIRE(alerts.size() == 1);
  CHECK(tfdrift::to_json_line(alerts[0]).find("MOVED-PW-555") == std::string::npos);
  CHECK(d.ledger().to_json().dump().find("MOVED-PW-555") == std::string::npos);
  const tfdrift::change* env =
      tfdrift_test::find_change(alerts[0], "container_definitions[name=api].environment[name=DATABASE_URL]");
  REQUIRE(env != nullptr);
  CHECK(env->new_value == nlohmann::json({{"name", "DATABASE_URL"}, {"value", "<redacted>"}}));
  REQUIRE(alerts[0].security.size() == 1);
  CHECK(alerts[0].security[0].check == "container.secret_in_plaintext");
  CHECK(to_string(alerts[0].security[0].sev) == "critical");
}

TEST_CASE("redaction reads names that hold path syntax the cautious way", "[security][redact][hostile]") {
  using nlohmann::json;
  auto redacted = [](std::string path, json v) {
    tfdrift::redact_value(path, v);
    return v;
  };
  const std::string api = "container_definitions[name=api].";
  // An environment name that holds "environment[name=" or "].value", and a value that is an object.
  CHECK(redacted(api + "environment[name=DB_PASSWORD_environment[name=X].value", "S1") == "<redacted>");
  CHECK(redacted(api + "environment[name=DB_PASSWORD.environment[name=X].value", "S2") == "<redacted>");
  CHECK(redacted(api + "environment[name=A].value.B_TOKEN].value", "S3") == "<redacted>");
  CHECK(redacted(api + "environment[name=DB_PASSWORD].value.v", "S4") == "<redacted>");
  CHECK(redacted(api + "environment[name=DB_PASSWORD].value", json({{"v", "S5"}})) == "<redacted>");
  // A container whose name holds "environment[name=": its own environment is still read.
  json container = {{"name", "w.environment[name=A"},
                    {"environment", json::array({{{"name", "DB_PASSWORD"}, {"value", "S6"}}})}};
  CHECK(redacted("container_definitions[name=w.environment[name=A]", container)["environment"][0]["value"] ==
        "<redacted>");
  // "arn:" alone is no ARN; a real one stays.
  CHECK(redacted(api + "environment[name=DB_PASSWORD].value", "arn:hunter2") == "<redacted>");
  CHECK(redacted(api + "environment[name=DB_PASSWORD].value", "arn:aws:secretsmanager:us-east-1:1:secret:x") ==
        "arn:aws:secretsmanager:us-east-1:1:secret:x");
  // A state whose container_definitions did not parse: its text is redacted whole.
  CHECK(redacted("container_definitions", R"([{"environment":[{"name":"DB_PASSWORD","value":"S7"}],)") ==
        "<redacted>");
  // Names that do not look secret stay, at any depth.
  CHECK(redacted(api + "environment[name=LOG_LEVEL].value", "debug") == "debug");
  CHECK(redacted(api + "image", "repo/api:PASSWORD") == "repo/api:PASSWORD");
}

}  // namespace tfdrift_test_security

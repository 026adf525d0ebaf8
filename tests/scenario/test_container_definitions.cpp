// The provider's container-definition equivalence, case by case: the test cases of
// hashicorp/terraform-provider-aws internal/service/ecs/container_definitions_test.go
// (every TestContainerDefinitionsAreEquivalent_* and the stored/input pairs of
// TestFlattenContainerDefinitions), run through tfdrift's comparison. Where tfdrift answers
// differently on purpose, the test says so beside the provider's answer (docs/reports.md: "Where tfdrift's
// container equivalence differs from the provider's").
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include <tfdrift/diff.hpp>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_container_definitions {

using nlohmann::json;
using namespace tfdrift;

namespace {

// What the detector reports for a RegisterTaskDefinition whose containerDefinitions are
// `request_defs`, against a state whose container_definitions text is `state_text`.
std::vector<change> detect(std::string_view state_text, std::string_view request_defs, bool awsvpc = false) {
  field_map f{"containerDefinitions", "container_definitions", compare_kind::container_definitions};
  json state{{"container_definitions", std::string(state_text)}};
  json request{{"containerDefinitions", json::parse(request_defs)}};
  diff_context ctx;
  ctx.region = "us-east-1";
  ctx.account = "123456789012";
  ctx.full_replacement = true;
  ctx.awsvpc = awsvpc;
  std::vector<change> out;
  diff_field(f, detail::request_at(request, f.request_path), state, ctx, out);
  return out;
}

// containerDefinitionsAreEquivalent(a, b, isAWSVPC) as tfdrift answers it: no change either way
// round (the provider's function is symmetric; so must tfdrift's answer be).
bool equivalent(std::string_view a, std::string_view b, bool awsvpc = false) {
  bool ab = detect(a, b, awsvpc).empty();
  bool ba = detect(b, a, awsvpc).empty();
  CHECK(ab == ba);
  return ab && ba;
}

json normalized(std::string_view text, bool awsvpc = false) {
  return detail::normalize_containers(json::parse(text), awsvpc);
}

}  // namespace

// ---- TestContainerDefinitionsAreEquivalent_* -------------------------------------------------

// TestContainerDefinitionsAreEquivalent_basic: equal.
TEST_CASE("provider equivalence: basic", "[container_definitions][provider]") {
  constexpr std::string_view cfg = R"([
    {"name":"wordpress","links":["mysql"],"image":"wordpress","essential":true,
     "portMappings":[{"containerPort":80,"hostPort":80}],"memory":500,"cpu":10},
    {"environment":[{"name":"MYSQL_ROOT_PASSWORD","value":"password"}],
     "name":"mysql","image":"mysql","cpu":10,"memory":500,"essential":true}])";
  constexpr std::string_view api = R"([
    {"name":"wordpress","image":"wordpress","cpu":10,"memory":500,"links":["mysql"],
     "portMappings":[{"containerPort":80,"hostPort":80,"protocol":"tcp"}],"essential":true,
     "environment":[],"mountPoints":[],"volumesFrom":[]},
    {"name":"mysql","image":"mysql","cpu":10,"memory":500,"portMappings":[],"essential":true,
     "environment":[{"name":"MYSQL_ROOT_PASSWORD","value":"password"}],"mountPoints":[],"volumesFrom":[]}])";
  CHECK(equivalent(cfg, api));
}

// TestContainerDefinitionsAreEquivalent_portMappings: equal (hostPort 0 and protocol tcp are defaults).
TEST_CASE("provider equivalence: portMappings", "[container_definitions][provider]") {
  constexpr std::string_view cfg = R"([
    {"name":"wordpress","image":"wordpress","essential":true,"portMappings":[{"containerPort":80}],
     "memory":500,"cpu":10}])";
  constexpr std::string_view api = R"([
    {"name":"wordpress","image":"wordpress","cpu":10,"memory":500,
     "portMappings":[{"containerPort":80,"hostPort":0,"protocol":"tcp"}],"essential":true,
     "environment":[],"mountPoints":[],"volumesFrom":[]}])";
  CHECK(equivalent(cfg, api));
}

// TestContainerDefinitionsAreEquivalent_portMappingsIgnoreHostPort: differ with isAWSVPC false,
// equal with isAWSVPC true (tfdrift's diff_context::awsvpc, from the state's network_mode).
TEST_CASE("provider equivalence: portMappingsIgnoreHostPort", "[container_definitions][provider]") {
  constexpr std::string_view cfg = R"([
    {"name":"wordpress","image":"wordpress","portMappings":[{"containerPort":80,"hostPort":80}]}])";
  constexpr std::string_view api = R"([
    {"name":"wordpress","image":"wordpress","portMappings":[{"containerPort":80}]}])";
  CHECK_FALSE(equivalent(cfg, api, false));
  auto c = detect(cfg, api, false);
  REQUIRE(c.size() == 1);
  CHECK(c[0].attribute == "container_definitions");
  CHECK(c[0].path == "container_definitions[name=wordpress].portMappings");
  CHECK(c[0].old_value == json::parse(R"([{"containerPort":80,"hostPort":80}])"));
  CHECK(c[0].new_value == json::parse(R"([{"containerPort":80}])"));

  CHECK(equivalent(cfg, api, true));
}

// TestContainerDefinitionsAreEquivalent_arrays: the provider answers equal. tfdrift answers the
// same on every rule of the case (environment reordered, cpu 0, protocol tcp, hostPort 0, empty
// lists), but the configuration side also holds a "devices" key at the container level, where
// the API has none (it belongs in linuxParameters): the provider's decoder drops it, tfdrift keeps
// keys it does not know and reports it (deliberate: docs/reports.md).
TEST_CASE("provider equivalence: arrays", "[container_definitions][provider]") {
  constexpr std::string_view devices = R"([
    {"hostPath":"/path1","permissions":["read","write","mknod"]},
    {"hostPath":"/path2","permissions":["read","write"]},
    {"hostPath":"/path3","permissions":["read","mknod"]}])";
  const std::string cfg = std::string(R"([
    {"name":"wordpress","image":"wordpress","essential":true,
     "links":["container1","container2","container3"],
     "portMappings":[{"containerPort":80},{"containerPort":81},{"containerPort":82}],
     "environment":[{"name":"VARNAME1","value":"VARVAL1"},{"name":"VARNAME2","value":"VARVAL2"},
                    {"name":"VARNAME3","value":"VARVAL3"}],
     "extraHosts":[{"hostname":"host1","ipAddress":"127.0.0.1"},{"hostname":"host2","ipAddress":"127.0.0.2"},
                   {"hostname":"host3","ipAddress":"127.0.0.3"}],
     "mountPoints":[{"sourceVolume":"vol1","containerPath":"/vol1"},{"sourceVolume":"vol2","containerPath":"/vol2"},
                    {"sourceVolume":"vol3","containerPath":"/vol3"}],
     "volumesFrom":[{"sourceContainer":"container1"},{"sourceContainer":"container2"},
                    {"sourceContainer":"container3"}],
     "ulimits":[{"name":"core","softLimit":10,"hardLimit":20},{"name":"cpu","softLimit":10,"hardLimit":20},
                {"name":"fsize","softLimit":10,"hardLimit":20}],
     "linuxParameters":{"capabilities":{"add":["AUDIT_CONTROL","AUDIT_WRITE","BLOCK_SUSPEND"],
                                        "drop":["CHOWN","IPC_LOCK","KILL"]}},
     "devices":)") + std::string(devices) + R"(,
     "dockerSecurityOptions":["label:one","label:two","label:three"],
     "memory":500,"cpu":10},
    {"name":"container1","image":"busybox","memory":100},
    {"name":"container2","image":"busybox","memory":100},
    {"name":"container3","image":"busybox","memory":100}])";
  constexpr std::string_view api = R"([
    {"cpu":10,"dockerSecurityOptions":["label:one","label:two","label:three"],
     "environment":[{"name":"VARNAME3","value":"VARVAL3"},{"name":"VARNAME2","value":"VARVAL2"},
                    {"name":"VARNAME1","value":"VARVAL1"}],
     "essential":true,
     "extraHosts":[{"hostname":"host1","ipAddress":"127.0.0.1"},{"hostname":"host2","ipAddress":"127.0.0.2"},
                   {"hostname":"host3","ipAddress":"127.0.0.3"}],
     "image":"wordpress","links":["container1","container2","container3"],
     "linuxParameters":{"capabilities":{"add":["AUDIT_CONTROL","AUDIT_WRITE","BLOCK_SUSPEND"],
                                        "drop":["CHOWN","IPC_LOCK","KILL"]}},
     "memory":500,
     "mountPoints":[{"containerPath":"/vol1","sourceVolume":"vol1"},{"containerPath":"/vol2","sourceVolume":"vol2"},
                    {"containerPath":"/vol3","sourceVolume":"vol3"}],
     "name":"wordpress",
     "portMappings":[{"containerPort":80,"hostPort":0,"protocol":"tcp"},{"containerPort":81,"hostPort":0,"protocol":"tcp"},
                     {"containerPort":82,"hostPort":0,"protocol":"tcp"}],
     "ulimits":[{"hardLimit":20,"name":"core","softLimit":10},{"hardLimit":20,"name":"cpu","softLimit":10},
                {"hardLimit":20,"name":"fsize","softLimit":10}],
     "volumesFrom":[{"sourceContainer":"container1"},{"sourceContainer":"container2"},{"sourceContainer":"container3"}]},
    {"cpu":0,"environment":[],"essential":true,"image":"busybox","memory":100,"mountPoints":[],
     "name":"container1","portMappings":[],"volumesFrom":[]},
    {"cpu":0,"environment":[],"essential":true,"image":"busybox","memory":100,"mountPoints":[],
     "name":"container2","portMappings":[],"volumesFrom":[]},
    {"cpu":0,"environment":[],"essential":true,"image":"busybox","memory":100,"mountPoints":[],
     "name":"container3","portMappings":[],"volumesFrom":[]}])";

  // Deliberate difference: the misplaced key is the one change.
  auto c = detect(cfg, api);
  REQUIRE(c.size() == 1);
  CHECK(c[0].path == "container_definitions[name=wordpress].devices");
  CHECK(c[0].old_value == json::parse(devices));
  CHECK(c[0].new_value.is_null());

  // Without it, the provider's answer.
  json cfg_known = json::parse(cfg);
  cfg_known[0].erase("devices");
  CHECK(equivalent(cfg_known.dump(), api));
}

// TestContainerDefinitionsAreEquivalent_negative: differ (an environment entry against none).
TEST_CASE("provider equivalence: negative", "[container_definitions][provider]") {
  constexpr std::string_view cfg = R"([
    {"name":"wordpress","image":"wordpress","essential":true,"memory":500,"cpu":10,
     "environment":[{"name":"EXAMPLE_NAME","value":"foobar"}]}])";
  constexpr std::string_view api = R"([
    {"name":"wordpress","image":"wordpress","cpu":10,"memory":500,"essential":true,
     "environment":[],"mountPoints":[],"volumesFrom":[]}])";
  CHECK_FALSE(equivalent(cfg, api));
  auto c = detect(cfg, api);
  REQUIRE(c.size() == 1);
  CHECK(c[0].path == "container_definitions[name=wordpress].environment[name=EXAMPLE_NAME]");
  CHECK(c[0].old_value == json::parse(R"({"name":"EXAMPLE_NAME","value":"foobar"})"));
  CHECK(c[0].new_value.is_null());
  auto back = detect(api, cfg);
  REQUIRE(back.size() == 1);
  CHECK(back[0].path == "container_definitions[name=wordpress].environment[name=EXAMPLE_NAME]");
  CHECK(back[0].old_value.is_null());
  CHECK(back[0].new_value == json::parse(R"({"name":"EXAMPLE_NAME","value":"foobar"})"));
}

// TestContainerDefinitionsAreEquivalent_missingEnvironmentName: equal (entries without names).
TEST_CASE("provider equivalence: missingEnvironmentName", "[container_definitions][provider]") {
  constexpr std::string_view cfg = R"([
    {"name":"wordpress","links":["mysql"],"image":"wordpress","essential":true,
     "portMappings":[{"containerPort":80,"hostPort":80}],"memory":500,"cpu":10},
    {"environment":[{"value":"password"},{"value":"password2"}],
     "name":"mysql","image":"mysql","cpu":10,"memory":500,"essential":true}])";
  constexpr std::string_view api = R"([
    {"name":"wordpress","image":"wordpress","cpu":10,"memory":500,"links":["mysql"],
     "portMappings":[{"containerPort":80,"hostPort":80,"protocol":"tcp"}],"essential":true,
     "environment":[],"mountPoints":[],"volumesFrom":[]},
    {"name":"mysql","image":"mysql","cpu":10,"memory":500,"portMappings":[],"essential":true,
     "environment":[{"value":"password"},{"value":"password2"}],"mountPoints":[],"volumesFrom":[]}])";
  CHECK(equivalent(cfg, api));
  // A value changed in an unnamed entry is still seen (the list compares whole).
  std::string other(api);
  other.replace(other.find("password2"), 9, "password3");
  auto c = detect(cfg, other);
  REQUIRE(c.size() == 1);
  CHECK(c[0].path == "container_definitions[name=mysql].environment");
  CHECK(c[0].old_value == json::parse(R"([{"value":"password"},{"value":"password2"}])"));
  CHECK(c[0].new_value == json::parse(R"([{"value":"password"},{"value":"password3"}])"));
}

// TestContainerDefinitionsAreEquivalent_sparseArrays: equal (all-zero entries are dropped).
TEST_CASE("provider equivalence: sparseArrays", "[container_definitions][provider]") {
  constexpr std::string_view cfg = R"([
    {"name":"wordpress","links":["mysql"],"image":"wordpress","essential":true,"portMappings":[{}],
     "memory":500,"cpu":10,"environment":[null],"mountPoints":[{"containerPath":null}],"command":[""]}])";
  constexpr std::string_view api = R"([
    {"name":"wordpress","image":"wordpress","cpu":10,"memory":500,"links":["mysql"],"portMappings":[],
     "essential":true,"command":[""]}])";
  CHECK(equivalent(cfg, api));
}

// TestContainerDefinitionsAreEquivalent_healthCheck: equal (interval 30, retries 3, timeout 5 by default).
TEST_CASE("provider equivalence: healthCheck", "[container_definitions][provider]") {
  constexpr std::string_view cfg = R"([
    {"cpu":512,"environment":[],
     "healthCheck":{"command":["CMD-SHELL","curl -f http://localhost:8080/health || exit 1"]},
     "image":"nginx","memory":2048,"name":"nginx","startTimeout":10,
     "logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"foo-bar-e196c99",
       "awslogs-region":"region-1","awslogs-stream-prefix":"nginx"}}}])";
  constexpr std::string_view api = R"([
    {"cpu":512,"environment":[],"essential":true,
     "healthCheck":{"command":["CMD-SHELL","curl -f http://localhost:8080/health || exit 1"],
                    "interval":30,"retries":3,"timeout":5},
     "image":"nginx",
     "logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"foo-bar-e196c99",
       "awslogs-region":"region-1","awslogs-stream-prefix":"nginx"}},
     "memory":2048,"mountPoints":[],"name":"nginx","portMappings":[],"startTimeout":10,
     "systemControls":[],"volumesFrom":[]}])";
  CHECK(equivalent(cfg, api));
  // A default spelled out differently is a change.
  std::string other(api);
  other.replace(other.find("\"retries\":3"), 11, "\"retries\":5");
  auto c = detect(cfg, other);
  REQUIRE(c.size() == 1);
  CHECK(c[0].path == "container_definitions[name=nginx].healthCheck.retries");
  CHECK(c[0].old_value == 3);
  CHECK(c[0].new_value == 5);
}

// ---- TestFlattenContainerDefinitions: the stored form against the input form -------------------
// The state holds what flattenContainerDefinitions writes ("want"; the input itself when the case
// gives none). A RegisterTaskDefinition that sends the input must compare equal to it.

namespace {
void stored_equals_input(std::string_view input, std::string_view stored = {}) {
  if (stored.empty()) stored = input;
  INFO("input: " << input << "\nstored: " << stored);
  CHECK(detect(stored, input).empty());
  CHECK(detect(input, stored).empty());
  CHECK(normalized(stored) == normalized(input));
}
}  // namespace

// TestFlattenContainerDefinitions "nil": null is stored as [].
TEST_CASE("provider flatten: nil", "[container_definitions][provider]") {
  CHECK(normalized("null") == json::array());
  CHECK(normalized("[]") == json::array());
  CHECK(detect("[]", "[]").empty());
}

// TestFlattenContainerDefinitions "empty" and "empty definition".
TEST_CASE("provider flatten: empty, empty definition", "[container_definitions][provider]") {
  stored_equals_input("[]");
  stored_equals_input("[{}]");
  CHECK(normalized("[{}]") == json::parse(R"([{"essential":true}])"));
  // An empty definition is not no definition.
  auto c = detect("[]", "[{}]");
  REQUIRE(c.size() == 1);
  CHECK(c[0].path == "container_definitions");
  CHECK(c[0].old_value == json::array());
  CHECK(c[0].new_value == json::parse(R"([{"essential":true}])"));
}

namespace {
constexpr std::string_view all_fields = R"([{
  "command":["sh","-c","echo \"hello\" <&>\n\u2603"],"cpu":256,"credentialSpecs":["credential-spec"],
  "dependsOn":[{"condition":"START","containerName":"other"}],"disableNetworking":true,
  "dnsSearchDomains":["example.com"],"dnsServers":["10.0.0.2"],
  "dockerLabels":{"MixedCase.Key":"<&>","empty":""},"dockerSecurityOptions":["no-new-privileges"],
  "entryPoint":["sh"],"environment":[{"name":"Z","value":"last"},{"name":"A","value":""}],
  "environmentFiles":[{"type":"s3","value":"environment-file"}],"essential":true,
  "extraHosts":[{"hostname":"host","ipAddress":"10.0.0.3"}],
  "firelensConfiguration":{"options":{"enable-ecs-log-metadata":"true"},"type":"fluentbit"},
  "healthCheck":{"command":["CMD-SHELL","exit 0"],"interval":30,"retries":3,"startPeriod":10,"timeout":5},
  "hostname":"hostname","image":"image","interactive":true,"links":["other"],
  "linuxParameters":{
    "capabilities":{"add":["SYS_PTRACE"],"drop":["NET_RAW"]},
    "devices":[{"containerPath":"/dev/x","hostPath":"/dev/y","permissions":["read","write","mknod"]}],
    "initProcessEnabled":true,"maxSwap":1024,"sharedMemorySize":64,"swappiness":60,
    "tmpfs":[{"containerPath":"/tmp","mountOptions":["rw","noexec"],"size":128}]
  },
  "logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"logs"},"secretOptions":[{"name":"log-secret","valueFrom":"log-value"}]},
  "memory":512,"memoryReservation":256,"mountPoints":[{"containerPath":"/data","readOnly":true,"sourceVolume":"data"}],
  "name":"Z","portMappings":[{"appProtocol":"http","containerPort":80,"containerPortRange":"8000-8010","hostPort":8080,"name":"http","protocol":"tcp"}],
  "privileged":true,"pseudoTerminal":true,"readonlyRootFilesystem":true,
  "repositoryCredentials":{"credentialsParameter":"credentials"},"resourceRequirements":[{"type":"GPU","value":"1"}],
  "restartPolicy":{"enabled":true,"ignoredExitCodes":[0,1],"restartAttemptPeriod":60},
  "secrets":[{"name":"Z","valueFrom":"last"},{"name":"A","valueFrom":"first"}],
  "startTimeout":10,"stopTimeout":20,"systemControls":[{"namespace":"net.ipv4.ip_forward","value":"1"}],
  "ulimits":[{"hardLimit":1024,"name":"nofile","softLimit":512}],"user":"1000","versionConsistency":"enabled",
  "volumesFrom":[{"readOnly":true,"sourceContainer":"other"}],"workingDirectory":"/app"
},{"name":"A","image":"other-image"}])";
}  // namespace

// TestFlattenContainerDefinitions "all fields": stored as given. Every field is kept, and a
// change to any of them is seen at its path.
TEST_CASE("provider flatten: all fields", "[container_definitions][provider]") {
  stored_equals_input(all_fields);
  json z = normalized(all_fields)[1];
  REQUIRE(z["name"] == "Z");
  CHECK(z.size() == 42);  // the SDK's 42 ContainerDefinition members, all set
  // Environment by name; the empty value of A reads as unset (docs/reports.md: where tfdrift differs).
  CHECK(z["environment"] == json::parse(R"([{"name":"A"},{"name":"Z","value":"last"}])"));
  CHECK(z["portMappings"] == json::parse(
      R"([{"appProtocol":"http","containerPort":80,"containerPortRange":"8000-8010","hostPort":8080,"name":"http"}])"));

  // The provider's orderings: containers, environment and secrets reordered are the same.
  json reordered = json::parse(all_fields);
  std::swap(reordered[0], reordered[1]);
  std::swap(reordered[1]["environment"][0], reordered[1]["environment"][1]);
  std::swap(reordered[1]["secrets"][0], reordered[1]["secrets"][1]);
  CHECK(detect(all_fields, reordered.dump()).empty());

  json changed = json::parse(all_fields);
  changed[0]["linuxParameters"]["tmpfs"][0]["size"] = 256;
  changed[0]["secrets"][1]["valueFrom"] = "second";
  auto c = detect(all_fields, changed.dump());
  REQUIRE(c.size() == 2);
  CHECK(c[0].path == "container_definitions[name=Z].linuxParameters.tmpfs");
  CHECK(c[0].old_value == json::parse(R"([{"containerPath":"/tmp","mountOptions":["rw","noexec"],"size":128}])"));
  CHECK(c[0].new_value == json::parse(R"([{"containerPath":"/tmp","mountOptions":["rw","noexec"],"size":256}])"));
  CHECK(c[1].path == "container_definitions[name=Z].secrets[name=A].valueFrom");
  CHECK(c[1].old_value == "first");
  CHECK(c[1].new_value == "second");
}

// TestFlattenContainerDefinitions "explicit zero values": stored as given. tfdrift keeps the
// zeros and false flags below the container that the provider compares (health check timings,
// linuxParameters, readOnly, restartPolicy), and essential: false.
TEST_CASE("provider flatten: explicit zero values", "[container_definitions][provider]") {
  constexpr std::string_view input = R"([{
    "command":[""],"credentialSpecs":[""],"dependsOn":[{"containerName":""}],"disableNetworking":false,
    "dnsSearchDomains":[""],"dnsServers":[""],"dockerLabels":{"":""},"dockerSecurityOptions":[""],
    "entryPoint":[""],"environment":[{"name":"","value":""}],"environmentFiles":[{"value":""}],"essential":false,
    "extraHosts":[{"hostname":"","ipAddress":""}],"firelensConfiguration":{"options":{"":""}},
    "healthCheck":{"command":[""],"interval":0,"retries":0,"startPeriod":0,"timeout":0},
    "hostname":"","image":"","interactive":false,"links":[""],
    "linuxParameters":{"capabilities":{"add":[""],"drop":[""]},"devices":[{"containerPath":"","hostPath":"","permissions":[""]}],
      "initProcessEnabled":false,"maxSwap":0,"sharedMemorySize":0,"swappiness":0,"tmpfs":[{"containerPath":"","mountOptions":[""],"size":0}]},
    "logConfiguration":{"options":{"":""},"secretOptions":[{"name":"","valueFrom":""}]},
    "memory":0,"memoryReservation":0,"mountPoints":[{"containerPath":"","readOnly":false,"sourceVolume":""}],"name":"",
    "portMappings":[{"containerPort":0,"containerPortRange":"","hostPort":0,"name":""}],
    "privileged":false,"pseudoTerminal":false,"readonlyRootFilesystem":false,
    "repositoryCredentials":{"credentialsParameter":""},"resourceRequirements":[{"value":""}],
    "restartPolicy":{"enabled":false,"ignoredExitCodes":[0],"restartAttemptPeriod":0},"secrets":[{"name":"","valueFrom":""}],
    "startTimeout":0,"stopTimeout":0,"systemControls":[{"namespace":"","value":""}],
    "ulimits":[{"hardLimit":0,"softLimit":0}],"user":"","volumesFrom":[{"readOnly":false,"sourceContainer":""}],"workingDirectory":""
  }])";
  stored_equals_input(input);
  CHECK(normalized(input) == json::parse(R"([{
    "essential":false,
    "healthCheck":{"interval":0,"retries":0,"startPeriod":0,"timeout":0},
    "linuxParameters":{"initProcessEnabled":false,"maxSwap":0,"sharedMemorySize":0,"swappiness":0},
    "mountPoints":[{"readOnly":false}],"portMappings":[{"containerPort":0}],
    "restartPolicy":{"enabled":false,"ignoredExitCodes":[0],"restartAttemptPeriod":0},
    "volumesFrom":[{"readOnly":false}]}])"));
}

// TestFlattenContainerDefinitions "empty collections" and "empty nested objects": stored as given.
TEST_CASE("provider flatten: empty collections, empty nested objects", "[container_definitions][provider]") {
  constexpr std::string_view collections = R"([{
    "command":[],"credentialSpecs":[],"dependsOn":[],"dnsSearchDomains":[],"dnsServers":[],"dockerLabels":{},"dockerSecurityOptions":[],
    "entryPoint":[],"environment":[],"environmentFiles":[],"extraHosts":[],"firelensConfiguration":{"options":{}},"healthCheck":{"command":[]},
    "links":[],"linuxParameters":{"capabilities":{"add":[],"drop":[]},"devices":[],"tmpfs":[]},
    "logConfiguration":{"options":{},"secretOptions":[]},"mountPoints":[],"portMappings":[],"repositoryCredentials":{},
    "resourceRequirements":[],"restartPolicy":{"ignoredExitCodes":[]},"secrets":[],"systemControls":[],"ulimits":[],"volumesFrom":[]
  }])";
  constexpr std::string_view nested = R"([{
    "dependsOn":[{}],"environment":[{}],"environmentFiles":[{}],"extraHosts":[{}],"firelensConfiguration":{},"healthCheck":{},
    "linuxParameters":{"capabilities":{},"devices":[{},{"permissions":[]}]},"logConfiguration":{"secretOptions":[{}]},
    "mountPoints":[{}],"portMappings":[{}],"repositoryCredentials":{},"resourceRequirements":[{}],"restartPolicy":{},
    "secrets":[{}],"systemControls":[{}],"volumesFrom":[{}]
  }])";
  stored_equals_input(collections);
  stored_equals_input(nested);
  // A health check block, even an empty one, holds the defaults: the provider keeps it too.
  const json expected = json::parse(R"([{"essential":true,"healthCheck":{"interval":30,"retries":3,"timeout":5}}])");
  CHECK(normalized(collections) == expected);
  CHECK(normalized(nested) == expected);
}

// TestFlattenContainerDefinitions "required zero fields retained": a ulimit's limits and a tmpfs
// size are plain int32 in the SDK, written as 0 when absent. Needed a change: tfdrift compared
// the stored 0 with the request's absent value as a change.
TEST_CASE("provider flatten: required zero fields retained", "[container_definitions][provider]") {
  constexpr std::string_view input = R"([{"linuxParameters":{"tmpfs":[{},{"mountOptions":[]}]},"ulimits":[{}]}])";
  constexpr std::string_view stored =
      R"([{"linuxParameters":{"tmpfs":[{"size":0},{"mountOptions":[],"size":0}]},"ulimits":[{"hardLimit":0,"softLimit":0}]}])";
  stored_equals_input(input, stored);
  // The same with values: a ulimit sent without its limits is the stored one with 0 limits.
  CHECK(detect(R"([{"name":"web","ulimits":[{"name":"nofile","hardLimit":0,"softLimit":0}]}])",
               R"([{"name":"web","ulimits":[{"name":"nofile"}]}])").empty());
  auto c = detect(R"([{"name":"web","ulimits":[{"name":"nofile","hardLimit":0,"softLimit":0}]}])",
                  R"([{"name":"web","ulimits":[{"name":"nofile","softLimit":1024}]}])");
  REQUIRE(c.size() == 1);
  CHECK(c[0].path == "container_definitions[name=web].ulimits[name=nofile].softLimit");
  CHECK(c[0].old_value.is_null());
  CHECK(c[0].new_value == 1024);
}

// TestFlattenContainerDefinitions "zero cpu and empty enums omitted": cpu 0 and "" enums are not
// stored. Needed the same change (the stored ulimit's 0 limits).
TEST_CASE("provider flatten: zero cpu and empty enums omitted", "[container_definitions][provider]") {
  stored_equals_input(
      R"([{"cpu":0,"versionConsistency":"","dependsOn":[{"condition":""}],"environmentFiles":[{"type":""}],"firelensConfiguration":{"type":""},"logConfiguration":{"logDriver":""},"portMappings":[{"appProtocol":"","protocol":""}],"resourceRequirements":[{"type":""}],"ulimits":[{"name":""}]}])",
      R"([{"dependsOn":[{}],"environmentFiles":[{}],"firelensConfiguration":{},"logConfiguration":{},"portMappings":[{}],"resourceRequirements":[{}],"ulimits":[{"hardLimit":0,"softLimit":0}]}])");
}

// TestFlattenContainerDefinitions "unknown enums retained": stored as given; enum values tfdrift
// does not know are compared as text.
TEST_CASE("provider flatten: unknown enums retained", "[container_definitions][provider]") {
  constexpr std::string_view input =
      R"([{"versionConsistency":"FUTURE","dependsOn":[{"condition":"FUTURE"}],"environmentFiles":[{"type":"FUTURE"}],"firelensConfiguration":{"type":"FUTURE"},"logConfiguration":{"logDriver":"FUTURE"},"portMappings":[{"appProtocol":"FUTURE","protocol":"FUTURE"}],"resourceRequirements":[{"type":"FUTURE"}],"ulimits":[{"name":"FUTURE","hardLimit":0,"softLimit":0}]}])";
  stored_equals_input(input);
  json other = json::parse(input);
  other[0]["portMappings"][0]["protocol"] = "udp";
  auto c = detect(input, other.dump());
  // A container without a name: the list compares whole.
  REQUIRE(c.size() == 1);
  CHECK(c[0].path == "container_definitions");
  CHECK(c[0].old_value == normalized(input));
  CHECK(c[0].new_value == normalized(other.dump()));
  CHECK(c[0].new_value[0]["portMappings"] == json::parse(R"([{"appProtocol":"FUTURE","protocol":"udp"}])"));
}

// TestFlattenContainerDefinitions "nil fields omitted": nulls are not stored.
TEST_CASE("provider flatten: nil fields omitted", "[container_definitions][provider]") {
  stored_equals_input(
      R"([{"command":null,"environment":null,"essential":null,"dockerLabels":null,"linuxParameters":null,"healthCheck":null,"restartPolicy":null}])",
      "[{}]");
}

// ---- Where tfdrift answers differently on purpose (docs/reports.md lists each) ---------------------------

// The provider: differ (a "" string, an empty map or block is not nil to its decoder).
// tfdrift: equal, an empty value sets nothing.
TEST_CASE("tfdrift differs: empty strings, maps and blocks are unset", "[container_definitions][provider]") {
  constexpr std::string_view state = R"([{"name":"web","image":"nginx"}])";
  CHECK(equivalent(state, R"([{"name":"web","image":"nginx","hostname":"","user":"","dockerLabels":{},
                               "repositoryCredentials":{},"linuxParameters":{"tmpfs":[{}]}}])"));
  // Not hidden: a value where the state has none is a change.
  auto c = detect(state, R"([{"name":"web","image":"nginx","user":"root"}])");
  REQUIRE(c.size() == 1);
  CHECK(c[0].path == "container_definitions[name=web].user");
  CHECK(c[0].old_value.is_null());
  CHECK(c[0].new_value == "root");
}

// The provider: differ (only cpu is a plain int32; memory, startTimeout and every flag are
// pointers). tfdrift: equal, 0 and false at the container level are the API's unset values.
TEST_CASE("tfdrift differs: container-level zero numbers and false flags are unset", "[container_definitions][provider]") {
  constexpr std::string_view state = R"([{"name":"web","image":"nginx"}])";
  CHECK(equivalent(state, R"([{"name":"web","image":"nginx","cpu":0,"privileged":false,
                               "readonlyRootFilesystem":false,"interactive":false,"stopTimeout":0}])"));
  auto c = detect(state, R"([{"name":"web","image":"nginx","privileged":true}])");
  REQUIRE(c.size() == 1);
  CHECK(c[0].path == "container_definitions[name=web].privileged");
  CHECK(c[0].old_value.is_null());
  CHECK(c[0].new_value == true);
  // essential: false is not the default (true) and stays a change.
  auto e = detect(state, R"([{"name":"web","image":"nginx","essential":false}])");
  REQUIRE(e.size() == 1);
  CHECK(e[0].path == "container_definitions[name=web].essential");
  CHECK(e[0].old_value == true);
  CHECK(e[0].new_value == false);
}

// The provider: differ (ulimits, named port mappings and log secretOptions compare in order).
// tfdrift: equal, a list whose entries all have a name compares by name.
TEST_CASE("tfdrift differs: lists of named entries compare by name", "[container_definitions][provider]") {
  constexpr std::string_view state = R"([{"name":"web","image":"nginx",
      "ulimits":[{"name":"core","softLimit":0,"hardLimit":0},{"name":"nofile","softLimit":1024,"hardLimit":4096}],
      "portMappings":[{"name":"http","containerPort":80},{"name":"admin","containerPort":9000}]}])";
  CHECK(equivalent(state, R"([{"name":"web","image":"nginx",
      "ulimits":[{"name":"nofile","softLimit":1024,"hardLimit":4096},{"name":"core"}],
      "portMappings":[{"name":"admin","containerPort":9000},{"name":"http","containerPort":80}]}])"));
  auto c = detect(state, R"([{"name":"web","image":"nginx",
      "ulimits":[{"name":"nofile","softLimit":2048,"hardLimit":4096},{"name":"core"}],
      "portMappings":[{"name":"admin","containerPort":9000},{"name":"http","containerPort":80}]}])");
  REQUIRE(c.size() == 1);
  CHECK(c[0].path == "container_definitions[name=web].ulimits[name=nofile].softLimit");
  CHECK(c[0].old_value == 1024);
  CHECK(c[0].new_value == 2048);
}

// The provider: equal (its decoder drops keys the SDK does not know and matches keys in any
// letter case). tfdrift: differ, it keeps keys as written (see "arrays" above).
TEST_CASE("tfdrift differs: keys are kept as written", "[container_definitions][provider]") {
  auto c = detect(R"([{"name":"web","image":"nginx"}])", R"([{"name":"web","Image":"nginx","image":"nginx","newField":1}])");
  REQUIRE(c.size() == 2);
  CHECK(c[0].path == "container_definitions[name=web].Image");
  CHECK(c[0].new_value == "nginx");
  CHECK(c[1].path == "container_definitions[name=web].newField");
  CHECK(c[1].old_value.is_null());
  CHECK(c[1].new_value == 1);
}

// The provider sorts entries with no name (or a null one) as "" and drops null entries
// (compactArrays); tfdrift did the same for a missing name but threw on a null name or a
// non-object entry. Needed a change.
TEST_CASE("provider equivalence: null names and null entries sort as empty names", "[container_definitions][provider]") {
  constexpr std::string_view state = R"([{"name":"web","image":"nginx",
      "environment":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"secrets":[{"name":"S","valueFrom":"arn:s"}]}])";
  constexpr std::string_view request = R"([{"name":"web","image":"nginx",
      "environment":[{"name":"B","value":"2"},null,{"name":"A","value":"1"}],"secrets":[{"name":"S","valueFrom":"arn:s"},null]}])";
  REQUIRE_NOTHROW(detect(state, request));
  CHECK(equivalent(state, request));
  REQUIRE_NOTHROW(normalized(R"([{"name":"x","environment":[{"name":null,"value":"1"},{"name":"A"}]},{"name":null},7])"));
  CHECK(normalized(R"([{"name":"x","environment":[{"name":null,"value":"1"},{"name":"A"}]},{"name":null},7])") ==
        json::parse(R"([{"essential":true},7,{"environment":[{"value":"1"},{"name":"A"}],"essential":true,"name":"x"}])"));
}

}  // namespace tfdrift_test_container_definitions

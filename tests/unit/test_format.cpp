// Text output: the spec's block, and no raw control byte ever reaches a terminal.
#include <catch2/catch.hpp>

#include <tfdrift/format.hpp>

#include <chrono>
#include <string>
#include <vector>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_format {

using namespace tfdrift;

TEST_CASE("terminal_safe escapes control characters and repairs invalid UTF-8", "[format]") {
  CHECK(terminal_safe("ops\x1b[31madmin") == "ops\\x1b[31madmin");
  CHECK(terminal_safe("a\nb\r\x07") == "a\\x0ab\\x0d\\x07");
  CHECK(terminal_safe("\xc2\x9b" "2J") == "\\x9b2J");  // C1 CSI
  CHECK(terminal_safe("caf\xc3\xa9") == "caf\xc3\xa9");
  CHECK(terminal_safe("bad\xff\xfe") == "bad\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(terminal_safe("\xe2\x82") == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(terminal_safe("🚨") == "🚨");
}

TEST_CASE("terminal_safe escapes bidirectional controls and the Unicode line separators", "[format][hostile]") {
  CHECK(terminal_safe("admin\u202Enimda") == "admin\\u202enimda");  // RIGHT-TO-LEFT OVERRIDE
  CHECK(terminal_safe("a\u2028b\u2029c") == "a\\u2028b\\u2029c");
  CHECK(terminal_safe("\u2066x\u2069\u200F\u061C") == "\\u2066x\\u2069\\u200f\\u061c");
  CHECK(terminal_safe("\u2027\u202F\u2065") == "\u2027\u202F\u2065");  // neighbours stay
  alert a;
  a.address = "aws_ecs_service.main";
  a.who = {"ops\u202Eadmin", "IAMUser", "", "", "console", "", ""};
  for (const auto& out : {to_text(a), to_markdown(a)}) {
    INFO(out);
    CHECK(out.find("\u202E") == std::string::npos);
    CHECK(out.find("u202eadmin") != std::string::npos);
  }
}

TEST_CASE("values render bare, lists with spaces, unset as (unset)", "[format]") {
  CHECK(render_value(nlohmann::json(3)) == "3");
  CHECK(render_value(nlohmann::json("nginx:1.21")) == "nginx:1.21");
  CHECK(render_value(nlohmann::json::array({"FARGATE", "FARGATE_SPOT"})) == R"(["FARGATE", "FARGATE_SPOT"])");
  CHECK(render_value(nlohmann::json()) == "(unset)");
  CHECK(render_value(nlohmann::json::parse(R"({"a":1,"b":"x"})")) == R"({"a": 1, "b": "x"})");
}

TEST_CASE("a delete alert names what was deleted", "[format]") {
  alert a;
  a.kind = alert_kind::delete_;
  a.address = "aws_ecs_service.main";
  a.resource_type = "aws_ecs_service";
  a.resource_id = "production/my-service";
  a.event_name = "DeleteService";
  a.who = {"ops-admin", "IAMUser", "", "", "console", "", ""};
  a.region = "us-east-1";
  a.sev = severity::critical;
  CHECK(to_text(a) ==
        "🚨 Drift Detected: aws_ecs_service.main\n"
        "Deleted: production/my-service (DeleteService)\n"
        "User: ops-admin (IAM User, Console)\n"
        "Region: us-east-1\n"
        "Severity: CRITICAL\n");
}

namespace {
alert payload_alert() {
  alert a;
  a.kind = alert_kind::update;
  a.address = "aws_ecs_service.main";
  a.resource_type = "aws_ecs_service";
  a.resource_id = "production/my-service";
  a.event_name = "UpdateService";
  a.event_id = "e-1";
  a.event_time = "2025-03-11T13:01:12Z";
  a.priority = "WARNING";
  a.who = {"ops-admin", "IAMUser", "arn:aws:iam::123456789012:user/ops-admin", "", "cli", "aws-cli/2.15.0", ""};
  a.region = "us-east-1";
  a.account = "123456789012";
  a.sev = severity::high;
  a.rule = "scaling";
  a.state_file = "prod.tfstate";
  a.changes.push_back({"desired_count", "desired_count", 3, 5, severity::high, "scaling", true, ""});
  return a;
}
}  // namespace

TEST_CASE("falco_time keeps the event's time at nanosecond precision, else writes now", "[format][falco]") {
  using namespace std::chrono;
  const auto now = sys_days{year{2026} / 12 / 2} + hours{14} + minutes{5} + seconds{7} + nanoseconds{123456789};
  CHECK(falco_time("2025-03-11T13:01:12Z", now) == "2025-03-11T13:01:12.000000000Z");
  CHECK(falco_time("2025-03-11T13:01:12.5Z", now) == "2025-03-11T13:01:12.500000000Z");
  CHECK(falco_time("2025-03-11T13:01:12.1234567891Z", now) == "2025-03-11T13:01:12.123456789Z");
  CHECK(falco_time("yesterday", now) == "2026-12-02T14:05:07.123456789Z");
  CHECK(falco_time("2025-03-11T13:01:12.Z", now) == "2026-12-02T14:05:07.123456789Z");
  CHECK(falco_priority("CRITICAL") == "Critical");
  CHECK(falco_priority("") == "Warning");
}

TEST_CASE("falco_line is Falco's JSON output with the alert in output_fields", "[format][falco]") {
  const alert a = payload_alert();
  const auto j = nlohmann::ordered_json::parse(falco_line(a, "host-1"));
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"hostname", "output", "output_fields", "priority", "rule", "source", "tags",
                                         "time"});
  CHECK(j["hostname"] == "host-1");
  CHECK(j["output"] ==
        "2025-03-11T13:01:12.000000000Z: Warning Terraform drift: aws_ecs_service.main update (event=UpdateService "
        "changes=desired_count 3 -> 5 user=ops-admin identitytype=IAMUser region=us-east-1 account=123456789012 "
        "severity=high id=e-1)");
  CHECK(j["priority"] == "Warning");
  CHECK(j["rule"] == "scaling");
  CHECK(j["source"] == "tfdrift");
  CHECK(j["tags"] == nlohmann::ordered_json{"drift", "ecs", "terraform", "high"});
  CHECK(j["time"] == "2025-03-11T13:01:12.000000000Z");
  const auto& f = j["output_fields"];
  CHECK(f["ct.id"] == "e-1");
  CHECK(f["ct.name"] == "UpdateService");
  CHECK(f["ct.user.arn"] == "arn:aws:iam::123456789012:user/ops-admin");
  CHECK(f["ct.useragent"] == "aws-cli/2.15.0");
  CHECK(f["tfdrift.address"] == "aws_ecs_service.main");
  CHECK(f["tfdrift.changes"] == "desired_count 3 -> 5");
  CHECK(f["tfdrift.kind"] == "update");
  CHECK(f["tfdrift.state_file"] == "prod.tfstate");
  CHECK(f["tfdrift.alert"] == to_json_line(a));
  CHECK(f.size() == 18);
}

TEST_CASE("slack_message is an incoming-webhook body made from the Markdown", "[format][slack]") {
  alert a = payload_alert();
  a.who.name = "<!channel> *bold*";
  const auto j = nlohmann::ordered_json::parse(slack_message(a));
  CHECK(j["text"] == "Terraform drift: aws\\_ecs\\_service.main (update, severity high)");
  REQUIRE(j["blocks"].size() == 2);
  CHECK(j["blocks"][0] == nlohmann::ordered_json::parse(
                              R"({"type":"section","text":{"type":"mrkdwn","text":"*🚨 Drift Detected: aws\\_ecs\\_service.main*"}})"));
  // The whole body, exactly: the user's "<!channel>" and "*" cannot mention or format.
  CHECK(j["blocks"][1]["text"]["text"] ==
        "- Changed: desired\\_count = 3 → 5\n"
        "- User: &lt;!channel&gt; \\*bold\\* (IAM User, CLI)\n"
        "- Region: us-east-1, account 123456789012\n"
        "- Severity: HIGH (rule: scaling; Falco priority WARNING)\n"
        "- Event: UpdateService at 2025-03-11T13:01:12Z, event ID e-1\n"
        "- State: prod.tfstate");
}

}  // namespace tfdrift_test_format

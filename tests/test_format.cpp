// Text output: the spec's block, and no raw control byte ever reaches a terminal.
#include <catch2/catch.hpp>

#include <tfdrift/format.hpp>

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

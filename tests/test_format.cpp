// Text output: the spec's block, and no raw control byte ever reaches a terminal.
#include <catch2/catch.hpp>

#include <tfdrift/format.hpp>

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

}  // namespace tfdrift_test_format

// The structural record scan that lets the detector reject and decode records without a full parse.
#include <catch2/catch.hpp>

#include <tfdrift/detail/scan.hpp>

#include <string>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_scan {

using namespace tfdrift::detail;

TEST_CASE("the scan finds envelope tokens and nested spans at the top level only", "[scan]") {
  std::string rec = R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","userName":"ops","readOnly":true},)"
                    R"("eventTime":"2025-03-11T13:04:12Z","eventSource":"ecs.amazonaws.com","eventName":"RegisterTaskDefinition",)"
                    R"("awsRegion":"us-east-1","userAgent":"aws-cli/2.15 \"quoted\"","requestParameters":{"family":"web",)"
                    R"("containerDefinitions":[{"mountPoints":[{"readOnly":true}]}]},"responseElements":null,)"
                    R"("eventID":"e-1","readOnly":false,"recipientAccountId":"123456789012","sessionCredentialFromConsole":"true"})";
  record_tokens t;
  REQUIRE(scan_record(rec, t, 64));
  CHECK(t.event_source == "\"ecs.amazonaws.com\"");
  CHECK(t.event_name == "\"RegisterTaskDefinition\"");
  CHECK(t.read_only == "false");  // not the nested mountPoints readOnly nor userIdentity's
  CHECK(t.request == R"({"family":"web","containerDefinitions":[{"mountPoints":[{"readOnly":true}]}]})");
  CHECK(t.user_identity == R"({"type":"IAMUser","userName":"ops","readOnly":true})");
  CHECK(t.response == "null");
  CHECK(t.error_code.empty());
  CHECK(token_string(t.user_agent) == "aws-cli/2.15 \"quoted\"");
  CHECK(token_string(t.account) == "123456789012");
  CHECK(token_true(t.session_console));
  CHECK(t.depth == 6);  // record, requestParameters, containerDefinitions, a container, mountPoints, a mount point
}

TEST_CASE("the scan rejects truncated, unbalanced and too deep records", "[scan]") {
  record_tokens t;
  CHECK_FALSE(scan_record(R"({"eventSource":"ecs.amazonaws.com","requestParameters":{"a":[1,2)", t, 64));
  CHECK_FALSE(scan_record(R"({"eventSource":"ecs.amazonaws.com)", t, 64));
  CHECK_FALSE(scan_record(R"(["not","an","object"])", t, 64));
  CHECK_FALSE(scan_record(R"({"a":1} trailing)", t, 64));
  std::string deep = "{\"a\":" + std::string(100, '[') + std::string(100, ']') + "}";
  record_tokens d;
  CHECK_FALSE(scan_record(deep, d, 64));
  CHECK(d.depth == 65);
  record_tokens ok;
  CHECK(scan_record(deep, ok, 200));
  CHECK(ok.depth == 101);
  record_tokens e;
  CHECK(scan_record("  { }  ", e, 64));
}

TEST_CASE("only an eventSource or ct.src of ecs.amazonaws.com passes the source check", "[scan]") {
  CHECK(may_be_ecs_source(R"({"eventSource":"ecs.amazonaws.com","eventName":"UpdateService"})"));
  CHECK(may_be_ecs_source(R"({"eventSource" : "ecs.amazonaws.com"})"));
  CHECK(may_be_ecs_source(R"({"output_fields":{"ct.src":"ecs.amazonaws.com"}})"));
  CHECK_FALSE(may_be_ecs_source(R"({"eventSource":"ec2.amazonaws.com","userIdentity":{"invokedBy":"ecs.amazonaws.com"}})"));
  CHECK_FALSE(may_be_ecs_source(R"({"eventSource":"sts.amazonaws.com","userAgent":"ecs.amazonaws.com"})"));
  CHECK_FALSE(may_be_ecs_source(R"({"eventSource":"iam.amazonaws.com","requestParameters":{"aWSServiceName":"ecs.amazonaws.com"}})"));
  CHECK_FALSE(may_be_ecs_source(R"({"eventSource":"ecs-tasks.amazonaws.com"})"));
  CHECK_FALSE(may_be_ecs_source(""));
}

TEST_CASE("token helpers compare and decode strings", "[scan]") {
  CHECK(token_equals("\"UpdateService\"", "UpdateService"));
  CHECK_FALSE(token_equals("\"UpdateServices\"", "UpdateService"));
  CHECK(token_equals("\"Update\\u0053ervice\"", "UpdateService"));
  CHECK(token_string("null").empty());
  CHECK(token_true("true"));
  CHECK_FALSE(token_true("false"));
}

TEST_CASE("the eventSource search finds the value at every offset and length", "[scan]") {
  const std::string needle = "\"ecs.amazonaws.com\"";
  for (std::size_t pad = 0; pad < 70; ++pad) {
    std::string s = std::string(pad, 'x') + "e##." + needle + "\"ec2.amazonaws.com\"";
    CHECK(find_ecs_source_value(s, 0) == pad + 4);
    CHECK(find_ecs_source_value(s, pad + 5) == std::string::npos);
    std::string miss = std::string(pad, 'e') + "\"ecs.amazonaws.co\"" + std::string(pad % 20, '.');
    CHECK(find_ecs_source_value(miss, 0) == std::string::npos);
  }
}

TEST_CASE("skip_string ends each string at its closing quote, escapes at every place in a 16-byte window", "[scan]") {
  // The reference: byte by byte, a backslash escapes the next byte.
  auto reference = [](const std::string& s, std::size_t i) -> std::size_t {
    for (++i; i < s.size(); ++i) {
      if (s[i] == '\\') {
        ++i;
        continue;
      }
      if (s[i] == '"') return i + 1;
    }
    return std::string::npos;
  };
  std::size_t cases = 0;
  for (std::size_t len = 0; len < 40; ++len)
    for (std::size_t at = 0; at < len; ++at)
      for (const char* esc : {"\\\"", "\\\\", "\\n", "\\\\\\\""}) {
        std::string body(len, 'x');
        body.replace(at, 1, esc);
        for (const std::string& tail : {std::string("\",\"next\":1}"), std::string(), std::string("\\")}) {
          const std::string s = "\"" + body + tail;
          std::size_t i = 0;
          const bool closed = scan::skip_string(s, i);
          const std::size_t want = reference(s, 0);
          CHECK(closed == (want != std::string::npos));
          if (closed) CHECK(i == want);
          ++cases;
        }
      }
  CHECK(cases == 780 * 4 * 3);
  std::size_t i = 0;
  CHECK(scan::skip_string(R"("abcdefghijklmnopqrstuvwxyz \"quoted\" \\" tail)", i));
  CHECK(i == 42);
}

}  // namespace tfdrift_test_scan

// Unit tests of redact.hpp: secret values never reach an alert, by the name they are found under
// (environment entries, docker labels, --password flags) or by their shape (AWS keys, tokens,
// passwords in URLs), while ARNs (references to secrets) and nulls stay.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>
#include <tfdrift/redact.hpp>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_redact {

using nlohmann::json;
using namespace tfdrift;

namespace {

json redacted(std::string_view path, json v) {
  redact_value(path, v);
  return v;
}

// redact_text's result, and whether it said it rewrote something (it must say so exactly when
// the text changed).
std::string text_redacted(std::string s) {
  const std::string before = s;
  const bool changed = detail::redact_text(s);
  CHECK(changed == (s != before));
  return s;
}

}  // namespace

TEST_CASE("redact_value: an environment entry's value by the entry's name", "[redact]") {
  const std::string web = "container_definitions[name=web].environment";
  CHECK(redacted(web + "[name=DB_PASSWORD].value", "hunter2") == "<redacted>");
  CHECK(redacted(web + "[name=GITHUB_TOKEN].value", "abc") == "<redacted>");
  CHECK(redacted(web + "[name=STRIPE_API_KEY].value", "abc") == "<redacted>");
  CHECK(redacted(web + "[name=LOG_LEVEL].value", "debug") == "debug");
  // A reference to a secret is no secret; nothing to hide in null.
  CHECK(redacted(web + "[name=DB_PASSWORD].value",
                 "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf") ==
        "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf");
  CHECK(redacted(web + "[name=DB_PASSWORD].value", nullptr).is_null());
}

TEST_CASE("redact_value: secrets by their shape under any name", "[redact]") {
  const std::string web = "container_definitions[name=web].environment";
  CHECK(redacted(web + "[name=DEPLOY_ID].value", "AKIAIOSFODNN7EXAMPLE") == "<redacted>");
  CHECK(redacted(web + "[name=DATABASE_URL].value", "postgres://app:s3cr3tPa55@db.internal:5432/app") ==
        "postgres://app:<redacted>@db.internal:5432/app");
  CHECK(redacted(web + "[name=NOTIFY].value", "ghp_0123456789abcdefghijABCDEFGHIJ") == "<redacted>");
  CHECK(redacted(web + "[name=VERSION].value", "v1.2.3") == "v1.2.3");
  // A command line: the word after --password.
  CHECK(redacted("container_definitions[name=web].command",
                 json::array({"serve", "--password", "hunter2", "--port", "8080"})) ==
        json::array({"serve", "--password", "<redacted>", "--port", "8080"}));
}

TEST_CASE("redact_value: entries inside a list, a container and the whole container list", "[redact]") {
  json env = json::parse(R"([{"name": "API_KEY", "value": "k-123"}, {"name": "PORT", "value": "8080"}])");
  CHECK(redacted("container_definitions[name=web].environment", env) ==
        json::parse(R"([{"name": "API_KEY", "value": "<redacted>"}, {"name": "PORT", "value": "8080"}])"));
  json containers = json::parse(R"([{"name": "web", "image": "nginx:1.27",
      "environment": [{"name": "SESSION_SECRET", "value": "s"}, {"name": "MODE", "value": "prod"}]}])");
  CHECK(redacted("container_definitions", containers) ==
        json::parse(R"([{"name": "web", "image": "nginx:1.27",
            "environment": [{"name": "SESSION_SECRET", "value": "<redacted>"}, {"name": "MODE", "value": "prod"}]}])"));
  // A state whose container_definitions did not parse holds text: hidden whole.
  CHECK(redacted("container_definitions", "[{\"name\":\"web\",\"environment\":[") == "<redacted>");
  // A docker label by its key.
  CHECK(redacted("container_definitions[name=web].dockerLabels.db_password", "x") == "<redacted>");
  CHECK(redacted("container_definitions[name=web].dockerLabels.team", "payments") == "payments");
}

TEST_CASE("redact_text: an AWS access key id at the start, the end and inside a word, and its bounds", "[redact]") {
  CHECK(text_redacted("AKIAIOSFODNN7EXAMPLE") == "<redacted>");          // the whole text
  CHECK(text_redacted("key AKIAIOSFODNN7EXAMPLE") == "key <redacted>");  // the last 20 bytes
  CHECK(text_redacted("ASIAIOSFODNN7EXAMPLE/x") == "<redacted>");        // at offset 0 of a longer word
  CHECK(text_redacted("a.AKIAIOSFODNN7EXAMPLE") == "<redacted>");        // after a byte that is no [A-Z0-9]
  CHECK(text_redacted("id=AKIAIOSFODNN7EXAMPLE") == "<redacted>");       // the word goes whole, its name too
  CHECK(text_redacted("AKIAIOSFODNN7EXAMPLEz") == "<redacted>");         // a lower-case byte may follow
  // After an upper-case letter or another 'A', one [A-Z0-9] too many, one too few, lower case: no key id.
  CHECK(text_redacted("XAKIAIOSFODNN7EXAMPLE") == "XAKIAIOSFODNN7EXAMPLE");
  CHECK(text_redacted("AAKIAIOSFODNN7EXAMPLE") == "AAKIAIOSFODNN7EXAMPLE");
  CHECK(text_redacted("AKIAIOSFODNN7EXAMPLE1") == "AKIAIOSFODNN7EXAMPLE1");
  CHECK(text_redacted("AKIAIOSFODNN7EXAMPL") == "AKIAIOSFODNN7EXAMPL");
  CHECK(text_redacted("akiaiosfodnn7example") == "akiaiosfodnn7example");
}

TEST_CASE("redact_text: a 40-byte AWS secret key by its exact length, punctuation around it", "[redact]") {
  CHECK(text_redacted("(wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY)") == "(<redacted>)");
  CHECK(text_redacted("-wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY") == "<redacted>");  // leading '-' is not counted
  // A token byte after it makes 41 bytes: not the shape.
  CHECK(text_redacted("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY.") == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY.");
  CHECK(text_redacted("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYx") == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYx");
}

TEST_CASE("redact_text: JWTs and prefixed tokens at their shortest", "[redact]") {
  CHECK(text_redacted("eyJhbGciOi.eyJz") == "<redacted>");  // 10 bytes, '.', eyJ and one more: 15
  CHECK(text_redacted("eyJhbGciO.eyJz") == "eyJhbGciO.eyJz");
  CHECK(text_redacted("eyJhbGciOi.eyJ") == "eyJhbGciOi.eyJ");
  // A first eyJ too short, the JWT after it found all the same.
  CHECK(text_redacted("eyJa.eyJhbGciOiJIUzI1NiJ9.eyJzdWIi") == "<redacted>");
  CHECK(text_redacted("xoxb-0123456789") == "<redacted>");  // the shortest prefixed token: 5 + 10
  CHECK(text_redacted("xoxb-012345678") == "xoxb-012345678");
  CHECK(text_redacted("\"-ghp_0123456789abcdefghij\"") == "\"<redacted>\"");
}

TEST_CASE("redact_text: the word after a flag or an auth scheme in any case, the rest kept as it was", "[redact]") {
  CHECK(text_redacted("Authorization: bearer abc123") == "Authorization: bearer <redacted>");
  CHECK(text_redacted("BASIC dXNlcjpwYXNz") == "BASIC <redacted>");
  CHECK(text_redacted("Bearers abc") == "Bearers abc");
  CHECK(text_redacted("run --token=abc --db-password s3cret --port 80") ==
        "run --token=<redacted> --db-password <redacted> --port 80");
  CHECK(text_redacted("DB_PASSWORD=hunter2 PORT=80") == "DB_PASSWORD=<redacted> PORT=80");
  CHECK(text_redacted("a <redacted> b --password x y") == "a <redacted> b --password <redacted> y");
  CHECK(text_redacted("--password <redacted> z") == "--password <redacted> z");  // already hidden: z stays
  CHECK(text_redacted("image tag v1 -> v7 (123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v7)") ==
        "image tag v1 -> v7 (123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v7)");
}

TEST_CASE("redact_value: an entry's value is judged by its name as it was, before the name itself is redacted",
          "[redact]") {
  // The name is an access key id (redacted by shape) that also says TOKEN: the value goes too.
  CHECK(redacted("container_definitions[name=web].extra",
                 json::parse(R"([{"name": "AKIAIOSFODNN7EXAMPLE_TOKEN", "value": "hunter2"},
                                 {"name": "AKIAIOSFODNN7EXAMPLE", "value": ["--password", "x"]}])")) ==
        json::parse(R"([{"name": "<redacted>", "value": "<redacted>"},
                        {"name": "<redacted>", "value": ["--password", "<redacted>"]}])"));
}

TEST_CASE("redact_secrets: a secret moved from secrets into plain environment is hidden whatever its name", "[redact]") {
  alert a;
  change gone;
  gone.attribute = "container_definitions";
  gone.path = "container_definitions[name=web].secrets[name=DB_URL]";
  gone.old_value = json::parse(R"({"name": "DB_URL", "valueFrom": "arn:aws:ssm:eu-west-1:111122223333:parameter/db-url"})");
  change plain;
  plain.attribute = "container_definitions";
  plain.path = "container_definitions[name=web].environment[name=DB_URL].value";
  plain.new_value = "db.internal:5432/app";
  change other;
  other.attribute = "container_definitions";
  other.path = "container_definitions[name=web].environment[name=REGION].value";
  other.old_value = "eu-west-1";
  other.new_value = "eu-central-1";
  a.changes = {gone, plain, other};
  redact_secrets(a);
  CHECK(a.changes[0].old_value ==
        json::parse(R"({"name": "DB_URL", "valueFrom": "arn:aws:ssm:eu-west-1:111122223333:parameter/db-url"})"));
  CHECK(a.changes[1].old_value.is_null());
  CHECK(a.changes[1].new_value == "<redacted>");
  CHECK(a.changes[2].old_value == "eu-west-1");
  CHECK(a.changes[2].new_value == "eu-central-1");
}

}  // namespace tfdrift_test_redact

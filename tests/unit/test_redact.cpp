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

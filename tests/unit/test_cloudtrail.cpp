// Unit tests of cloudtrail.hpp: a CloudTrail record and a Falco alert decoded into an event
// (field names as in the CloudTrail record contents reference and the Falco cloudtrail
// plugin's ct.* fields, ../shared/reference), and the framing guess for a buffer.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>
#include <tfdrift/cloudtrail.hpp>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_cloudtrail {

using nlohmann::json;
using namespace tfdrift;

TEST_CASE("decode_record reads every field the detector uses", "[cloudtrail]") {
  json record = json::parse(R"({
    "eventVersion": "1.09",
    "userIdentity": {
      "type": "AssumedRole", "principalId": "AROAEXAMPLE:jane", "accountId": "111122223333",
      "arn": "arn:aws:sts::111122223333:assumed-role/Admin/jane",
      "sessionContext": {"sessionIssuer": {"type": "Role", "userName": "Admin"},
                         "attributes": {"creationDate": "2026-12-01T10:00:00Z", "mfaAuthenticated": "false"}}
    },
    "eventTime": "2026-12-01T10:15:00Z", "eventSource": "ecs.amazonaws.com", "eventName": "UpdateService",
    "awsRegion": "eu-west-1", "sourceIPAddress": "203.0.113.7", "userAgent": "console.amazonaws.com",
    "requestParameters": {"cluster": "prod", "service": "api", "desiredCount": 5},
    "responseElements": {"service": {"serviceName": "api"}},
    "eventID": "7f0c1f4e-0000-4000-8000-000000000001", "readOnly": false,
    "recipientAccountId": "111122223333", "sessionCredentialFromConsole": "true"
  })");
  event ev = decode_record(std::move(record));
  CHECK(ev.event_id == "7f0c1f4e-0000-4000-8000-000000000001");
  CHECK(ev.event_name == "UpdateService");
  CHECK(ev.event_source == "ecs.amazonaws.com");
  CHECK(ev.event_time == "2026-12-01T10:15:00Z");
  CHECK(ev.region == "eu-west-1");
  CHECK(ev.account == "111122223333");
  CHECK(ev.user_agent == "console.amazonaws.com");
  CHECK(ev.source_ip == "203.0.113.7");
  CHECK(ev.error_code.empty());
  CHECK_FALSE(ev.read_only);
  CHECK(ev.console_session);
  CHECK(ev.who.type == "AssumedRole");
  CHECK(ev.who.arn == "arn:aws:sts::111122223333:assumed-role/Admin/jane");
  CHECK(ev.who.account_id == "111122223333");
  CHECK(ev.who.principal_id == "AROAEXAMPLE:jane");
  CHECK(ev.who.issuer_name == "Admin");
  CHECK(ev.who.mfa_authenticated == std::optional<bool>(false));
  CHECK(ev.request == json::parse(R"({"cluster": "prod", "service": "api", "desiredCount": 5})"));
  CHECK(ev.response == json::parse(R"({"service": {"serviceName": "api"}})"));
}

TEST_CASE("decode_record: a failed call, readOnly as text, and fields of the wrong type", "[cloudtrail]") {
  event failed = decode_record(json::parse(R"({"eventName": "DeleteCluster", "errorCode": "ClusterContainsServicesException",
      "errorMessage": "The Cluster cannot be deleted while Services are active.", "readOnly": "true"})"));
  CHECK(failed.error_code == "ClusterContainsServicesException");
  CHECK(failed.read_only);
  // A non-text errorCode still marks the call as failed; wrong-typed fields read as empty.
  event odd = decode_record(json::parse(R"({"eventName": 7, "errorCode": 403, "userIdentity": "root",
      "sessionCredentialFromConsole": 1})"));
  CHECK(odd.event_name.empty());
  CHECK(odd.error_code == "403");
  CHECK(odd.who.type.empty());
  CHECK_FALSE(odd.console_session);
  CHECK_FALSE(odd.who.mfa_authenticated.has_value());
  event null_error = decode_record(json::parse(R"({"errorCode": null})"));
  CHECK(null_error.error_code.empty());
}

TEST_CASE("decode_falco reads the cloudtrail plugin's fields", "[cloudtrail]") {
  json fields = json::parse(R"({
    "ct.id": "id-1", "ct.name": "UpdateService", "ct.src": "ecs.amazonaws.com", "ct.time": "2026-12-01T10:15:00Z",
    "ct.region": "us-east-1", "ct.recipientaccountid": "<NA>", "ct.useragent": "aws-cli/2.15.0", "ct.srcip": "198.51.100.2",
    "ct.error": "<NA>", "ct.readonly": "false", "ct.sessioncredentialfromconsole": "false",
    "ct.user.identitytype": "AssumedRole", "ct.user": "deploy", "ct.user.arn": "arn:aws:sts::444455556666:assumed-role/deploy/ci",
    "ct.user.accountid": "444455556666", "ct.user.principalid": "AROAEXAMPLE:ci",
    "ct.request": "{\"cluster\":\"prod\",\"service\":\"api\",\"desiredCount\":2}", "ct.response": "not json"
  })");
  event ev = decode_falco(fields);
  CHECK(ev.event_id == "id-1");
  CHECK(ev.event_name == "UpdateService");
  CHECK(ev.region == "us-east-1");
  // <NA> is the plugin's "no value"; the account then is the caller's.
  CHECK(ev.account == "444455556666");
  CHECK(ev.error_code.empty());
  CHECK_FALSE(ev.read_only);
  CHECK(ev.who.type == "AssumedRole");
  CHECK(ev.who.issuer_name == "deploy");  // ct.user is the role name for assumed roles
  CHECK(ev.who.user_name.empty());
  CHECK_FALSE(ev.who.mfa_authenticated.has_value());  // the plugin has no field for it
  CHECK(ev.request == json::parse(R"({"cluster":"prod","service":"api","desiredCount":2})"));
  CHECK(ev.response.is_null());  // a response that is not JSON is dropped, not fatal

  json service = fields;
  service["ct.user.identitytype"] = "AWSService";
  service["ct.user"] = "ecs.amazonaws.com";
  CHECK(decode_falco(service).who.invoked_by == "ecs.amazonaws.com");
  json broken = fields;
  broken["ct.request"] = "{\"cluster\":";
  CHECK_THROWS_AS(decode_falco(broken), json::parse_error);
}

TEST_CASE("is_falco_alert needs an output_fields object", "[cloudtrail]") {
  CHECK(is_falco_alert(json::parse(R"({"output": "x", "output_fields": {"ct.name": "UpdateService"}})")));
  CHECK_FALSE(is_falco_alert(json::parse(R"({"output_fields": "ct.name=UpdateService"})")));
  CHECK_FALSE(is_falco_alert(json::parse(R"({"eventName": "UpdateService"})")));
  CHECK_FALSE(is_falco_alert(json::parse(R"([1, 2])")));
}

TEST_CASE("detect_framing tells NDJSON from one pretty-printed value", "[cloudtrail]") {
  CHECK(detect_framing("{\"eventName\":\"A\"}\n{\"eventName\":\"B\"}\n") == framing::ndjson);
  CHECK(detect_framing("\xEF\xBB\xBF{\"a\":1}\r\n{\"b\":2}") == framing::ndjson);
  CHECK(detect_framing("\n\n  {\"a\":1}  \n\n{\"b\":2}") == framing::ndjson);  // blank lines around are no lines
  CHECK(detect_framing("{\"a\":1}") == framing::single);
  CHECK(detect_framing("{\"a\":1}\n") == framing::single);
  CHECK(detect_framing("{\n  \"Records\": [\n    {\"a\": 1}\n  ]\n}\n") == framing::single);
  CHECK(detect_framing("{\"a\":1}\n[1]") == framing::single);
  CHECK(detect_framing("") == framing::single);
}

}  // namespace tfdrift_test_cloudtrail

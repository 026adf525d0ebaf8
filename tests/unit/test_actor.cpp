// Unit tests of actor.hpp: where a call came from (classify_source) and who made it (identify),
// from CloudTrail's userIdentity and userAgent as the AWS CloudTrail userIdentity reference
// describes them (IAMUser, AssumedRole, Root, AWSService, FederatedUser).
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include <tfdrift/actor.hpp>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_actor {

using namespace tfdrift;

namespace {

event with_agent(std::string_view ua, std::string_view type = "IAMUser") {
  event ev;
  ev.user_agent = ua;
  ev.who.type = type;
  return ev;
}

}  // namespace

TEST_CASE("classify_source names the tool from the userAgent", "[actor]") {
  struct row {
    std::string_view ua;
    std::string_view source;
  };
  const row rows[] = {
      // AWS CLI v2, as CloudTrail records it.
      {"aws-cli/2.15.0 Python/3.11.6 Linux/6.1.0 exe/x86_64.debian.12 prompt/off command/ecs.update-service", "cli"},
      // boto3 and the other SDKs; case does not matter.
      {"Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1 lang/python#3.11", "sdk"},
      {"aws-sdk-java/2.20.0 Linux/6.1 OpenJDK_64-Bit_Server_VM/17", "sdk"},
      {"aws-cdk/2.100.0", "sdk"},
      // Terraform's provider also names aws-sdk-go-v2: Terraform wins, wherever its token stands.
      {"APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.70.0 "
       "aws-sdk-go-v2/1.32.2 ua/2.1 os/linux lang/go#1.23.2 api/ecs#1.47.4",
       "terraform"},
      {"aws-sdk-go-v2/1.32.2 terraform-provider-aws/5.70.0", "terraform"},
      {"OpenTofu/1.8.0 aws-sdk-go-v2/1.30.0", "terraform"},
      // The console.
      {"console.amazonaws.com", "console"},
      {"AWS Internal", "console"},
      {"signin.amazonaws.com", "console"},
      // A service principal's host name as the agent.
      {"autoscaling.amazonaws.com", "aws-service"},
      {"curl/8.5.0", "unknown"},
      {"", "unknown"},
  };
  for (const auto& r : rows) {
    INFO(r.ua);
    CHECK(classify_source(with_agent(r.ua)) == r.source);
  }
}

TEST_CASE("classify_source: an AWS service acting, and a console session with a browser agent", "[actor]") {
  event ev = with_agent("ecs.amazonaws.com", "AWSService");
  CHECK(classify_source(ev) == "aws-service");
  event invoked = with_agent("Mozilla/5.0 (X11; Linux x86_64)", "AssumedRole");
  invoked.who.invoked_by = "cloudformation.amazonaws.com";
  CHECK(classify_source(invoked) == "aws-service");
  event browser = with_agent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36", "AssumedRole");
  CHECK(classify_source(browser) == "unknown");
  browser.console_session = true;
  CHECK(classify_source(browser) == "console");
  // Terraform run from a role the console issued is still Terraform.
  event tf = with_agent("Terraform/1.9.5 terraform-provider-aws/5.70.0", "AssumedRole");
  tf.console_session = true;
  CHECK(classify_source(tf) == "terraform");
}

TEST_CASE("identify names the caller by identity type", "[actor]") {
  SECTION("an IAM user by user name") {
    event ev = with_agent("aws-cli/2.15.0");
    ev.who.user_name = "alice";
    ev.who.arn = "arn:aws:iam::111122223333:user/alice";
    ev.who.account_id = "111122223333";
    actor a = identify(ev);
    CHECK(a.name == "alice");
    CHECK(a.identity_type == "IAMUser");
    CHECK(a.arn == "arn:aws:iam::111122223333:user/alice");
    CHECK(a.account == "111122223333");
    CHECK(a.source == "cli");
    CHECK(a.user_agent == "aws-cli/2.15.0");
    CHECK(a.invoked_by.empty());
  }
  SECTION("root") {
    event ev = with_agent("console.amazonaws.com", "Root");
    ev.who.arn = "arn:aws:iam::111122223333:root";
    CHECK(identify(ev).name == "root");
    CHECK(identify(ev).source == "console");
  }
  SECTION("an assumed role by its session name, not the role") {
    event ev = with_agent("console.amazonaws.com", "AssumedRole");
    ev.who.arn = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/jane@example.com";
    ev.who.issuer_name = "AWSReservedSSO_Admin_0123456789abcdef";
    CHECK(identify(ev).name == "jane@example.com");
  }
  SECTION("an assumed role without an ARN by its role") {
    event ev = with_agent("Boto3/1.34.0", "AssumedRole");
    ev.who.issuer_name = "deploy";
    ev.who.principal_id = "AROAEXAMPLE:ci";
    CHECK(identify(ev).name == "deploy");
  }
  SECTION("an AWS service by the service") {
    event ev = with_agent("ecs.amazonaws.com", "AWSService");
    ev.who.invoked_by = "ecs.amazonaws.com";
    actor a = identify(ev);
    CHECK(a.name == "ecs.amazonaws.com");
    CHECK(a.invoked_by == "ecs.amazonaws.com");
    CHECK(a.source == "aws-service");
  }
  SECTION("an identity with no name: the ARN's last part, else the principal id") {
    event ev = with_agent("aws-cli/2.15.0", "IdentityCenterUser");
    ev.who.arn = "arn:aws:identitystore::111122223333:user/9067c4b8-0011-70b0-2b1c-f1a2b3c4d5e6";
    CHECK(identify(ev).name == "9067c4b8-0011-70b0-2b1c-f1a2b3c4d5e6");
    event bare = with_agent("aws-cli/2.15.0", "AWSAccount");
    bare.who.principal_id = "AIDAEXAMPLEID";
    CHECK(identify(bare).name == "AIDAEXAMPLEID");
  }
}

TEST_CASE("identity and source labels for reports", "[actor]") {
  CHECK(identity_type_label("IAMUser") == "IAM User");
  CHECK(identity_type_label("AssumedRole") == "Assumed Role");
  CHECK(identity_type_label("IdentityCenterUser") == "Identity Center User");
  CHECK(identity_type_label("") == "Unknown");
  CHECK(identity_type_label("SomethingNew") == "SomethingNew");
  CHECK(source_label("terraform") == "Terraform");
  CHECK(source_label("aws-service") == "AWS Service");
  CHECK(source_label("cli") == "CLI");
  CHECK(source_label("whatever") == "Unknown");
}

}  // namespace tfdrift_test_actor

// Who made a call and from where: the actor of an event, from userIdentity and userAgent.
#pragma once

#include <string>
#include <string_view>

#include "cloudtrail.hpp"
#include "detail/text.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// Who made the call, and from where.
struct actor {
  std::string name;           ///< IAM user name, "root", role session name, or the AWS service
  std::string identity_type;  ///< CloudTrail's userIdentity.type: IAMUser, AssumedRole, Root, ...
  std::string arn;            ///< userIdentity.arn ("" for AWS services)
  std::string account;        ///< the caller's account (userIdentity.accountId)
  std::string source;         ///< console, cli, sdk, terraform, aws-service or unknown
  std::string user_agent;     ///< the raw userAgent
  std::string invoked_by;     ///< userIdentity.invokedBy, when an AWS service acted
};

/// Returns the human name of a CloudTrail identity type ("IAM User", "Assumed Role", ...).
inline std::string_view identity_type_label(std::string_view type) noexcept {
  if (type == "IAMUser") return "IAM User";
  if (type == "AssumedRole") return "Assumed Role";
  if (type == "Root") return "Root";
  if (type == "AWSService") return "AWS Service";
  if (type == "FederatedUser") return "Federated User";
  if (type == "AWSAccount") return "AWS Account";
  if (type == "IdentityCenterUser") return "Identity Center User";
  if (type == "SAMLUser") return "SAML User";
  if (type == "WebIdentityUser") return "Web Identity User";
  return type.empty() ? std::string_view{"Unknown"} : type;
}

/// Returns the human name of a source ("Console", "CLI", "SDK", "Terraform", "AWS Service").
inline std::string_view source_label(std::string_view source) noexcept {
  if (source == "console") return "Console";
  if (source == "cli") return "CLI";
  if (source == "sdk") return "SDK";
  if (source == "terraform") return "Terraform";
  if (source == "aws-service") return "AWS Service";
  return "Unknown";
}

namespace detail {
inline std::string_view last_segment(std::string_view arn) noexcept {
  auto slash = arn.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : arn.substr(slash + 1);
}
}  // namespace detail

/// Returns true when a userAgent belongs to Terraform (or OpenTofu), wherever the token stands.
inline bool is_terraform_agent(std::string_view ua) noexcept {
  return detail::contains_nocase(ua, "terraform/") || detail::contains_nocase(ua, "terraform-provider-") ||
         detail::contains_nocase(ua, "opentofu/");
}

/// Returns where a call came from: terraform, aws-service, console, cli, sdk or unknown.
inline std::string_view classify_source(const event& ev) noexcept {
  std::string_view ua = ev.user_agent;
  using detail::contains_nocase;
  if (is_terraform_agent(ua)) return "terraform";
  if (!ev.who.invoked_by.empty() || ev.who.type == "AWSService") return "aws-service";
  if (ua == "AWS Internal" || contains_nocase(ua, "console.amazonaws.com") ||
      contains_nocase(ua, "signin.amazonaws.com"))
    return "console";
  if (contains_nocase(ua, "aws-cli/")) return "cli";
  if (contains_nocase(ua, "boto3/") || contains_nocase(ua, "botocore/") || contains_nocase(ua, "aws-sdk") ||
      contains_nocase(ua, "aws-cdk") || contains_nocase(ua, "aws-powertools"))
    return "sdk";
  if (ev.console_session) return "console";
  if (ua.size() > 14 && ua.substr(ua.size() - 14) == ".amazonaws.com") return "aws-service";
  return "unknown";
}

/// Returns the actor of an event: IAM user name, "root", the role session name for assumed
/// roles, the service for AWS services; identity type, ARN, caller account and source.
inline actor identify(const event& ev) {
  actor a;
  const identity& u = ev.who;
  a.identity_type = u.type;
  a.arn = u.arn;
  a.account = u.account_id;
  a.user_agent = ev.user_agent;
  a.invoked_by = u.invoked_by;
  a.source = std::string(classify_source(ev));
  std::string_view session = detail::last_segment(u.arn);
  if (u.type == "Root") a.name = "root";
  else if (u.type == "AWSService") a.name = u.invoked_by;
  else if (u.type == "AssumedRole" || u.type == "FederatedUser")
    a.name = std::string(!session.empty() ? session : std::string_view{u.issuer_name.empty() ? u.user_name : u.issuer_name});
  else a.name = u.user_name;
  if (a.name.empty()) a.name = !session.empty() ? std::string(session) : u.principal_id;
  return a;
}

TFDRIFT_END_NAMESPACE

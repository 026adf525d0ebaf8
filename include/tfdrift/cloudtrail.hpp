// CloudTrail records decoded into events: a CloudTrail record object or a Falco alert's fields (framing bytes into
// records is input.hpp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "catalog.hpp"
#include "detail/json_parse.hpp"
#include "detail/scan.hpp"
#include "input.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// The caller's identity (CloudTrail's userIdentity, or the Falco ct.user.* fields).
struct identity {
  std::string type;          ///< IAMUser, AssumedRole, Root, AWSService, FederatedUser, ...
  std::string user_name;     ///< userName (IAM users, root); for Falco, ct.user
  std::string arn;
  std::string account_id;    ///< the caller's account
  std::string principal_id;
  std::string invoked_by;    ///< the AWS service acting, when one did
  std::string issuer_name;   ///< sessionContext.sessionIssuer.userName (the role name)
  /// sessionContext.attributes.mfaAuthenticated; nullopt when the input does not say (Falco's
  /// cloudtrail plugin has no field for it).
  std::optional<bool> mfa_authenticated;
};

/// One decoded CloudTrail record, whatever its framing.
struct event {
  std::string event_id, event_name, event_source, event_time;
  std::string region;       ///< awsRegion
  std::string account;      ///< recipientAccountId: the account that owns the resource
  std::string user_agent, source_ip;
  std::string error_code;   ///< empty when the call succeeded
  bool read_only = false;
  bool console_session = false;  ///< sessionCredentialFromConsole
  identity who;
  nlohmann::json request;   ///< requestParameters, reduced to the keys the catalog reads
  nlohmann::json response;  ///< responseElements, kept only where the catalog needs it
};

namespace detail {

inline std::string string_or_empty(const nlohmann::json& j, std::string_view key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

// "true" as CloudTrail writes sessionCredentialFromConsole, or a real bool.
inline bool truthy(const nlohmann::json& j, std::string_view key) {
  if (!j.is_object()) return false;
  auto it = j.find(key);
  if (it == j.end()) return false;
  if (it->is_boolean()) return it->get<bool>();
  return it->is_string() && it->get_ref<const std::string&>() == "true";
}

/// Keeps only the request keys that the event's catalog entry reads: its target keys and the
/// first segment of each mapped request path. Other keys are dropped unread.
/// Returns true when a request key is one the event's catalog entry reads.
inline bool request_key_wanted(const event_entry& e, std::string_view key) {
  if (key == e.target_key || key == e.cluster_key) return true;
  if (e.target == target_kind::task_set && key == "service") return true;  // the task set's service
  if (std::ranges::find(e.reported_keys, key) != e.reported_keys.end()) return true;
  bool hit = false;
  for_each_field(e, [&](const field_map& f) {
    hit = hit || f.request_path.substr(0, f.request_path.find('.')) == key;
  });
  return hit;
}

inline void reduce_request(const event_entry& e, nlohmann::json& request) {
  if (!request.is_object()) return;
  for (auto it = request.begin(); it != request.end();) {
    if (request_key_wanted(e, it.key())) ++it;
    else it = request.erase(it);
  }
}

}  // namespace detail

/// Reads CloudTrail's userIdentity object (anything else leaves `who` empty).
inline void decode_identity(const nlohmann::json& u, identity& who) {
  using detail::string_or_empty;
  if (!u.is_object()) return;
  who.type = string_or_empty(u, "type");
  who.user_name = string_or_empty(u, "userName");
  who.arn = string_or_empty(u, "arn");
  who.account_id = string_or_empty(u, "accountId");
  who.principal_id = string_or_empty(u, "principalId");
  who.invoked_by = string_or_empty(u, "invokedBy");
  if (auto sc = u.find("sessionContext"); sc != u.end() && sc->is_object()) {
    if (auto si = sc->find("sessionIssuer"); si != sc->end()) who.issuer_name = string_or_empty(*si, "userName");
    if (auto at = sc->find("attributes"); at != sc->end() && at->is_object() && at->contains("mfaAuthenticated"))
      who.mfa_authenticated = detail::truthy(*at, "mfaAuthenticated");
  }
}

/// Reads a userIdentity object from its JSON token without building a DOM.
inline void decode_identity_token(std::string_view token, identity& who, std::size_t max_depth) {
  using detail::token_string;
  std::size_t deepest = 0;
  detail::for_each_member(token, [&](std::string_view key, std::string_view v) {
    if (key == "type") who.type = token_string(v);
    else if (key == "userName") who.user_name = token_string(v);
    else if (key == "arn") who.arn = token_string(v);
    else if (key == "accountId") who.account_id = token_string(v);
    else if (key == "principalId") who.principal_id = token_string(v);
    else if (key == "invokedBy") who.invoked_by = token_string(v);
    else if (key == "sessionContext")
      detail::for_each_member(v, [&](std::string_view k2, std::string_view v2) {
        if (k2 == "sessionIssuer")
          detail::for_each_member(v2, [&](std::string_view k3, std::string_view v3) {
            if (k3 == "userName") who.issuer_name = token_string(v3);
          }, max_depth, deepest);
        else if (k2 == "attributes")
          detail::for_each_member(v2, [&](std::string_view k3, std::string_view v3) {
            if (k3 == "mfaAuthenticated") who.mfa_authenticated = detail::token_true(v3);
          }, max_depth, deepest);
      }, max_depth, deepest);
  }, max_depth, deepest);
}

/// Decodes requestParameters from its JSON token, parsing only the members the event's
/// catalog entry reads or does not know; those that are no Terraform state are skipped unparsed. Returns false when a read member is
/// not valid JSON.
inline bool decode_request_token(const event_entry& e, std::string_view token, nlohmann::json& out,
                                 std::size_t max_depth) {
  out = nullptr;
  if (token.empty() || token == "null") return true;
  bool ok = true;
  std::size_t deepest = 0;
  nlohmann::json obj = nlohmann::json::object();
  bool object = detail::for_each_member(token, [&](std::string_view key, std::string_view value) {
    // Members the catalog compares, and those it does not that are state (reported as not
    // compared: see not_compared_members); only keys that are no Terraform state stay unread.
    if (!detail::request_key_wanted(e, key) && classify_member(e, key).status == member_status::not_state) return;
    auto v = detail::parse_json(value);
    if (v.is_discarded()) ok = false;
    else obj[std::string(key)] = std::move(v);
  }, max_depth, deepest);
  if (object) out = std::move(obj);
  else out = detail::parse_json(token);  // a request that is not an object
  return ok && !out.is_discarded();
}

/// Decodes a CloudTrail record object into an event. Throws nlohmann::json exceptions only for
/// type errors the caller treats as malformed input.
inline event decode_record(nlohmann::json&& record) {
  using detail::string_or_empty;
  event ev;
  ev.event_id = string_or_empty(record, "eventID");
  ev.event_name = string_or_empty(record, "eventName");
  ev.event_source = string_or_empty(record, "eventSource");
  ev.event_time = string_or_empty(record, "eventTime");
  ev.region = string_or_empty(record, "awsRegion");
  ev.account = string_or_empty(record, "recipientAccountId");
  ev.user_agent = string_or_empty(record, "userAgent");
  ev.source_ip = string_or_empty(record, "sourceIPAddress");
  if (auto it = record.find("errorCode"); it != record.end() && !it->is_null())
    ev.error_code = it->is_string() ? it->get<std::string>() : it->dump();
  ev.read_only = detail::truthy(record, "readOnly");
  ev.console_session = detail::truthy(record, "sessionCredentialFromConsole");
  if (auto it = record.find("userIdentity"); it != record.end()) decode_identity(*it, ev.who);
  if (auto it = record.find("requestParameters"); it != record.end()) ev.request = std::move(*it);
  if (auto it = record.find("responseElements"); it != record.end()) ev.response = std::move(*it);
  return ev;
}

/// Decodes the output_fields of a Falco alert (ct.* fields, ct.request as JSON text) into an
/// event. Throws nlohmann::json::parse_error when ct.request is not JSON.
inline event decode_falco(const nlohmann::json& fields) {
  auto f = [&](std::string_view key) {
    std::string v = detail::string_or_empty(fields, key);
    return v == "<NA>" ? std::string{} : v;
  };
  event ev;
  ev.event_id = f("ct.id");
  ev.event_name = f("ct.name");
  ev.event_source = f("ct.src");
  ev.event_time = f("ct.time");
  ev.region = f("ct.region");
  ev.account = f("ct.recipientaccountid");
  ev.user_agent = f("ct.useragent");
  ev.source_ip = f("ct.srcip");
  ev.error_code = f("ct.error");
  ev.read_only = f("ct.readonly") == "true";
  ev.console_session = f("ct.sessioncredentialfromconsole") == "true";
  ev.who.type = f("ct.user.identitytype");
  ev.who.arn = f("ct.user.arn");
  ev.who.account_id = f("ct.user.accountid");
  ev.who.principal_id = f("ct.user.principalid");
  // The plugin's ct.user is the user name for IAM users and root, the role name for assumed
  // roles and the service for AWS services.
  std::string user = f("ct.user");
  if (ev.who.type == "AssumedRole") ev.who.issuer_name = user;
  else if (ev.who.type == "AWSService") ev.who.invoked_by = user;
  else ev.who.user_name = user;
  if (ev.account.empty()) ev.account = ev.who.account_id;
  if (std::string req = f("ct.request"); !req.empty()) ev.request = nlohmann::json::parse(req);
  if (std::string resp = f("ct.response"); !resp.empty())
    ev.response = detail::parse_json(resp);
  if (ev.response.is_discarded()) ev.response = nullptr;
  return ev;
}

/// Returns true when a JSON object is a Falco alert (it has output_fields with ct.* keys).
inline bool is_falco_alert(const nlohmann::json& j) {
  if (!j.is_object()) return false;
  auto it = j.find("output_fields");
  return it != j.end() && it->is_object();
}

TFDRIFT_END_NAMESPACE

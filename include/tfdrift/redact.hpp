// Redaction: secrets in container environments, commands, labels and ExecuteCommand lines never leave tfdrift, found by name and by shape.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <utility>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "alert.hpp"
#include "detail/arn.hpp"
#include "detail/text.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// What a redacted value reads in alerts and the ledger.
inline constexpr std::string_view redacted_value = "<redacted>";

namespace detail {

// What an environment name that holds a secret holds anywhere (see looks_secret).
inline constexpr std::string_view secret_name_parts[] = {"PASSWORD",   "PASSWD",      "SECRET", "TOKEN",   "CREDENTIAL",
                                                        "PASSPHRASE", "PRIVATE_KEY", "APIKEY", "API_KEY", "ACCESS_KEY"};
// looks_secret on a name already in upper case.
inline bool looks_secret_upper(std::string_view u) {
  for (std::string_view part : secret_name_parts)
    if (u.find(part) != std::string_view::npos) return true;
  std::size_t start = 0;
  while (start <= u.size()) {
    std::size_t end = u.find_first_of("_-.[]=", start);
    std::string_view word = u.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (word == "KEY" || word == "PWD" || word == "DSN") return true;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return false;
}

// Environment names that hold secrets: a word of the name or the name itself. Words split at
// _ - . and at [ ] = (which real names do not hold; a path's tail then splits where the name
// inside it begins and ends).
inline bool looks_secret(std::string_view name) { return looks_secret_upper(upper_ascii(name)); }

// An ARN ("arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE"): a reference to a secret, not one.
inline bool is_arn_reference(std::string_view v) noexcept {
  return parse_arn(v).has_value();
}

// A value redaction hides: anything but null and ARNs.
inline bool hides(const nlohmann::json& v) {
  return !v.is_null() && !(v.is_string() && is_arn_reference(v.get_ref<const std::string&>()));
}

// {"name": N, "value": V}: V becomes "<redacted>" when N looks secret, or always when `secret`.
inline void redact_environment_entry(nlohmann::json& e, bool secret = false) {
  if (!e.is_object()) return;
  auto n = e.find("name");
  auto v = e.find("value");
  if (v == e.end() || !hides(*v)) return;
  if (secret || (n != e.end() && n->is_string() && looks_secret(n->get_ref<const std::string&>())))
    *v = redacted_value;
}

// Every "environment" list anywhere below v (a container, the list of containers).
inline void redact_below(nlohmann::json& v) {
  if (!v.is_structured()) return;
  std::vector<nlohmann::json*> todo{&v};
  while (!todo.empty()) {
    nlohmann::json* cur = todo.back();
    todo.pop_back();
    if (cur->is_object()) {
      for (auto it = cur->begin(); it != cur->end(); ++it) {
        if (it.key() == "environment" && it->is_array())
          for (auto& e : *it) redact_environment_entry(e);
        else if (it->is_structured())
          todo.push_back(&*it);
      }
    } else if (cur->is_array()) {
      for (auto& e : *cur)
        if (e.is_structured()) todo.push_back(&e);
    }
  }
}

// --- Redaction by value: secret shapes found in any text ------------------------------------

// Words of a name that mark a secret whatever its value (besides looks_secret's list).
inline bool secret_word(std::string_view w) noexcept { return w == "PASS" || w == "PW" || w == "PWD"; }

// Words of a name that may hold a secret: its value is redacted when it looks random
// (high_entropy), so that AUTH=Xk2..., STRIPE_SK=..., GITHUB_PAT=... go, AUTH_ENABLED=true stays.
inline constexpr std::string_view keyish_words[] = {
    "AUTH", "SK", "PAT", "JWT", "SIGNING", "SIGNATURE", "SIGN", "HMAC", "SALT", "COOKIE", "SESSION", "CERT", "BEARER",
    "ACCESS", "PRIVATE", "CONN", "CONNECTION", "WEBHOOK", "KEYS", "PRIVATEKEY", "SECRETKEY", "AUTHKEY", "APITOKEN",
    "CREDS", "OTP", "PIN", "LICENSE"};
inline bool keyish_word(std::string_view w) noexcept {
  return std::find(std::begin(keyish_words), std::end(keyish_words), w) != std::end(keyish_words);
}

template <class Fn>
bool any_word(std::string_view upper_name, Fn&& pred) {
  std::size_t start = 0;
  while (start <= upper_name.size()) {
    std::size_t end = upper_name.find_first_of("_-.[]=/: ", start);
    std::string_view word = upper_name.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!word.empty() && pred(word)) return true;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return false;
}

// A name whose value is a secret whatever it looks like: looks_secret, or a word PASS/PW/PWD,
// or PRIVATEKEY/SECRETKEY written as one word.
inline bool name_is_secret(std::string_view name) {
  if (name.empty()) return false;
  while (!name.empty() && name.front() == '-') name.remove_prefix(1);
  const std::string u = upper_ascii(name);
  if (looks_secret_upper(u)) return true;
  if (u.find("PRIVATEKEY") != std::string::npos || u.find("SECRETKEY") != std::string::npos) return true;
  return any_word(u, [](std::string_view w) { return secret_word(w); });
}

// A name that may hold a secret (see keyish_word).
inline bool name_is_keyish(std::string_view name) {
  std::string u = upper_ascii(name);
  return any_word(u, [](std::string_view w) { return keyish_word(w); });
}

// A value that looks random: at least 12 bytes, no space, no URL, letters and digits, and
// at least 3 bits of entropy per byte (Shannon, over bytes).
inline bool high_entropy(std::string_view v) {
  if (v.size() < 12 || v.find("://") != std::string_view::npos) return false;
  bool letter = false, digit = false;
  std::array<unsigned, 256> counts{};
  for (unsigned char c : v) {
    if (c <= ' ') return false;
    letter |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    digit |= c >= '0' && c <= '9';
    ++counts[c];
  }
  if (!letter || !digit) return false;
  double h = 0;
  for (unsigned n : counts)
    if (n) {
      double p = static_cast<double>(n) / static_cast<double>(v.size());
      h -= p * std::log2(p);
    }
  return h >= 3.0;
}

constexpr bool is_upper_or_digit(char c) noexcept { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
constexpr bool is_alnum(char c) noexcept { return is_upper_or_digit(c) || (c >= 'a' && c <= 'z'); }
constexpr bool is_b64url(char c) noexcept { return is_alnum(c) || c == '-' || c == '_'; }
// Bytes a token is made of (a run of them is one word of a text), as a table: redact_text
// reads every byte of every text.
inline constexpr std::array<bool, 256> token_chars = [] {
  std::array<bool, 256> table{};
  for (unsigned char c : std::string_view("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-./+=~"))
    table[c] = true;
  return table;
}();
constexpr bool is_token_char(char c) noexcept { return token_chars[static_cast<unsigned char>(c)]; }

// Token prefixes of well-known services, each with the fewest bytes that follow it.
// (GitHub: ghp_ gho_ ghu_ ghs_ ghr_ github_pat_; GitLab glpat-; Slack xox[abposr]- and
// xapp-; Stripe sk_/rk_ live and test, whsec_; Google AIza and ya29.; npm_; PyPI pypi-;
// SendGrid SG.; Hugging Face hf_; OpenAI sk-, Anthropic sk-ant-; DigitalOcean dop_v1_;
// Shopify shpat_; Twilio SK + 32 hex is left to the entropy rule.)
struct token_prefix {
  std::string_view prefix;
  std::size_t min_rest;
};
inline constexpr token_prefix token_prefixes[] = {
    {"ghp_", 20},     {"gho_", 20},    {"ghu_", 20},    {"ghs_", 20},    {"ghr_", 20},   {"github_pat_", 20},
    {"glpat-", 16},   {"xoxb-", 10},   {"xoxa-", 10},   {"xoxp-", 10},   {"xoxr-", 10},  {"xoxs-", 10},
    {"xoxo-", 10},    {"xapp-", 10},   {"sk_live_", 10}, {"sk_test_", 10}, {"rk_live_", 10}, {"rk_test_", 10},
    {"whsec_", 16},   {"AIza", 30},    {"ya29.", 20},   {"npm_", 30},    {"pypi-", 30},  {"SG.", 30},
    {"hf_", 30},      {"sk-ant-", 20}, {"sk-proj-", 20}, {"sk-", 32},     {"dop_v1_", 32}, {"shpat_", 20},
    {"shpss_", 20},   {"glsa_", 20},
};

// The fewest bytes of a token with a known prefix (prefix and rest) or of an AWS secret key (40):
// what secret_token rules out before it tries the prefixes one by one.
inline constexpr std::size_t shortest_prefixed_token = [] {
  std::size_t n = 40;
  for (const auto& p : token_prefixes) n = std::min(n, p.prefix.size() + p.min_rest);
  return n;
}();

// An AWS access key id anywhere in a run: AKIA/ASIA + 16 of [A-Z0-9], with no such byte
// before or after it. Only the 'A's a key id can start at are looked at (memchr).
inline bool holds_access_key_id(std::string_view t) noexcept {
  if (t.size() < 20) return false;
  const std::size_t last = t.size() - 20;  // the last offset a key id can start at
  for (std::size_t i = 0; i <= last; ++i) {
    const void* hit = std::memchr(t.data() + i, 'A', last - i + 1);
    if (hit == nullptr) return false;
    i = static_cast<std::size_t>(static_cast<const char*>(hit) - t.data());
    if ((t[i + 1] == 'K' || t[i + 1] == 'S') && t[i + 2] == 'I' && t[i + 3] == 'A' &&
        (i == 0 || !is_upper_or_digit(t[i - 1])) && std::all_of(t.begin() + static_cast<std::ptrdiff_t>(i) + 4,
                                                                t.begin() + static_cast<std::ptrdiff_t>(i) + 20,
                                                                is_upper_or_digit) &&
        (i + 20 == t.size() || !is_upper_or_digit(t[i + 20])))
      return true;
  }
  return false;
}

// A JWT in a run: eyJ... (at least 10 base64url bytes) . eyJ... (the signature is not read).
inline bool holds_jwt(std::string_view t) noexcept {
  if (t.size() < 15) return false;  // 10 bytes, '.', "eyJ" and one byte more
  for (std::size_t at = t.find("eyJ"); at != std::string_view::npos;) {
    std::size_t i = at;
    while (i < t.size() && is_b64url(t[i])) ++i;
    if (i - at >= 10 && i + 4 < t.size() && t[i] == '.' && t.compare(i + 1, 3, "eyJ") == 0) return true;
    // Another "eyJ" before i ends at the same i, shorter: the next one to try is at or after i.
    at = t.find("eyJ", i);
  }
  return false;
}

// Whether a run of token characters is a secret by its shape alone. Each shape is ruled out
// by its length first: most words of a text are shorter than any secret.
inline bool secret_token(std::string_view t) {
  if (holds_access_key_id(t) || holds_jwt(t)) return true;
  if (t.size() < shortest_prefixed_token) return false;  // neither a prefixed token nor 40 bytes
  // A token with a known prefix (after leading punctuation such as quotes or '-').
  std::string_view s = t;
  while (!s.empty() && !is_alnum(s.front())) s.remove_prefix(1);
  if (s.size() >= shortest_prefixed_token)
    for (const auto& p : token_prefixes)
      if (s.front() == p.prefix.front() && s.starts_with(p.prefix)) {
        std::size_t rest = 0;
        for (char c : s.substr(p.prefix.size()))
          if (is_b64url(c) || c == '.') ++rest;
          else break;
        if (rest >= p.min_rest) return true;
      }
  // An AWS secret access key: 40 of [A-Za-z0-9/+] with upper, lower and digit.
  if (s.size() == 40 && std::all_of(s.begin(), s.end(), [](char c) { return is_alnum(c) || c == '/' || c == '+'; }) &&
      std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; }) &&
      std::any_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
      std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return true;
  return false;
}

// Rewrites the secrets found in a text, keeping the rest: a private-key block, the password
// of scheme://user:password@host, tokens of a known shape (secret_token), NAME=VALUE where
// NAME is secret (or key-ish and VALUE random), and the word after --password-like flags.
// Each becomes "<redacted>". Returns true when something was rewritten.
inline bool redact_text(std::string& s) {
  bool changed = false;
  // Private-key blocks, from BEGIN to the end of the END line (or of the text).
  for (std::size_t at = s.find("-----BEGIN "); at != std::string::npos; at = s.find("-----BEGIN ", at + 1)) {
    std::size_t head_end = s.find("-----", at + 11);
    if (head_end == std::string::npos) break;
    if (std::string_view(s).substr(at, head_end - at).find("PRIVATE KEY") == std::string_view::npos) continue;
    std::size_t end = s.find("-----END ", head_end + 5);
    end = end == std::string::npos ? s.size() : s.find("-----", end + 9);
    end = end == std::string::npos ? s.size() : end + 5;
    s.replace(at, end - at, redacted_value);
    changed = true;
  }
  // Passwords in URLs.
  for (std::size_t at = s.find("://"); at != std::string::npos; at = s.find("://", at + 3)) {
    std::size_t user = at + 3;
    std::size_t stop = s.find_first_of("/?#@ \t\r\n\"'", user);
    if (stop == std::string::npos || s[stop] != '@') continue;
    std::size_t colon = s.find(':', user);
    if (colon == std::string::npos || colon > stop || colon + 1 == stop) continue;
    if (std::string_view(s).substr(colon + 1, stop - colon - 1) == redacted_value) continue;
    s.replace(colon + 1, stop - colon - 1, redacted_value);
    changed = true;
  }
  // Words. A word that stays is not copied: `out` is only written from the first word
  // rewritten on (s[kept, ...) is what it has not taken yet).
  std::string out;
  std::size_t kept = 0;
  bool word_changed = false;
  const auto rewrite = [&](std::size_t from, std::size_t to) {  // s[from, to) becomes "<redacted>"
    if (!word_changed) out.reserve(s.size());
    word_changed = true;
    out.append(s, kept, from - kept);
    out += redacted_value;
    kept = to;
  };
  bool redact_next = false;
  std::size_t i = 0;
  while (i < s.size()) {
    if (!is_token_char(s[i])) {
      if (s[i] == '<' && std::string_view(s).substr(i).starts_with(redacted_value)) {  // already redacted: one word
        i += redacted_value.size();
        redact_next = false;
      } else {
        ++i;
      }
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && is_token_char(s[j])) ++j;
    std::string_view w = std::string_view(s).substr(i, j - i);
    std::size_t eq = w.find('=');
    if (redact_next && w != redacted_value) {
      rewrite(i, j);
      redact_next = false;
    } else if (secret_token(w)) {
      rewrite(i, j);
      redact_next = false;
    } else if (eq != std::string_view::npos && eq > 0 && eq + 1 < w.size() &&
               w.substr(eq + 1) != redacted_value &&
               (name_is_secret(w.substr(0, eq)) || (name_is_keyish(w.substr(0, eq)) && high_entropy(w.substr(eq + 1))))) {
      rewrite(i + eq + 1, j);
      redact_next = false;
    } else {
      // "--password VALUE", "-token VALUE", "Bearer VALUE": the next word is the secret.
      redact_next = eq == std::string_view::npos &&
                    ((w.size() > 1 && w.front() == '-' && name_is_secret(w)) || equals_nocase(w, "BEARER") ||
                     equals_nocase(w, "BASIC"));
    }
    i = j;
  }
  if (word_changed) {
    out.append(s, kept);
    s = std::move(out);
    changed = true;
  }
  return changed;
}

// Redacts by value below v: every string through redact_text; a string under a name (an
// environment entry's name, a dockerLabels key) that is secret (name_is_secret), or key-ish
// with a random-looking value, whole; in an array (command, entryPoint), the element after a
// --password-like flag. `name` is the name v itself is found under when `named` (see
// name_at). ARNs and nulls stay (hides).
// One string of redact_by_value (x holds it, found under `name`).
inline void redact_string_by_value(nlohmann::json& x, std::string_view name, bool named) {
  auto& s = x.get_ref<std::string&>();
  if (s == redacted_value || !hides(x)) return;
  if (named && (name_is_secret(name) || (name_is_keyish(name) && high_entropy(s)))) s = redacted_value;
  else redact_text(s);
}

inline void redact_by_value(nlohmann::json& v, std::string_view name, bool named) {
  if (v.is_string()) return redact_string_by_value(v, name, named);  // most values: no walk to set up
  if (!v.is_structured()) return;
  // Names are views, not copies: into `name`, an object's keys (never changed here), or an
  // entry's "name" string, which is only rewritten when its own item is taken, after its
  // sibling "value" and all below it (std::map keeps "name" before "value"; the last pushed is
  // taken first).
  struct item {
    nlohmann::json* v;
    std::string_view name;
    bool named;
  };
  std::vector<item> todo{{&v, name, named}};
  while (!todo.empty()) {
    const item cur = todo.back();
    todo.pop_back();
    nlohmann::json& x = *cur.v;
    if (x.is_string()) {
      redact_string_by_value(x, cur.name, cur.named);
    } else if (x.is_object()) {
      auto n = x.find("name");
      auto val = x.find("value");
      const bool entry = n != x.end() && n->is_string() && val != x.end();
      const bool labels = cur.name == "dockerLabels";
      for (auto it = x.begin(); it != x.end(); ++it) {
        if (entry && it.key() == "value") todo.push_back({&*it, n->get_ref<const std::string&>(), true});
        else todo.push_back({&*it, it.key(), labels});
      }
    } else if (x.is_array()) {
      bool next_secret = false;
      for (auto& e : x) {
        if (next_secret && e.is_string() && hides(e)) {
          e = redacted_value;
          next_secret = false;
          continue;
        }
        next_secret = e.is_string() && e.get_ref<const std::string&>().size() > 1 &&
                      e.get_ref<const std::string&>().front() == '-' &&
                      e.get_ref<const std::string&>().find('=') == std::string::npos &&
                      name_is_secret(e.get_ref<const std::string&>());
        todo.push_back({&e, cur.name, cur.named});
      }
    }
  }
}

// The name a value at an attribute path is found under, and whether that name says what the
// value holds: an environment entry's name for "...environment[name=N].value", a label's key
// for "...dockerLabels.KEY" (true); else the last segment (false).
inline std::pair<std::string_view, bool> name_at(std::string_view path) {
  if (path.ends_with("].value")) {
    std::size_t at = path.rfind("[name=");
    if (at != std::string_view::npos) return {path.substr(at + 6, path.size() - 7 - (at + 6)), true};
  }
  if (std::size_t at = path.rfind("dockerLabels."); at != std::string_view::npos && (at == 0 || path[at - 1] == '.'))
    return {path.substr(at + 13), true};
  while (path.ends_with(']')) {
    std::size_t open = path.rfind('[');
    if (open == std::string_view::npos) break;
    path = path.substr(0, open);
  }
  std::size_t dot = path.rfind('.');
  return {dot == std::string_view::npos ? path : path.substr(dot + 1), false};
}

inline constexpr std::string_view environment_entry = "environment[name=";

// True when the path is at or below an environment entry's value ("...].value", "...].value.x").
inline bool at_entry_value(std::string_view tail) {
  return tail.ends_with("].value") || tail.find("].value.") != std::string_view::npos ||
         tail.find("].value[") != std::string_view::npos;
}

// The environment path a removed secrets entry would have: "C.secrets[name=N]" (or its
// ".valueFrom") -> "C.environment[name=N]"; "" for other paths.
inline std::string environment_twin(std::string_view path) {
  static constexpr std::string_view secrets = "secrets[name=";
  if (path.ends_with("].valueFrom")) path.remove_suffix(10);
  std::size_t at = path.rfind(secrets);
  if (at == std::string_view::npos || !path.ends_with(']') || (at > 0 && path[at - 1] != '.')) return {};
  return std::string(path.substr(0, at)) + std::string(environment_entry) + std::string(path.substr(at + secrets.size()));
}

}  // namespace detail

/// Redacts one value found at an attribute path: the value of an environment entry whose
/// name looks secret (detail::looks_secret: PASSWORD, TOKEN, API_KEY, ...) becomes
/// "<redacted>", at "...environment[name=DB_PASSWORD].value", inside an entry, an environment
/// list, a container or the list of containers. `secret` says the entry at the path holds a
/// secret whatever its name (a secrets entry moved into plain text). ARNs and nulls stay. A
/// name that holds "environment[name=" or "].value" is read the cautious way: redacted when
/// any part of it looks secret. A container_definitions value that is text (a state whose
/// container_definitions did not parse) is redacted whole.
inline void redact_value(std::string_view path, nlohmann::json& v, bool secret = false) {
  if (!detail::hides(v)) return;
  const std::size_t at = path.find(detail::environment_entry);
  if (at != std::string_view::npos) {
    std::string_view tail = path.substr(at + detail::environment_entry.size());
    if (detail::at_entry_value(tail)) {
      if (secret || detail::looks_secret(tail)) {
        v = redacted_value;
        return;
      }
      auto [name, named] = detail::name_at(path);
      detail::redact_by_value(v, name, named);
      return;
    }
    if (v.is_object()) detail::redact_environment_entry(v, secret);
  }
  if (path == "container_definitions" && v.is_string()) {
    v = redacted_value;
    return;
  }
  if ((path == "environment" || path.ends_with(".environment")) && v.is_array())
    for (auto& e : v) detail::redact_environment_entry(e);
  detail::redact_below(v);
  auto [name, named] = detail::name_at(path);
  detail::redact_by_value(v, name, named);
}

/// redact_value on a change's old and new value.
inline void redact_secrets(change& c, bool secret = false) {
  redact_value(c.path, c.old_value, secret);
  redact_value(c.path, c.new_value, secret);
}

/// Redacts every change of an alert (see redact_value). An environment entry whose name the
/// same alert removes from the container's secrets (moved into plain text) is redacted
/// whatever its name. The change still says that the value changed; the value itself never
/// reaches JSON, text, Slack, webhooks or the ledger.
inline void redact_secrets(alert& a) {
  std::unordered_set<std::string> moved;
  for (const auto& c : a.changes)
    if (!c.old_value.is_null() && c.new_value.is_null())
      if (std::string twin = detail::environment_twin(c.path); !twin.empty()) moved.insert(std::move(twin));
  for (auto& c : a.changes) {
    bool secret = false;
    if (!moved.empty()) {
      std::string_view p = c.path;
      if (p.ends_with(".value")) p.remove_suffix(6);
      secret = moved.count(std::string(p)) > 0;
    }
    redact_secrets(c, secret);
  }
  for (auto& f : a.security) detail::redact_text(f.detail);  // an ExecuteCommand's command line
}

/// True when a value holds a redacted value anywhere (what redaction left in the ledger).
inline bool holds_redacted(const nlohmann::json& v) {
  std::vector<const nlohmann::json*> todo{&v};
  while (!todo.empty()) {
    const nlohmann::json* cur = todo.back();
    todo.pop_back();
    if (cur->is_string() && cur->get_ref<const std::string&>().find(redacted_value) != std::string::npos) return true;
    if (cur->is_structured())
      for (const auto& e : *cur) todo.push_back(&e);
  }
  return false;
}

TFDRIFT_END_NAMESPACE

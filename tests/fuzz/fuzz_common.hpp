// What every libFuzzer harness checks: the accounting invariant, and that alerts format safely (valid UTF-8, no raw terminal controls).
#pragma once

#include <tfdrift/ecs.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#ifndef TFDRIFT_FUZZ_DATA_DIR
#error "TFDRIFT_FUZZ_DATA_DIR (tests/data) must be defined by the build"
#endif

namespace tfdrift_fuzz {

/// Stops the run with a message: libFuzzer saves the input that got here.
[[noreturn]] inline void fail(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "tfdrift fuzz check failed: %s\n%.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

#define TFDRIFT_FUZZ_CHECK(cond, detail) \
  do {                                   \
    if (!(cond)) ::tfdrift_fuzz::fail(#cond, detail); \
  } while (0)

/// Returns the bytes of a file under tests/data ("state/ecs.tfstate").
inline std::string fixture(std::string_view relative) {
  std::string path = std::string(TFDRIFT_FUZZ_DATA_DIR) + "/" + std::string(relative);
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot open fixture", path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Returns every CloudTrail fixture as one compact NDJSON line each (the harnesses that fuzz
/// something else, state or config, replay these against it).
inline std::string fixture_trail() {
  static const char* const names[] = {
      "autoscaling_desired_count.json", "create_capacity_provider.json", "create_cluster_ecs.json",
      "create_service.json", "create_service_recreate.json", "delete_capacity_provider.json",
      "delete_cluster_ecs.json", "delete_service.json", "deregister_task_definition.json",
      "deregister_task_definition_other.json", "put_cluster_capacity_providers.json",
      "register_task_definition_image.json", "register_task_definition_reordered.json",
      "update_capacity_provider.json", "update_cluster.json", "update_cluster_settings.json",
      "update_container_instances_state.json", "update_service_arn.json",
      "update_service_desired_count.json", "update_service_full.json", "update_service_network.json",
      "update_service_other_region.json", "update_service_worker.json"};
  std::string out;
  for (const char* n : names) out += nlohmann::json::parse(fixture(std::string("cloudtrail/") + n)).dump() + "\n";
  return out;
}

/// Returns a detector with the built-in config and these fixture states loaded, built once:
/// the harnesses copy it for each input (a copy costs far less than loading the state).
inline const tfdrift::detector& loaded_detector(bool with_eu = false) {
  static const tfdrift::detector plain = [] {
    tfdrift::detector d;
    d.load_state(fixture("state/ecs.tfstate"), "ecs.tfstate");
    return d;
  }();
  static const tfdrift::detector both = [] {
    tfdrift::detector d = plain;
    d.load_state(fixture("state/eu.tfstate"), "eu.tfstate");
    d.load_state(fixture("state/security.tfstate"), "security.tfstate");  // the security checks' resources
    return d;
  }();
  return with_eu ? both : plain;
}

/// Returns true when the bytes are valid UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
inline bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (!len || i + len > s.size()) return false;
    std::uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (std::size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
      return false;
    i += len;
  }
  return true;
}

/// Returns true when text for a terminal holds no control byte but newline: no ESC, no BEL,
/// no DEL, no C1 control (U+0080..U+009F, which some terminals read as CSI and friends).
inline bool terminal_clean(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7F) return false;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(s[i + 1]) <= 0x9F)
      return false;
  }
  return true;
}

/// Checks one alert in every output format.
inline void check_alert(const tfdrift::alert& a) {
  std::string line = tfdrift::to_json_line(a);
  TFDRIFT_FUZZ_CHECK(valid_utf8(line), line);
  TFDRIFT_FUZZ_CHECK(line.find('\n') == std::string::npos, line);
  auto parsed = nlohmann::json::parse(line, nullptr, false);
  TFDRIFT_FUZZ_CHECK(!parsed.is_discarded() && parsed.is_object(), line);
  TFDRIFT_FUZZ_CHECK(parsed.value("schema", "") == "tfdrift.alert.v1", line);
  std::string text = tfdrift::to_text(a);
  TFDRIFT_FUZZ_CHECK(valid_utf8(text) && terminal_clean(text), text);
  std::string md = tfdrift::to_markdown(a);
  TFDRIFT_FUZZ_CHECK(valid_utf8(md) && terminal_clean(md), md);
}

/// Checks the counts: every record read ended in exactly one outcome, and the malformed ones
/// are listed up to the configured number, each with an id.
inline void check_stats(const tfdrift::detector& d) {
  const auto& s = d.stats();
  std::string dump = s.to_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  TFDRIFT_FUZZ_CHECK(s.sum() == s.records_read, dump);
  std::uint64_t listed = s.malformed_places.size();
  std::uint64_t want = std::min<std::uint64_t>(s.count(tfdrift::outcome::malformed), d.settings().max_malformed_places);
  TFDRIFT_FUZZ_CHECK(listed == want, dump);
  for (const auto& m : s.malformed_places) TFDRIFT_FUZZ_CHECK(m.id.rfind("tfdrift.input.", 0) == 0, dump);
  std::uint64_t alerts = 0;
  for (auto n : s.alerts_by_severity) alerts += n;
  TFDRIFT_FUZZ_CHECK(alerts == s.count(tfdrift::outcome::alert), dump);
}

}  // namespace tfdrift_fuzz

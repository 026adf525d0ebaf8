// libFuzzer harness: parse_config (JSON) and load_config (YAML or JSON) on arbitrary bytes; a config that loads then runs the CloudTrail fixtures.
#include "fuzz_common.hpp"

#include <optional>

#include <tfdrift/config_yaml.hpp>

namespace tfdrift_fuzz_config {

namespace {
const std::string& trail() {
  static const std::string s = tfdrift_fuzz::fixture_trail();
  return s;
}

// Returns the config, or nullopt when it is rejected with a tfdrift.config.* error that has a place.
template <class Load>
std::optional<tfdrift::config> attempt(Load&& load, std::string_view name) {
  try {
    return load();
  } catch (const tfdrift::error& e) {
    TFDRIFT_FUZZ_CHECK(e.id().rfind("tfdrift.config.", 0) == 0, e.what());
    TFDRIFT_FUZZ_CHECK(e.where().rfind(std::string(name), 0) == 0, e.what());
    return std::nullopt;
  }
}

void run(const tfdrift::config& c) {
  static const std::string state = tfdrift_fuzz::fixture("state/ecs.tfstate");
  tfdrift::detector d{c};
  d.load_state(state, "ecs.tfstate");
  d.process(trail(), "fixtures.ndjson", [](const tfdrift::alert& a) { tfdrift_fuzz::check_alert(a); });
  tfdrift_fuzz::check_stats(d);
}
}  // namespace

int one_input(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto json = attempt([&] { return tfdrift::parse_config(bytes, "fuzz.json"); }, "fuzz.json");
  if (json) run(*json);
  auto yaml = attempt([&] { return tfdrift::load_config(bytes, "fuzz.yaml"); }, "fuzz.yaml");
  if (yaml) run(*yaml);
  return 0;
}

}  // namespace tfdrift_fuzz_config

// libFuzzer harness: state_index::load on arbitrary bytes; a state that loads is then looked up and run against every CloudTrail fixture.
#include "fuzz_common.hpp"

namespace tfdrift_fuzz_state {

namespace {
const std::string& trail() {
  static const std::string s = tfdrift_fuzz::fixture_trail();
  return s;
}
}  // namespace

int one_input(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  tfdrift::detector d;
  try {
    d.load_state(bytes, "fuzz.tfstate");
  } catch (const tfdrift::error& e) {
    // A failed load adds nothing and says why with one of the state ids.
    TFDRIFT_FUZZ_CHECK(e.id() == "tfdrift.state.parse" || e.id() == "tfdrift.state.version" ||
                           e.id() == "tfdrift.state.shape",
                       e.what());
    TFDRIFT_FUZZ_CHECK(d.states().files() == 0 && d.states().instances().empty(), e.what());
    return 0;
  }
  TFDRIFT_FUZZ_CHECK(d.states().files() == 1, bytes);
  // Every instance is found under its own names where it lives.
  for (const auto& s : d.states().instances()) {
    (void)s.attributes();
    for (const auto& name : tfdrift::detail::lookup_names(s))
      if (!name.empty())
        TFDRIFT_FUZZ_CHECK(d.states().find(s.type, s.account, s.region, name) != nullptr, s.address);
  }
  d.process(trail(), "fixtures.ndjson", [](const tfdrift::alert& a) { tfdrift_fuzz::check_alert(a); });
  tfdrift_fuzz::check_stats(d);
  TFDRIFT_FUZZ_CHECK(d.stats().count(tfdrift::outcome::malformed) == 0, bytes);
  return 0;
}

}  // namespace tfdrift_fuzz_state

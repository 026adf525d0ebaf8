// All libFuzzer harnesses in one binary, so the header-only library is compiled once, not once per
// harness. The build links fuzz_<harness> to fuzz_all; the name the binary is run under picks the
// harness (scripts/fuzz runs build-fuzz/fuzz_record, ...), or TFDRIFT_FUZZ_HARNESS=<harness> does.
#include "fuzz_config.cpp"
#include "fuzz_detector.cpp"
#include "fuzz_falco.cpp"
#include "fuzz_framing.cpp"
#include "fuzz_record.cpp"
#include "fuzz_state.cpp"

#include <cstring>

namespace {

using harness_fn = int (*)(const std::uint8_t*, std::size_t);

struct harness {
  const char* name;
  harness_fn run;
};

constexpr harness harnesses[] = {
    {"config", tfdrift_fuzz_config::one_input},     {"detector", tfdrift_fuzz_detector::one_input},
    {"falco", tfdrift_fuzz_falco::one_input},       {"framing", tfdrift_fuzz_framing::one_input},
    {"record", tfdrift_fuzz_record::one_input},     {"state", tfdrift_fuzz_state::one_input},
};

harness_fn selected = nullptr;

harness_fn find_harness(std::string_view name) {
  for (const auto& h : harnesses)
    if (name == h.name) return h.run;
  return nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  if (const char* env = std::getenv("TFDRIFT_FUZZ_HARNESS"); env != nullptr && *env != '\0') {
    selected = find_harness(env);
  } else if (*argc > 0) {
    std::string_view self = (*argv)[0];
    if (auto slash = self.rfind('/'); slash != std::string_view::npos) self.remove_prefix(slash + 1);
    if (self.substr(0, 5) == "fuzz_") selected = find_harness(self.substr(5));
  }
  if (selected == nullptr) {
    std::fprintf(stderr,
                 "tfdrift fuzz: no harness selected: run this binary as fuzz_<harness> (a link to it) or set "
                 "TFDRIFT_FUZZ_HARNESS to one of config, detector, falco, framing, record, state\n");
    std::exit(2);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { return selected(data, size); }

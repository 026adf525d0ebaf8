// libFuzzer harness: the whole detector (auto framing, every outcome, every output format) on arbitrary bytes, with the fixture states loaded.
#include "fuzz_common.hpp"

#include <vector>

namespace tfdrift_fuzz_detector {

int one_input(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  tfdrift::detector d = tfdrift_fuzz::loaded_detector(true);
  std::vector<std::string> lines;
  d.process(bytes, "fuzz.ndjson", [&](const tfdrift::alert& a) {
    tfdrift_fuzz::check_alert(a);
    lines.push_back(tfdrift::to_json_line(a));
  });
  tfdrift_fuzz::check_stats(d);

  // Streamed line by line (as the CLI reads stdin), NDJSON gives the same alerts and counts.
  std::string_view body = tfdrift::strip_bom(bytes);
  if (tfdrift::detect_framing(body) == tfdrift::framing::ndjson) {
    tfdrift::detector s = tfdrift_fuzz::loaded_detector(true);
    std::vector<std::string> streamed;
    std::uint64_t line = 0;
    while (!body.empty()) {
      std::size_t nl = body.find('\n');
      s.process_line(body.substr(0, nl), "fuzz.ndjson", ++line,
                     [&](const tfdrift::alert& a) { streamed.push_back(tfdrift::to_json_line(a)); });
      body.remove_prefix(nl == std::string_view::npos ? body.size() : nl + 1);
    }
    TFDRIFT_FUZZ_CHECK(streamed == lines, bytes);
    TFDRIFT_FUZZ_CHECK(s.stats().outcomes == d.stats().outcomes, bytes);
  }
  return 0;
}

}  // namespace tfdrift_fuzz_detector

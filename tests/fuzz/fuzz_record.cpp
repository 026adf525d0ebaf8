// libFuzzer harness: one record's bytes through detector::process_record (no framing), with the fixture state loaded.
#include "fuzz_common.hpp"

namespace tfdrift_fuzz_record {

int one_input(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  tfdrift::detector d = tfdrift_fuzz::loaded_detector();
  std::vector<std::string> lines;
  d.process_record(bytes, tfdrift::record_place{"fuzz.json", 0, 1}, [&](const tfdrift::alert& a) {
    tfdrift_fuzz::check_alert(a);
    TFDRIFT_FUZZ_CHECK(a.place.source == "fuzz.json" && a.place.record == 1, tfdrift::to_json_line(a));
    lines.push_back(tfdrift::to_json_line(a));
  });
  tfdrift_fuzz::check_stats(d);
  TFDRIFT_FUZZ_CHECK(d.stats().records_read == 1, d.stats().to_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  TFDRIFT_FUZZ_CHECK(lines.size() <= 1, bytes);
  return 0;
}

}  // namespace tfdrift_fuzz_record

// libFuzzer harness: framing of a buffer (NDJSON, {"Records":[...]}, one value) by detect_framing, split_records
// (its block scan against the byte-by-byte reference) and detector::process.
#include "fuzz_common.hpp"

#include <vector>

namespace tfdrift_fuzz_framing {

namespace {
// Returns the number of lines that are not blank, as process() frames NDJSON.
std::uint64_t nonblank_lines(std::string_view s) {
  std::uint64_t n = 0;
  while (!s.empty()) {
    std::size_t nl = s.find('\n');
    std::string_view line = s.substr(0, nl);
    if (!tfdrift::trim_blanks(line).empty()) ++n;
    s.remove_prefix(nl == std::string_view::npos ? s.size() : nl + 1);
  }
  return n;
}
}  // namespace

int one_input(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);

  // split_records hands out pieces of its input, in order, without overlap.
  std::vector<std::string_view> pieces;
  bool split = tfdrift::split_records(bytes, [&](std::string_view rec) { pieces.push_back(rec); });
  const char* end = bytes.data();
  for (auto p : pieces) {
    TFDRIFT_FUZZ_CHECK(p.data() >= end && p.data() + p.size() <= bytes.data() + bytes.size(), bytes);
    end = p.data() + p.size();
  }
  if (!split) TFDRIFT_FUZZ_CHECK(pieces.empty(), bytes);
  // The 64-byte block scan hands out exactly the pieces of the byte-by-byte one.
  std::vector<std::string_view> reference;
  bool reference_split =
      tfdrift::detail::split_records_with<false>(bytes, [&](std::string_view rec) { reference.push_back(rec); });
  TFDRIFT_FUZZ_CHECK(split == reference_split && pieces.size() == reference.size(), bytes);
  for (std::size_t k = 0; k < pieces.size(); ++k)
    TFDRIFT_FUZZ_CHECK(pieces[k].data() == reference[k].data() && pieces[k].size() == reference[k].size(), bytes);

  // process() reads as many records as the framing says.
  tfdrift::detector d;
  std::size_t alerts = 0;
  d.process(bytes, "fuzz", [&](const tfdrift::alert& a) {
    tfdrift_fuzz::check_alert(a);
    ++alerts;
  });
  tfdrift_fuzz::check_stats(d);
  const auto& s = d.stats();
  std::string_view body = tfdrift::strip_bom(bytes);
  std::string dump = s.to_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (tfdrift::detect_framing(body) == tfdrift::framing::ndjson) {
    TFDRIFT_FUZZ_CHECK(s.records_read == nonblank_lines(body), dump);
  } else if (tfdrift::trim_blanks(body).empty()) {
    TFDRIFT_FUZZ_CHECK(s.records_read == 0, dump);
  } else {
    std::vector<std::string_view> framed;
    if (tfdrift::split_records(body, [&](std::string_view rec) { framed.push_back(rec); }))
      TFDRIFT_FUZZ_CHECK(s.records_read == framed.size(), dump);
  }
  TFDRIFT_FUZZ_CHECK(alerts == s.count(tfdrift::outcome::alert), dump);
  return 0;
}

}  // namespace tfdrift_fuzz_framing

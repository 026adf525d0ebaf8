// Prints tfdrift::version() from a program that finds an installed tfdrift with find_package.
// Includes the umbrella header when it exists, so the whole public API is compiled by a consumer.
// With TFDRIFT_CONSUMER_OPTIONAL (set when it links the gzip and yaml components) it also uses
// <tfdrift/input_gzip.hpp> and <tfdrift/config_yaml.hpp> and fails unless they work.
#if __has_include(<tfdrift/ecs.hpp>)
#include <tfdrift/ecs.hpp>
#endif
#include <tfdrift/version.hpp>

#include <iostream>

#ifdef TFDRIFT_CONSUMER_OPTIONAL
#include <tfdrift/config_yaml.hpp>
#include <tfdrift/input_gzip.hpp>

#include <string>

namespace {
// printf '{"Records":[]}\n' | gzip -9n
constexpr unsigned char records_gz[] = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xab, 0x56, 0x0a, 0x4a, 0x4d, 0xce, 0x2f, 0x4a, 0x29,
    0x56, 0xb2, 0x8a, 0x8e, 0xad, 0xe5, 0x02, 0x00, 0x7d, 0xa5, 0x21, 0xe7, 0x0f, 0x00, 0x00, 0x00};

bool optional_parts_work() {
  const std::string raw(reinterpret_cast<const char*>(records_gz), sizeof records_gz);
  if (tfdrift::decode_input(raw, "x.json.gz") != "{\"Records\":[]}\n") {
    std::cerr << "tfdrift::gzip: decode_input did not inflate the object\n";
    return false;
  }
  const tfdrift::config c = tfdrift::load_config("report_unwatched: false\nregions: [eu-west-1]\n", "c.yaml");
  if (c.report_unwatched || c.regions.size() != 1 || c.regions[0] != "eu-west-1") {
    std::cerr << "tfdrift::yaml: load_config did not read the YAML\n";
    return false;
  }
  return true;
}
}  // namespace
#endif

int main() {
#ifdef TFDRIFT_CONSUMER_OPTIONAL
  if (!optional_parts_work()) return 1;
#endif
  std::cout << tfdrift::version() << '\n';
  return 0;
}

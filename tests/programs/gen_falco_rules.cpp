// Writes tfdrift::falco_rules() to a file, or (--check) fails when the file differs from it: keeps examples/falco/ generated.
#include <tfdrift/falco.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

namespace {

int usage() {
  std::cerr << "usage: tfdrift_gen_falco_rules [--check] FILE\n";
  return 2;
}

// Returns the 1-based line where two texts first differ.
std::size_t first_difference(std::string_view a, std::string_view b) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < a.size() && i < b.size() && a[i] == b[i]; ++i)
    if (a[i] == '\n') ++line;
  return line;
}

}  // namespace

int main(int argc, char** argv) {
  bool check = false;
  std::string path;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--check") check = true;
    else if (path.empty()) path = a;
    else return usage();
  }
  if (path.empty()) return usage();
  const std::string rules = tfdrift::falco_rules();
  if (check) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cerr << path << ": cannot read (generate it with `cmake --build BUILD --target tfdrift_falco_rules`)\n";
      return 1;
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str() != rules) {
      std::cerr << path << ":" << first_difference(text.str(), rules)
                << ": differs from the rules the catalog generates; regenerate it with\n"
                   "  cmake --build BUILD --target tfdrift_falco_rules\n";
      return 1;
    }
    std::cout << path << ": in sync with the catalog (" << rules.size() << " bytes)\n";
    return 0;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << rules;
  out.close();
  if (!out) {
    std::cerr << path << ": cannot write\n";
    return 1;
  }
  return 0;
}

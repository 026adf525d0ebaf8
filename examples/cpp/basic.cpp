// Detects drift in one CloudTrail file against one Terraform state and prints each alert.
#include <tfdrift/ecs.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

static std::string slurp(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: basic STATE.tfstate CLOUDTRAIL.json\n";
    return 2;
  }
  try {
    tfdrift::detector detector;  // the built-in rules: the spec's example config
    detector.load_state(slurp(argv[1]), argv[1]);
    detector.process(slurp(argv[2]), argv[2], [](const tfdrift::alert& a) {
      std::cout << tfdrift::to_text(a) << tfdrift::to_json_line(a) << "\n";
    });
    const auto& stats = detector.stats();
    std::cout << stats.records_read << " records, " << stats.count(tfdrift::outcome::alert) << " alerts\n";
  } catch (const tfdrift::error& e) {
    std::cerr << e.what() << "\n";  // "[tfdrift.state.version] old.tfstate: version 3 is not supported ..."
    return 2;
  }
}

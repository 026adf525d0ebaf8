// Writes the Prometheus exposition after the bundled example and a drift that is then reverted (for promtool check metrics).
#include <tfdrift/ecs.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace {
std::string slurp(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(std::string("cannot open ") + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

// Usage: tfdrift_metrics_exposition STATE TRAIL... > metrics.prom
int main(int argc, char** argv) {
  if (argc < 3) {
    std::fputs("usage: tfdrift_metrics_exposition STATE TRAIL...\n", stderr);
    return 2;
  }
  try {
    tfdrift::detector d;
    d.load_state(slurp(argv[1]), argv[1]);
    std::size_t alerts = 0;
    for (int i = 2; i < argc; ++i) alerts += d.process(slurp(argv[i]), argv[i]).size();
    // Revert every open desired_count drift, so that the resolved series carry values too.
    for (const auto& drift : d.open_drifts()) {
      if (drift.path != "desired_count") continue;
      auto slash = drift.resource_id.find('/');
      nlohmann::json r = {{"eventSource", "ecs.amazonaws.com"}, {"eventName", "UpdateService"},
                          {"eventID", "revert-" + drift.address}, {"eventTime", "2025-03-11T15:00:00Z"},
                          {"awsRegion", drift.region}, {"recipientAccountId", drift.account},
                          {"userAgent", "aws-cli/2.15.30"},
                          {"userIdentity", {{"type", "IAMUser"}, {"userName", "ops-admin"}}},
                          {"requestParameters", {{"cluster", drift.resource_id.substr(0, slash)},
                                                 {"service", drift.resource_id.substr(slash + 1)},
                                                 {"desiredCount", drift.state_value}}}};
      alerts += d.process(r.dump(), "revert").size();
    }
    const std::string text = d.metrics().exposition();
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fprintf(stderr, "%zu alerts, %zu drifts open\n", alerts, d.ledger().size());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tfdrift_metrics_exposition: %s\n", e.what());
    return 2;
  }
}

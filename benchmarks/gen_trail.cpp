// Writes the benchmark's generated CloudTrail (NDJSON and gzip S3 objects) and matching state to a directory.
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "generator.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: gen_trail DIR MEGABYTES [OBJECTS]\n"
                 "  DIR/state.tfstate      a state managing the generated services\n"
                 "  DIR/trail.ndjson       MEGABYTES of mixed CloudTrail, one record per line\n"
                 "  DIR/objects/*.json.gz  OBJECTS gzip S3 objects of 100 records (default 0)\n";
    return 2;
  }
  std::filesystem::path dir = argv[1];
  std::size_t megabytes = std::strtoull(argv[2], nullptr, 10);
  int objects = argc > 3 ? std::atoi(argv[3]) : 0;
  std::filesystem::create_directories(dir / "objects");
  std::ofstream(dir / "state.tfstate") << tfdrift_bench::state(200);
  {
    std::ofstream out(dir / "trail.ndjson", std::ios::binary);
    std::size_t written = 0;
    std::uint64_t seed = 1;
    while (written < megabytes << 20) {
      std::string chunk = tfdrift_bench::ndjson(5000, {}, seed++, 200);
      out << chunk;
      written += chunk.size();
    }
  }
  for (int i = 0; i < objects; ++i) {
    std::string lines = tfdrift_bench::ndjson(100, {}, 1000 + static_cast<std::uint64_t>(i), 200);
    const std::string doc = tfdrift_bench::records_document(lines);
    char name[64];
    std::snprintf(name, sizeof name, "object-%05d.json.gz", i);
    gzFile gz = gzopen((dir / "objects" / name).c_str(), "wb");
    gzwrite(gz, doc.data(), static_cast<unsigned>(doc.size()));
    gzclose(gz);
  }
  return 0;
}

// Measures the memory a 50,000-resource state takes to load: peak and retained, against the file size.
#include <tfdrift/state.hpp>

#include <malloc.h>

#include <fstream>
#include <iostream>
#include <string>

#include "generator.hpp"

static long status_kb(const char* key) {
  std::ifstream f("/proc/self/status");
  std::string k;
  long v = 0;
  while (f >> k)
    if (k == key) {
      f >> v;
      return v;
    }
  return 0;
}

int main() {
  std::string text = tfdrift_bench::state(20000, 50000 - 40016);
  malloc_trim(0);
  long base = status_kb("VmRSS:");
  tfdrift::state_index idx;
  idx.load(text, "big.tfstate");
  long peak = status_kb("VmHWM:") - base;
  malloc_trim(0);
  long retained = status_kb("VmRSS:") - base;
  double file_kb = static_cast<double>(text.size()) / 1024.0;
  std::cout << "{\"file_kb\":" << static_cast<long>(file_kb) << ",\"peak_extra_kb\":" << peak
            << ",\"retained_kb\":" << retained << ",\"peak_ratio\":" << static_cast<double>(peak) / file_kb
            << ",\"instances\":" << idx.instances().size() << "}\n";
}

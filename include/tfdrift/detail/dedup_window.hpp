// The detector's eventID window: the last N eventIDs, as 64-bit hashes, for deduplication.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string_view>
#include <unordered_set>

#include "../version.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

/// Remembers the last N eventIDs (as 64-bit hashes) so memory stays flat on endless streams.
class dedup_window {
 public:
  explicit dedup_window(std::size_t capacity) : capacity_(capacity) {}
  /// Returns true when the id was seen within the window; remembers it otherwise.
  bool seen(std::string_view id) {
    if (capacity_ == 0) return false;
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (unsigned char c : id) h = (h ^ c) * 1099511628211ull;
    if (!set_.insert(h).second) return true;
    order_.push_back(h);
    if (order_.size() > capacity_) {
      set_.erase(order_.front());
      order_.pop_front();
    }
    return false;
  }

 private:
  std::size_t capacity_;
  std::unordered_set<std::uint64_t> set_;
  std::deque<std::uint64_t> order_;
};

}  // namespace detail

TFDRIFT_END_NAMESPACE

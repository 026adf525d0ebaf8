// Stopping a long read on request: the predicate readers poll between chunks and records, and what they throw when it says stop.
#pragma once

#include <exception>
#include <functional>
#include <string>
#include <utility>

#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// Says whether a long read should stop now. Readers that take one (detector::process,
/// read_input_chunks, read_input_file, decode_input, process_input_file, ...) call it between
/// chunks (at most 1 MiB of input or output apart) and between records, never per byte, so a
/// stop is honoured within one chunk or one record. The caller owns what it tests: a flag a
/// signal handler sets, a deadline. tfdrift itself handles no signal. An empty one never stops.
using stop_predicate = std::function<bool()>;

/// Thrown by a read whose stop_predicate said stop. Everything before where() was passed on
/// (chunks to the callback, records to the detector, each whole), nothing from there on. Not a
/// tfdrift::error: nothing is wrong with the input; it was cut short.
class stopped : public std::exception {
 public:
  explicit stopped(std::string where) : where_(std::move(where)), what_("stopped on request at " + where_) {}

  /// Returns where the read stopped: the file, or the record ("trail.json#7", "a.ndjson:12")
  /// that was not read.
  const std::string& where() const noexcept { return where_; }
  /// Returns "stopped on request at WHERE".
  const char* what() const noexcept override { return what_.c_str(); }

 private:
  std::string where_, what_;
};

namespace detail {
// True when a stop was asked for (an empty predicate never asks).
inline bool stop_asked(const stop_predicate& stop) { return stop && stop(); }
}  // namespace detail

TFDRIFT_END_NAMESPACE

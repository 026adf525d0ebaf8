// The one exception type of tfdrift: a stable id, the place, and a message.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// Carries a stable id (e.g. "tfdrift.state.version"), the place (file, line or
/// record number) and a message; what() reads "[id] place: message".
class error : public std::runtime_error {
 public:
  error(std::string id, std::string where, const std::string& message)
      : std::runtime_error(format(id, where, message)),
        id_(std::move(id)),
        where_(std::move(where)),
        message_(message) {}

  /// Returns the stable id, such as "tfdrift.state.parse".
  const std::string& id() const noexcept { return id_; }
  /// Returns the place the error was found ("terraform.tfstate", "trail.ndjson:12").
  const std::string& where() const noexcept { return where_; }
  /// Returns the message without id and place.
  const std::string& message() const noexcept { return message_; }

 private:
  static std::string format(const std::string& id, const std::string& where,
                            const std::string& message) {
    std::string s = "[" + id + "] ";
    if (!where.empty()) s += where + ": ";
    return s + message;
  }
  std::string id_, where_, message_;
};

TFDRIFT_END_NAMESPACE

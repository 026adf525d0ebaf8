// Version of the tfdrift library, written once and read by CMake, Python and the C ABI.
#pragma once

#define TFDRIFT_VERSION_MAJOR 0
#define TFDRIFT_VERSION_MINOR 1
#define TFDRIFT_VERSION_PATCH 0

#define TFDRIFT_STRINGIFY_IMPL(x) #x
#define TFDRIFT_STRINGIFY(x) TFDRIFT_STRINGIFY_IMPL(x)
#define TFDRIFT_VERSION_STRING                                                  \
  TFDRIFT_STRINGIFY(TFDRIFT_VERSION_MAJOR)                                      \
  "." TFDRIFT_STRINGIFY(TFDRIFT_VERSION_MINOR) "." TFDRIFT_STRINGIFY(TFDRIFT_VERSION_PATCH)

// The API lives in a versioned inline namespace so that two copies of tfdrift in
// one process (a Python module and a Go binary, say) never collide.
#define TFDRIFT_ABI_TAG_CONCAT_IMPL(a, b, c) v##a##_##b##_##c
#define TFDRIFT_ABI_TAG_CONCAT(a, b, c) TFDRIFT_ABI_TAG_CONCAT_IMPL(a, b, c)
#define TFDRIFT_ABI_NAMESPACE                                                   \
  TFDRIFT_ABI_TAG_CONCAT(TFDRIFT_VERSION_MAJOR, TFDRIFT_VERSION_MINOR, TFDRIFT_VERSION_PATCH)

#define TFDRIFT_BEGIN_NAMESPACE                                                 \
  namespace tfdrift {                                                           \
  inline namespace TFDRIFT_ABI_NAMESPACE {
#define TFDRIFT_END_NAMESPACE                                                   \
  }                                                                             \
  }

#include <string_view>

TFDRIFT_BEGIN_NAMESPACE
/// Returns the library version as "MAJOR.MINOR.PATCH".
inline constexpr std::string_view version() noexcept { return TFDRIFT_VERSION_STRING; }
TFDRIFT_END_NAMESPACE

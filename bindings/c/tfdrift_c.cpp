// The one implementation file of tfdrift's C ABI (include/tfdrift/tfdrift.h) over the header-only core.
#include <tfdrift/tfdrift.h>

#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <utility>

#include <tfdrift/catalog_text.hpp>
#include <tfdrift/ecs.hpp>
#include <tfdrift/falco.hpp>

struct tfdrift_detector {
  tfdrift::detector core;
};

struct tfdrift_buffer {
  std::string bytes;
};

struct tfdrift_error {
  tfdrift_status status;
  std::string id, where, message;
};

namespace {

// A wrong argument found by the C layer itself; never crosses the ABI.
struct argument_error {
  const char* message;
};

// Stores a new error in *err when the caller asked for one; a failure to allocate it leaves
// *err NULL, which the header allows for TFDRIFT_E_NOMEM.
tfdrift_status fail(tfdrift_error** err, tfdrift_status status, std::string_view id, std::string_view where,
                    std::string_view message) noexcept {
  if (err) {
    try {
      *err = new tfdrift_error{status, std::string(id), std::string(where), std::string(message)};
    } catch (...) {
      *err = nullptr;
    }
  }
  return status;
}

bool starts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.substr(0, prefix.size()) == prefix;
}

tfdrift_status status_of(std::string_view id) noexcept {
  if (starts_with(id, "tfdrift.state.")) return TFDRIFT_E_STATE;
  if (starts_with(id, "tfdrift.config.")) return TFDRIFT_E_CONFIG;
  if (starts_with(id, "tfdrift.input.") || starts_with(id, "tfdrift.alert.")) return TFDRIFT_E_INPUT;
  return TFDRIFT_E_INTERNAL;
}

// Runs the body of an exported function and turns every exception into a status (and an
// error object). `fn` names the function as the place of errors the C layer finds.
template <class Body>
tfdrift_status guarded(const char* fn, tfdrift_error** err, Body&& body) noexcept {
  // A leftover error in *err would be overwritten and leak: refuse the call instead.
  if (err && *err) return TFDRIFT_E_INVALID_ARGUMENT;
  try {
    body();
    return TFDRIFT_OK;
  } catch (const argument_error& e) {
    return fail(err, TFDRIFT_E_INVALID_ARGUMENT, "tfdrift.c.invalid_argument", fn, e.message);
  } catch (const tfdrift::error& e) {
    return fail(err, status_of(e.id()), e.id(), e.where(), e.message());
  } catch (const std::bad_alloc&) {
    return fail(err, TFDRIFT_E_NOMEM, "tfdrift.c.nomem", fn, "out of memory");
  } catch (const std::exception& e) {
    return fail(err, TFDRIFT_E_INTERNAL, "tfdrift.c.internal", fn, e.what());
  } catch (...) {
    return fail(err, TFDRIFT_E_INTERNAL, "tfdrift.c.internal", fn, "unknown exception");
  }
}

void require(bool ok, const char* message) {
  if (!ok) throw argument_error{message};
}

// Returns the bytes of a (pointer, length) pair; NULL is allowed only with length 0.
std::string_view bytes_of(const char* bytes, std::size_t len, const char* message) {
  require(bytes || len == 0, message);
  return bytes ? std::string_view(bytes, len) : std::string_view{};
}

std::string_view name_or(const char* name, std::string_view fallback) noexcept {
  return name ? std::string_view(name) : fallback;
}

// Hands a string to the caller as a new buffer.
void give(tfdrift_buffer** out, std::string&& bytes) { *out = new tfdrift_buffer{std::move(bytes)}; }

// Collects alerts as NDJSON: exactly what `tfdrift detect --format ndjson` prints per alert.
struct ndjson_sink {
  std::string* out;  // nullptr when the caller wants no alerts
  void operator()(const tfdrift::alert& a) const {
    if (!out) return;
    *out += tfdrift::to_json_line(a);
    *out += '\n';
  }
};

}  // namespace

extern "C" {

int tfdrift_abi_version(void) noexcept { return TFDRIFT_ABI_VERSION; }

const char* tfdrift_version(void) noexcept { return TFDRIFT_VERSION_STRING; }

const char* tfdrift_status_name(int status) noexcept {
  switch (status) {
    case TFDRIFT_OK: return "TFDRIFT_OK";
    case TFDRIFT_E_INVALID_ARGUMENT: return "TFDRIFT_E_INVALID_ARGUMENT";
    case TFDRIFT_E_STATE: return "TFDRIFT_E_STATE";
    case TFDRIFT_E_CONFIG: return "TFDRIFT_E_CONFIG";
    case TFDRIFT_E_INPUT: return "TFDRIFT_E_INPUT";
    case TFDRIFT_E_NOMEM: return "TFDRIFT_E_NOMEM";
    case TFDRIFT_E_INTERNAL: return "TFDRIFT_E_INTERNAL";
    default: return "TFDRIFT_E_UNKNOWN";
  }
}

tfdrift_status tfdrift_detector_new(const char* config_json, size_t len, tfdrift_detector** out,
                                    tfdrift_error** err) noexcept {
  if (out) *out = nullptr;
  return guarded("tfdrift_detector_new", err, [&] {
    require(out != nullptr, "out is NULL");
    std::string_view text = bytes_of(config_json, len, "config_json is NULL but len is not 0");
    tfdrift::config cfg = tfdrift::trim_blanks(text).empty() ? tfdrift::default_config()
                                                               : tfdrift::parse_config(text, "<config>");
    *out = new tfdrift_detector{tfdrift::detector(std::move(cfg))};
  });
}

void tfdrift_detector_free(tfdrift_detector** detector) noexcept {
  if (!detector) return;
  delete *detector;
  *detector = nullptr;
}

tfdrift_status tfdrift_detector_load_state(tfdrift_detector* detector, const char* bytes, size_t len,
                                           const char* name, tfdrift_error** err) noexcept {
  return guarded("tfdrift_detector_load_state", err, [&] {
    require(detector != nullptr, "detector is NULL");
    std::string_view text = bytes_of(bytes, len, "bytes is NULL but len is not 0");
    detector->core.load_state(text, name_or(name, "terraform.tfstate"));
  });
}

tfdrift_status tfdrift_detector_process(tfdrift_detector* detector, const char* bytes, size_t len,
                                        const char* source_name, tfdrift_buffer** alerts_ndjson,
                                        tfdrift_error** err) noexcept {
  if (alerts_ndjson) *alerts_ndjson = nullptr;
  return guarded("tfdrift_detector_process", err, [&] {
    require(detector != nullptr, "detector is NULL");
    std::string_view text = bytes_of(bytes, len, "bytes is NULL but len is not 0");
    std::string out;
    detector->core.process(text, name_or(source_name, "<input>"), ndjson_sink{alerts_ndjson ? &out : nullptr});
    if (alerts_ndjson) give(alerts_ndjson, std::move(out));
  });
}

tfdrift_status tfdrift_detector_process_line(tfdrift_detector* detector, const char* bytes, size_t len,
                                             const char* source_name, uint64_t line_no,
                                             tfdrift_buffer** alerts_ndjson, tfdrift_error** err) noexcept {
  if (alerts_ndjson) *alerts_ndjson = nullptr;
  return guarded("tfdrift_detector_process_line", err, [&] {
    require(detector != nullptr, "detector is NULL");
    std::string_view text = bytes_of(bytes, len, "bytes is NULL but len is not 0");
    std::string_view source = name_or(source_name, "<input>");
    if (auto nl = text.find('\n'); nl != std::string_view::npos) {
      std::string where(source);
      if (line_no) where += ":" + std::to_string(line_no);
      throw tfdrift::error("tfdrift.input.line", std::move(where),
                           "the line holds a newline at byte " + std::to_string(nl) +
                               "; pass one line without its newline, or the whole buffer to "
                               "tfdrift_detector_process");
    }
    std::string out;
    detector->core.process_line(text, source, line_no, ndjson_sink{alerts_ndjson ? &out : nullptr});
    if (alerts_ndjson) give(alerts_ndjson, std::move(out));
  });
}

size_t tfdrift_detector_max_record_bytes(const tfdrift_detector* detector) noexcept {
  return detector ? detector->core.settings().limits.max_record_bytes : 0;
}

tfdrift_status tfdrift_detector_stats_json(const tfdrift_detector* detector, tfdrift_buffer** stats_json,
                                           tfdrift_error** err) noexcept {
  if (stats_json) *stats_json = nullptr;
  return guarded("tfdrift_detector_stats_json", err, [&] {
    require(detector != nullptr, "detector is NULL");
    require(stats_json != nullptr, "stats_json is NULL");
    // Source names come from the caller and may not be UTF-8: replace, never throw.
    give(stats_json, tfdrift::json_text(detector->core.stats().to_json()));
  });
}

tfdrift_status tfdrift_alert_format(const char* alert_json, size_t len, const char* format, tfdrift_buffer** out,
                                    tfdrift_error** err) noexcept {
  if (out) *out = nullptr;
  return guarded("tfdrift_alert_format", err, [&] {
    require(out != nullptr, "out is NULL");
    require(format != nullptr, "format is NULL");
    std::string_view text = bytes_of(alert_json, len, "alert_json is NULL but len is not 0");
    std::string_view fmt = format;
    require(fmt == "text" || fmt == "markdown" || fmt == "ndjson", "format is not text, markdown or ndjson");
    tfdrift::alert a = tfdrift::alert_from_json(text, "alert");
    if (fmt == "text") give(out, tfdrift::to_text(a));
    else if (fmt == "markdown") give(out, tfdrift::to_markdown(a));
    else give(out, tfdrift::to_json_line(a) + "\n");
  });
}

tfdrift_status tfdrift_catalog_text(tfdrift_buffer** text, tfdrift_error** err) noexcept {
  if (text) *text = nullptr;
  return guarded("tfdrift_catalog_text", err, [&] {
    require(text != nullptr, "text is NULL");
    give(text, tfdrift::catalog_text());
  });
}

tfdrift_status tfdrift_catalog_json(tfdrift_buffer** json, tfdrift_error** err) noexcept {
  if (json) *json = nullptr;
  return guarded("tfdrift_catalog_json", err, [&] {
    require(json != nullptr, "json is NULL");
    give(json, tfdrift::catalog_json().dump());
  });
}

tfdrift_status tfdrift_falco_rules(tfdrift_buffer** yaml, tfdrift_error** err) noexcept {
  if (yaml) *yaml = nullptr;
  return guarded("tfdrift_falco_rules", err, [&] {
    require(yaml != nullptr, "yaml is NULL");
    give(yaml, tfdrift::falco_rules());
  });
}

const char* tfdrift_buffer_data(const tfdrift_buffer* buffer) noexcept {
  return buffer ? buffer->bytes.c_str() : "";
}

size_t tfdrift_buffer_size(const tfdrift_buffer* buffer) noexcept { return buffer ? buffer->bytes.size() : 0; }

void tfdrift_buffer_free(tfdrift_buffer** buffer) noexcept {
  if (!buffer) return;
  delete *buffer;
  *buffer = nullptr;
}

const char* tfdrift_error_id(const tfdrift_error* error) noexcept { return error ? error->id.c_str() : ""; }

const char* tfdrift_error_message(const tfdrift_error* error) noexcept {
  return error ? error->message.c_str() : "";
}

const char* tfdrift_error_where(const tfdrift_error* error) noexcept { return error ? error->where.c_str() : ""; }

tfdrift_status tfdrift_error_status(const tfdrift_error* error) noexcept {
  return error ? error->status : TFDRIFT_OK;
}

void tfdrift_error_free(tfdrift_error** error) noexcept {
  if (!error) return;
  delete *error;
  *error = nullptr;
}

}  // extern "C"

/* The C ABI of tfdrift: a detector behind an opaque handle, alerts as tfdrift.alert.v1 NDJSON. */
#ifndef TFDRIFT_TFDRIFT_H
#define TFDRIFT_TFDRIFT_H

/*
 * Conventions, the same for every function:
 *
 * - Every function returns a tfdrift_status (TFDRIFT_OK on success) or a plain value,
 *   never throws, never aborts, and keeps no thread-local state: a caller may move
 *   between threads between calls (Go does).
 * - Inputs are borrowed for the length of the call: the library copies whatever it
 *   keeps. Byte inputs are (pointer, length) pairs; the pointer may be NULL only when
 *   the length is 0. Names (`name`, `source_name`) are NUL-terminated strings; NULL
 *   takes a default.
 * - Outputs: a function that creates an object stores it in an out parameter; the
 *   caller owns it and frees it with the matching tfdrift_*_free(&obj), which accepts
 *   NULL and a pointer to NULL and sets the caller's pointer to NULL. On failure the
 *   out parameter is set to NULL.
 * - Errors: `err` may be NULL (the caller wants only the status). Otherwise `*err` must
 *   be NULL on entry; on failure the function stores a new error object there (the
 *   caller frees it with tfdrift_error_free), and on success it leaves `*err` NULL.
 *   When memory runs out the status is TFDRIFT_E_NOMEM and `*err` may stay NULL.
 * - A detector is used by one thread at a time; different detectors are independent
 *   and may be used from different threads at once. Functions without a detector are
 *   safe to call from any thread at any time.
 */

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) && defined(TFDRIFT_C_BUILDING)
#define TFDRIFT_C_API __declspec(dllexport)
#elif defined(_WIN32) && !defined(TFDRIFT_C_STATIC)
#define TFDRIFT_C_API __declspec(dllimport)
#elif defined(__GNUC__) && defined(TFDRIFT_C_BUILDING)
#define TFDRIFT_C_API __attribute__((visibility("default")))
#else
#define TFDRIFT_C_API
#endif

#ifdef __cplusplus
#define TFDRIFT_C_NOEXCEPT noexcept
extern "C" {
#else
#define TFDRIFT_C_NOEXCEPT
#endif

/* The version of this C ABI. It changes only when a function's signature or meaning
 * changes incompatibly, and it is the shared library's SOVERSION (libtfdrift.so.1). */
#define TFDRIFT_ABI_VERSION 1

/* What a function's call came to. */
typedef enum tfdrift_status {
  TFDRIFT_OK = 0,
  TFDRIFT_E_INVALID_ARGUMENT = 1, /* a required pointer was NULL, or a length without bytes */
  TFDRIFT_E_STATE = 2,            /* a Terraform state could not be loaded (tfdrift.state.*) */
  TFDRIFT_E_CONFIG = 3,           /* the config is not valid (tfdrift.config.*) */
  TFDRIFT_E_INPUT = 4,            /* the input cannot be processed at all (tfdrift.input.*) */
  TFDRIFT_E_NOMEM = 5,            /* memory ran out */
  TFDRIFT_E_INTERNAL = 6          /* any other failure: a bug in tfdrift */
} tfdrift_status;

/* A drift detector: the loaded states, the config and the counts. Opaque. */
typedef struct tfdrift_detector tfdrift_detector;
/* Bytes the library returns; owned by the caller, freed with tfdrift_buffer_free. Opaque. */
typedef struct tfdrift_buffer tfdrift_buffer;
/* A failure: a stable id, a place and a message; owned by the caller, freed with
 * tfdrift_error_free. Opaque. */
typedef struct tfdrift_error tfdrift_error;

/* ---- versions ------------------------------------------------------------------------ */

/* Returns the ABI version the library was built with; compare it with TFDRIFT_ABI_VERSION
 * to check that the header and the loaded library agree. */
TFDRIFT_C_API int tfdrift_abi_version(void) TFDRIFT_C_NOEXCEPT;

/* Returns the library version, "MAJOR.MINOR.PATCH", as a static NUL-terminated string that
 * the library owns (never free it). */
TFDRIFT_C_API const char* tfdrift_version(void) TFDRIFT_C_NOEXCEPT;

/* Returns the name of a status ("TFDRIFT_E_STATE"), or "TFDRIFT_E_UNKNOWN" for a value that
 * is not a status, as a static string the library owns. */
TFDRIFT_C_API const char* tfdrift_status_name(int status) TFDRIFT_C_NOEXCEPT;

/* ---- detectors ----------------------------------------------------------------------- */

/* Creates a detector from a config given as JSON text (config_json, len bytes; the same
 * document as the CLI's --config file in JSON). NULL or an empty text takes the built-in
 * config. Stores the new detector in *out (the caller owns it and frees it with
 * tfdrift_detector_free). Fails with TFDRIFT_E_CONFIG (id tfdrift.config.*) when the
 * config is not valid, and TFDRIFT_E_INVALID_ARGUMENT when out is NULL. */
TFDRIFT_C_API tfdrift_status tfdrift_detector_new(const char* config_json, size_t len,
                                                  tfdrift_detector** out,
                                                  tfdrift_error** err) TFDRIFT_C_NOEXCEPT;

/* Frees a detector and everything it holds, then sets *detector to NULL. Accepts NULL and
 * a pointer to NULL (does nothing). */
TFDRIFT_C_API void tfdrift_detector_free(tfdrift_detector** detector) TFDRIFT_C_NOEXCEPT;

/* Loads one Terraform state (format version 4: bytes, len) under a name that alerts
 * report as their state_file (NULL takes "terraform.tfstate"). Call it once per state
 * file; the detector copies what it needs. Fails with TFDRIFT_E_STATE and the id
 * tfdrift.state.parse (not JSON), tfdrift.state.version (not format 4) or
 * tfdrift.state.shape, the name as place; the detector keeps the states loaded before. */
TFDRIFT_C_API tfdrift_status tfdrift_detector_load_state(tfdrift_detector* detector,
                                                         const char* bytes, size_t len,
                                                         const char* name,
                                                         tfdrift_error** err) TFDRIFT_C_NOEXCEPT;

/* Processes a buffer (bytes, len): one CloudTrail record, a {"Records":[...]} document,
 * NDJSON (one record or Falco alert per line) or one Falco alert, the framing guessed as
 * the CLI does. source_name names the input in each alert's place (NULL takes "<input>").
 * Records that cannot be read are counted as malformed (see tfdrift_detector_stats_json),
 * not failed. Stores in *alerts_ndjson a new buffer (owned by the caller) holding one line
 * per alert, in input order: the tfdrift.alert.v1 JSON followed by "\n", byte for byte
 * what `tfdrift detect --format ndjson` prints; the buffer is empty when there is no
 * alert. alerts_ndjson may be NULL when the caller wants only the counts. */
TFDRIFT_C_API tfdrift_status tfdrift_detector_process(tfdrift_detector* detector,
                                                      const char* bytes, size_t len,
                                                      const char* source_name,
                                                      tfdrift_buffer** alerts_ndjson,
                                                      tfdrift_error** err) TFDRIFT_C_NOEXCEPT;

/* Processes one line of an NDJSON stream (bytes, len; without its "\n"; a trailing "\r"
 * and surrounding blanks are ignored, a blank line is no record) read from source_name
 * (NULL takes "<input>") at 1-based line number line_no (0 when not known). Records are
 * numbered per source_name across calls, so feeding a stream line by line gives the same
 * alerts, places and counts as tfdrift_detector_process on the whole stream. Output as for
 * tfdrift_detector_process. Fails with TFDRIFT_E_INPUT (id tfdrift.input.line) when the
 * bytes hold a "\n". */
TFDRIFT_C_API tfdrift_status tfdrift_detector_process_line(tfdrift_detector* detector,
                                                           const char* bytes, size_t len,
                                                           const char* source_name,
                                                           uint64_t line_no,
                                                           tfdrift_buffer** alerts_ndjson,
                                                           tfdrift_error** err) TFDRIFT_C_NOEXCEPT;

/* Returns the longest record, in bytes, that the detector reads (the config's
 * limits.max_record_bytes, 64 MiB by default); a longer one is counted as malformed. A caller
 * that splits a stream into lines needs to keep no more than this plus one byte of a line.
 * Returns 0 for NULL. */
TFDRIFT_C_API size_t tfdrift_detector_max_record_bytes(const tfdrift_detector* detector) TFDRIFT_C_NOEXCEPT;

/* Stores in *stats_json a new buffer (owned by the caller) with the detector's counts so
 * far as one line of JSON without a newline: records_read, bytes_read, outcomes (alert,
 * not_ecs, read_only, failed_call, terraform, ignored, out_of_scope, out_of_range, untracked,
 * no_change, duplicate, malformed; they sum to records_read), alerts_by_severity, alerts_by_kind,
 * by_event, malformed. */
TFDRIFT_C_API tfdrift_status tfdrift_detector_stats_json(const tfdrift_detector* detector,
                                                         tfdrift_buffer** stats_json,
                                                         tfdrift_error** err) TFDRIFT_C_NOEXCEPT;

/* ---- rendering an alert -------------------------------------------------------------- */

/* Renders one alert, given as its tfdrift.alert.v1 JSON (bytes, len: one line of what
 * tfdrift_detector_process returns, with or without its "\n"), in format "text" (the
 * spec's form, byte for byte what `tfdrift detect --format text` prints for it), "markdown"
 * (what --format markdown prints) or "ndjson" (the line again, with its "\n"). Stores in
 * *out a new buffer (owned by the caller). Fails with TFDRIFT_E_INPUT and the id
 * tfdrift.alert.parse (not JSON), tfdrift.alert.schema (another schema) or
 * tfdrift.alert.shape (a field missing or of the wrong type), and with
 * TFDRIFT_E_INVALID_ARGUMENT for another format. Added in 0.1 without an ABI change. */
TFDRIFT_C_API tfdrift_status tfdrift_alert_format(const char* alert_json, size_t len,
                                                  const char* format,
                                                  tfdrift_buffer** out,
                                                  tfdrift_error** err) TFDRIFT_C_NOEXCEPT;

/* ---- catalog and Falco rules --------------------------------------------------------- */

/* Stores in *text a new buffer (owned by the caller) listing the ECS catalog as text: the
 * CloudTrail events tfdrift tracks and the Terraform resource types with their watched
 * attributes (what `tfdrift catalog` prints). */
TFDRIFT_C_API tfdrift_status tfdrift_catalog_text(tfdrift_buffer** text,
                                                  tfdrift_error** err) TFDRIFT_C_NOEXCEPT;

/* Stores in *json a new buffer (owned by the caller) with the ECS catalog as one JSON object
 * (UTF-8, no trailing newline): "events" with each event's field map, "resource_types" and
 * "attribute_aliases"; byte for byte what Python's tfdrift.catalog() reads and, indented,
 * what `tfdrift catalog --format json` prints. */
TFDRIFT_C_API tfdrift_status tfdrift_catalog_json(tfdrift_buffer** json,
                                                  tfdrift_error** err) TFDRIFT_C_NOEXCEPT;

/* Stores in *yaml a new buffer (owned by the caller) with Falco rules (YAML) for the ECS
 * events, written with the cloudtrail plugin's real fields. */
TFDRIFT_C_API tfdrift_status tfdrift_falco_rules(tfdrift_buffer** yaml,
                                                 tfdrift_error** err) TFDRIFT_C_NOEXCEPT;

/* ---- buffers ------------------------------------------------------------------------- */

/* Returns the bytes of a buffer, owned by the buffer and valid until it is freed; they are
 * followed by a NUL that tfdrift_buffer_size does not count. Returns "" for NULL. */
TFDRIFT_C_API const char* tfdrift_buffer_data(const tfdrift_buffer* buffer) TFDRIFT_C_NOEXCEPT;

/* Returns the number of bytes in a buffer (0 for NULL). */
TFDRIFT_C_API size_t tfdrift_buffer_size(const tfdrift_buffer* buffer) TFDRIFT_C_NOEXCEPT;

/* Frees a buffer and sets *buffer to NULL. Accepts NULL and a pointer to NULL. */
TFDRIFT_C_API void tfdrift_buffer_free(tfdrift_buffer** buffer) TFDRIFT_C_NOEXCEPT;

/* ---- errors -------------------------------------------------------------------------- */

/* Returns the error's stable id, such as "tfdrift.state.parse" or
 * "tfdrift.c.invalid_argument"; owned by the error, valid until it is freed. "" for NULL. */
TFDRIFT_C_API const char* tfdrift_error_id(const tfdrift_error* error) TFDRIFT_C_NOEXCEPT;

/* Returns the error's message without id and place; owned by the error. "" for NULL. */
TFDRIFT_C_API const char* tfdrift_error_message(const tfdrift_error* error) TFDRIFT_C_NOEXCEPT;

/* Returns where the error was found: a file name with line and column, a state name, or
 * the C function whose argument was wrong; owned by the error. May be "". "" for NULL. */
TFDRIFT_C_API const char* tfdrift_error_where(const tfdrift_error* error) TFDRIFT_C_NOEXCEPT;

/* Returns the status the failing call returned (TFDRIFT_OK for NULL). */
TFDRIFT_C_API tfdrift_status tfdrift_error_status(const tfdrift_error* error) TFDRIFT_C_NOEXCEPT;

/* Frees an error and sets *error to NULL. Accepts NULL and a pointer to NULL. */
TFDRIFT_C_API void tfdrift_error_free(tfdrift_error** error) TFDRIFT_C_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* TFDRIFT_TFDRIFT_H */

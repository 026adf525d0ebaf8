// Reading input files for the tools and bindings: plain or gzip (CloudTrail's S3 objects), in chunks or whole, and directory walks in name order.
#pragma once

// Needs zlib, and ISA-L or libdeflate when TFDRIFT_HAVE_ISAL or TFDRIFT_HAVE_LIBDEFLATE is set
// (link the CMake target tfdrift::gzip, which brings what tfdrift was built with) and threads
// (read_input_chunks_overlapped); not part of the header-only core.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "awslogs.hpp"
#include "detector.hpp"
#include "error.hpp"
#include "stop.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// The most bytes a whole-file read (a document, a state, a config, a ledger) holds, and the
/// most a gzip file decompresses to, unless the caller gives another limit: 1 GiB.
inline constexpr std::uint64_t default_max_file_bytes = std::uint64_t{1} << 30;

/// Returns true when a file name says the file is gzip-compressed (ends in ".gz").
inline bool is_gzip_name(std::string_view path) noexcept;

/// Returns true when a file name says it holds one record per line: .ndjson or .jsonl,
/// optionally followed by .gz.
inline bool is_ndjson_name(std::string_view path) noexcept;

/// Returns true when a directory walk reads a file of this name: .json, .ndjson or .jsonl,
/// each optionally gzip-compressed.
inline bool is_input_name(std::string_view path) noexcept;

/// Reads a file in chunks of at most `chunk` bytes and calls fn(std::string_view) for each.
/// A file that starts with the gzip magic bytes (or whose name ends in ".gz") is
/// decompressed, every member of a multi-member gzip file in turn (with ISA-L when tfdrift
/// was built with it, else zlib). Memory stays at about two chunks whatever the file's size.
/// Throws tfdrift::error with id tfdrift.input.read (cannot open or read) or
/// tfdrift.input.gzip (corrupt or truncated gzip), the path as place; chunks before the
/// damage have already been passed to fn. A gzip file that decompresses to more than
/// `max_decompressed` bytes ends with tfdrift.input.size (a gzip bomb); plain bytes are not
/// limited here (a stream of any size is read in chunks). `stop` is asked before each chunk
/// is read or inflated: when it says stop, tfdrift::stopped (with the path) is thrown, the
/// chunks before it having been passed to fn.
template <class Fn>
void read_input_chunks(const std::string& path, Fn&& fn, std::size_t chunk = std::size_t{1} << 20,
                       std::uint64_t max_decompressed = default_max_file_bytes, const stop_predicate& stop = {});

/// Does what read_input_chunks does, with the reading and inflating in a thread of its own
/// that runs up to `buffers` chunks ahead of fn, so that inflating one chunk overlaps the
/// work fn does on the one before. fn is called in this thread, in order, with the same
/// chunks, and the same errors come after the same chunks. `stop` is asked here, before each
/// chunk is passed on (the reader thread never calls it: it may read what fn changes); a stop
/// ends the reader within one chunk. Memory: `buffers` + 1 chunks. A path that is not a
/// regular file (a FIFO, a device) is read by read_input_chunks in this thread, so that a
/// signal can interrupt a read that waits.
template <class Fn>
void read_input_chunks_overlapped(const std::string& path, Fn&& fn, std::size_t chunk = std::size_t{1} << 20,
                                  std::uint64_t max_decompressed = default_max_file_bytes,
                                  const stop_predicate& stop = {}, std::size_t buffers = 4);

/// Does what read_input_chunks does for the raw bytes of a file already in memory (an S3
/// object, say), named `name` (which says ".gz", and is the place in errors).
template <class Fn>
void read_input_bytes(std::string_view raw, const std::string& name, Fn&& fn, std::size_t chunk = std::size_t{1} << 20,
                      std::uint64_t max_decompressed = default_max_file_bytes, const stop_predicate& stop = {});

/// Returns the content of a file whose raw bytes are in memory, named `name`: decompressed
/// when it is gzip (every member), else as it is: objects under 16 KiB compressed with
/// libdeflate when compiled in, larger ones with ISA-L when compiled in, else with what there
/// is (zlib at least). Throws tfdrift::error with id tfdrift.input.gzip and the name, and
/// tfdrift.input.size when it decompresses to more than max_bytes (a gzip bomb; memory stays
/// within about twice max_bytes). `stop` is asked at least once per 64 MiB decompressed
/// (throws tfdrift::stopped with the name).
inline std::string decode_input(std::string raw, const std::string& name,
                                std::uint64_t max_bytes = default_max_file_bytes, const stop_predicate& stop = {});

/// Returns the whole content of a file, decompressed when it is gzip (every member).
/// Throws tfdrift::error with id tfdrift.input.read or tfdrift.input.gzip and the path, and
/// tfdrift.input.size when the content (decompressed, for gzip) is larger than max_bytes:
/// memory stays within about twice max_bytes whatever the file (a gzip bomb, /dev/zero).
/// `stop` is asked per chunk read and inflated (throws tfdrift::stopped with the path).
inline std::string read_input_file(const std::string& path, std::uint64_t max_bytes = default_max_file_bytes,
                                   const stop_predicate& stop = {});

/// Returns the gzip inflaters compiled in, fastest first, separated by spaces
/// ("isal libdeflate zlib"; zlib alone when tfdrift was built without the others).
inline std::string gzip_inflaters();

/// Feeds one NDJSON line to a detector: a line that is a whole CloudTrail object is read as a
/// document named "source:line", any other line as one record.
template <class Sink>
void process_input_line(detector& d, std::string_view text, const std::string& source, std::uint64_t line,
                        Sink&& sink);

/// Reads one input file into a detector the way the tfdrift command does: NDJSON (.ndjson,
/// .jsonl, optionally .gz) streamed in chunks line by line, lines capped at the config's
/// record limit (a .gz stream inflated in a thread of its own, read_input_chunks_overlapped);
/// anything else read whole and framed by its content. Calls on_bytes(n) with
/// the bytes read (after decompression). Throws tfdrift::error (tfdrift.input.read,
/// tfdrift.input.gzip); records before damage in a stream have been processed. `stop` is asked
/// per chunk and per record of a whole file: when it says stop, tfdrift::stopped is thrown,
/// the records before it having been processed.
template <class Sink, class OnBytes>
void process_input_file(detector& d, const std::string& path, Sink&& sink, OnBytes&& on_bytes,
                        const stop_predicate& stop = {});

/// Does what process_input_file does for the raw bytes of a file already in memory (an S3
/// object read through fsspec, say) named `name`, so that its alerts are byte for byte those
/// of the same file read from disk under that name.
template <class Sink, class OnBytes>
void process_input_bytes(detector& d, std::string_view raw, const std::string& name, Sink&& sink, OnBytes&& on_bytes,
                         const stop_predicate& stop = {});

/// Returns the input files a PATH names: the path itself when it is a file (whatever its
/// name), or, for a directory, every .json, .json.gz, .ndjson, .jsonl (and .ndjson.gz,
/// .jsonl.gz) file below it, walked depth-first with each directory's entries in name
/// order (so AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/ comes out in time order).
/// Hidden entries and CloudTrail-Digest directories are skipped, and so is every directory
/// and file whose AWSLogs layout the filter rules out (awslogs_filter::may_hold; the path
/// itself too). Throws tfdrift::error with id tfdrift.input.read and the path when the path
/// does not exist or cannot be listed.
inline std::vector<std::string> list_input_files(const std::string& path, const awslogs_filter& filter = {});

/// list_input_files, but a directory below `path` that cannot be listed is added to `errors`
/// (tfdrift.input.read with that directory) and the other entries are still listed. Throws
/// as list_input_files when `path` itself does not exist or cannot be listed.
inline std::vector<std::string> list_input_files(const std::string& path, std::vector<error>& errors,
                                                 const awslogs_filter& filter = {});

TFDRIFT_END_NAMESPACE

#include "detail/input_gzip-inl.hpp"

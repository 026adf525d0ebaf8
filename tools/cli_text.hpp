// The tfdrift command's help text and number formatting for its summary and progress line.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace cli {

// The usage lines, once: the short usage and the help both start with them.
#define TFDRIFT_CLI_USAGE \
    "usage: tfdrift detect --state FILE [--state FILE ...] [--config FILE]\n" \
    "                      [--format text|json|ndjson|markdown] [--output FILE]\n" \
    "                      [--explain EVENT_ID] [--jobs N] [--metrics-file FILE]\n" \
    "                      [--ledger FILE] [--since TIME] [--until TIME]\n" \
    "                      [--accounts LIST] [--regions LIST] PATH... | -\n" \
    "       tfdrift catalog [--format text|json] [--coverage MODEL]\n" \
    "       tfdrift rules [--format falco]\n" \
    "       tfdrift version | --version | --help\n"

inline constexpr const char* usage_text = TFDRIFT_CLI_USAGE;

inline constexpr const char* help_text =
    "tfdrift: Terraform drift detection for Amazon ECS, from CloudTrail and Terraform state.\n"
    "\n" TFDRIFT_CLI_USAGE
    "\n"
    "detect reads CloudTrail records of ECS API calls, finds each call's resource in the\n"
    "Terraform state and writes one alert per change made outside Terraform: the address,\n"
    "each attribute's old -> new value, who, where and how serious.\n"
    "\n"
    "PATH is one of\n"
    "  FILE.json, FILE.json.gz  a record, a {\"Records\":[...]} document (CloudTrail's S3\n"
    "                           object) or NDJSON; read whole\n"
    "  FILE.ndjson, FILE.jsonl  one record per line, streamed (also .ndjson.gz, .jsonl.gz)\n"
    "  DIRECTORY                walked recursively, each directory's entries in name order\n"
    "                           (AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/ in time\n"
    "                           order); reads .json, .ndjson, .jsonl and their .gz, skips\n"
    "                           hidden entries and CloudTrail-Digest directories\n"
    "  -                        stdin, one record per line; each alert is written and\n"
    "                           flushed as soon as its line is read, so\n"
    "                           tail -F trail.ndjson | tfdrift detect --state S -\n"
    "                           is a live detector (a pretty-printed document, whose first\n"
    "                           line is not a whole object, is read to its end first)\n"
    "Gzip files are recognised by their first bytes; every member of a multi-member file\n"
    "is read. A record may also be a Falco alert as Falco writes it with json_output\n"
    "(an object with output_fields holding ct.*). The same eventID is reported once.\n"
    "\n"
    "Options of detect:\n"
    "  -s, --state FILE     a Terraform state (format 4); repeat for several (required)\n"
    "  -c, --config FILE    drift rules, ignore rules, accounts and regions to watch and\n"
    "                       limits, YAML or JSON (default: the spec's rules, built in)\n"
    "  -f, --format FORMAT  text      the human format, a blank line between alerts (default)\n"
    "                       json      one JSON array of tfdrift.alert.v1 objects\n"
    "                       ndjson    one tfdrift.alert.v1 object per line\n"
    "                       markdown  one block per alert for a GitHub or Slack post\n"
    "  -o, --output FILE    write the alerts to FILE instead of stdout\n"
    "      --explain ID     print each decision taken for the record with eventID ID\n"
    "                       (framing, decoding, catalog entry, state lookups, each\n"
    "                       attribute compared, the outcome) on stderr, as \"explain: ...\"\n"
    "  -j, --jobs N         read, inflate and screen files in N threads while one more\n"
    "                       detects, in order (default: the number of cores); a single\n"
    "                       .ndjson.gz is inflated in a thread of its own whatever N; the\n"
    "                       output is that of --jobs 1 (--explain reads in one thread)\n"
    "      --progress       always show the progress line on stderr; --no-progress: never\n"
    "                       (default: when stderr is a terminal and the files add up to\n"
    "                       32 MiB or more)\n"
    "      --no-summary     do not print the summary\n"
    "      --metrics-file FILE  write the Prometheus metrics (text exposition) to FILE at\n"
    "                       the end, through a temporary file and a rename\n"
    "      --ledger FILE    the open drifts: read FILE at the start if it exists (the\n"
    "                       states close what they adopted), write it back at the end\n"
    "      --since TIME     read only records whose eventTime is at or after TIME, and\n"
    "      --until TIME     before TIME (UTC: 2025-03-01 or 2025-03-01T12:00:00Z); day\n"
    "                       directories of the AWSLogs layout outside the range (with a\n"
    "                       day's slack for late publication) are never listed or read;\n"
    "                       ECS records outside it count as out_of_range\n"
    "      --accounts LIST  walk only these ACCOUNT directories of the AWSLogs layout\n"
    "      --regions LIST   and these REGION directories (comma-separated globs, * and ?;\n"
    "                       repeatable); records are filtered by the config's accounts\n"
    "                       and regions\n"
    "      --max-file-bytes N  the most bytes a file read whole (a CloudTrail object, a\n"
    "                       state, stdin's document) holds, and the most a .gz decompresses\n"
    "                       to (default 1073741824): past it the file ends with\n"
    "                       [tfdrift.input.size] and the other inputs are still read\n"
    "\n"
    "Alerts go to stdout (or --output). Errors, the progress line, the explain lines and\n"
    "the summary go to stderr. The summary, printed at the end (also after Ctrl-C, which\n"
    "stops reading): inputs read, records read, the count of each outcome (alert, not_ecs,\n"
    "read_only, failed_call, terraform, ignored, out_of_scope, out_of_range, untracked,\n"
    "no_change, duplicate, malformed), alerts by severity and kind, outcomes per ECS event name, the open\n"
    "drifts (the first 20: address, path = state value → drifted value, severity, who and\n"
    "when), the first malformed records with file and line (or record number) and a count\n"
    "of the rest, and the speed.\n"
    "\n"
    "Exit status:\n"
    "  0  no drift: no record produced an alert\n"
    "  1  drift: at least one alert (other than resolved ones, which say drift went away)\n"
    "  2  a usage error (unknown option, missing --state or PATH), a state or config\n"
    "     file that cannot be loaded, an output that cannot be written, or an input\n"
    "     that cannot be read (a missing path, a corrupt or truncated .gz). An\n"
    "     unreadable input is reported with its error id and path, and the other\n"
    "     inputs are still read and their alerts written; 2 then takes precedence over\n"
    "     1, because the result is incomplete.\n"
    "Malformed records (a broken line, a truncated record) do not change the exit status;\n"
    "the summary counts them and names where they are.\n"
    "\n"
    "catalog prints the ECS events (name, resource type, Falco priority, action,\n"
    "description) and the Terraform resource types with their watched and compared\n"
    "attributes. catalog --coverage MODEL measures the catalog against botocore's ECS\n"
    "model (third_party/botocore): write operations and request members compared, not\n"
    "state, not compared yet, unclassified; exit 1 unless all are classified.\n"
    "rules --format falco prints Falco rules for the events. version and\n"
    "--version print the version.\n";

/// Returns a byte count as "512 B", "1.5 KiB", "3.2 MiB", "1.1 GiB".
inline std::string human_bytes(std::uint64_t n) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  if (u == 0) std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(n));
  else std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  return buf;
}

/// Returns seconds as "42s", "3m05s" or "2h07m".
inline std::string human_duration(double seconds) {
  auto s = static_cast<std::uint64_t>(seconds + 0.5);
  char buf[32];
  if (s < 60) std::snprintf(buf, sizeof buf, "%llus", static_cast<unsigned long long>(s));
  else if (s < 3600)
    std::snprintf(buf, sizeof buf, "%llum%02llus", static_cast<unsigned long long>(s / 60),
                  static_cast<unsigned long long>(s % 60));
  else
    std::snprintf(buf, sizeof buf, "%lluh%02llum", static_cast<unsigned long long>(s / 3600),
                  static_cast<unsigned long long>(s / 60 % 60));
  return buf;
}

/// Returns a number with thousands separators: 1234567 -> "1,234,567".
inline std::string group_digits(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace cli

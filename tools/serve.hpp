// tfdrift serve: an HTTP service that takes Falco alerts and CloudTrail records, serves metrics and open drifts, and delivers alerts.
#pragma once

namespace cli {

// The usage lines, once: the short usage and the help both start with them.
#define TFDRIFT_SERVE_USAGE \
    "usage: tfdrift serve --state FILE [--state FILE ...] [--config FILE]\n" \
    "                     [--listen HOST:PORT] [--token-file FILE] [--insecure-listen]\n" \
    "                     [--max-body BYTES] [--request-timeout S]\n" \
    "                     [--max-connections N] [--ledger FILE]\n" \
    "                     [--webhook URL | --webhook-file FILE]\n" \
    "                     [--slack-webhook URL | --slack-webhook-file FILE] [--falco-output]\n" \
    "                     [--delivery-timeout S] [--delivery-retries N]\n" \
    "                     [--delivery-queue N] [--delivery-drain S]\n"

inline constexpr const char* serve_usage_text = TFDRIFT_SERVE_USAGE;

inline constexpr const char* serve_summary_text =
    "\n"
    "tfdrift serve --state FILE... [--listen HOST:PORT] runs detection as an HTTP service:\n"
    "POST /falco (Falco's http_output), POST /cloudtrail, GET /metrics, GET /healthz,\n"
    "GET /drifts; see tfdrift serve --help.\n"
    "\n";

inline constexpr const char* serve_help_text =
    "tfdrift serve: receive CloudTrail records and Falco alerts over HTTP, detect drift,\n"
    "serve Prometheus metrics and the open drifts, and deliver each alert.\n"
    "\n" TFDRIFT_SERVE_USAGE
    "\n"
    "Endpoints:\n"
    "  POST /falco       a Falco alert as Falco's http_output posts it (json_output: true;\n"
    "                    output_fields with the cloudtrail plugin's ct.* fields)\n"
    "  POST /cloudtrail  a CloudTrail record, a {\"Records\":[...]} document or NDJSON\n"
    "                    Both answer 202 {\"records\":N,\"alerts\":N,\"malformed\":N} (and the\n"
    "                    first malformed records with their error id), 400 with the error\n"
    "                    id when no record in the body is readable, 413 when the body is\n"
    "                    larger than --max-body, 400 when Content-Length is not a number,\n"
    "                    415 for multipart/form-data, 401 without the token.\n"
    "  GET /metrics      the Prometheus exposition\n"
    "  GET /healthz      {\"status\":\"ok\", ...}\n"
    "  GET /drifts       the open drifts as JSON\n"
    "\n"
    "Options:\n"
    "  -s, --state FILE     a Terraform state (format 4); repeat for several (required).\n"
    "                       Re-read on SIGHUP, and when a file changed on disk and then\n"
    "                       stayed the same for a second (checked every second); requests\n"
    "                       keep being answered with the old state until the new one is\n"
    "                       loaded, and a state that does not load is logged with its error\n"
    "                       id, counted, and the old one kept.\n"
    "  -c, --config FILE    drift rules, ignore rules, scope and limits (YAML or JSON);\n"
    "                       read once at start\n"
    "      --listen HOST:PORT  the address to listen on (default 127.0.0.1:8080; port 0\n"
    "                       picks a free port; the address is logged on stderr)\n"
    "      --token-file FILE  a shared secret (at least 16 bytes; the file's first line):\n"
    "                       POST /falco, POST /cloudtrail and GET /drifts then need the header\n"
    "                       Authorization: Bearer TOKEN and answer 401 without it (compared in\n"
    "                       constant time). The environment variable TFDRIFT_TOKEN gives it\n"
    "                       too; a token is never taken from the command line. GET /healthz\n"
    "                       and GET /metrics stay open.\n"
    "      --insecure-listen  listen on a non-loopback --listen address without a token\n"
    "                       (refused otherwise: anyone who reaches it could forge records)\n"
    "      --max-body BYTES the largest request body accepted (default 10485760)\n"
    "      --request-timeout SECONDS  the headers and body of a request must arrive\n"
    "                       within this (default 10); a slower client is disconnected\n"
    "      --max-connections N  connections served at once, one thread each (default\n"
    "                       256); more wait for a free one. Listen backlog 512.\n"
    "      --ledger FILE    the open drifts: read at start when the file exists, written\n"
    "                       within a second of a change (at most once a second) and at\n"
    "                       shutdown, through a temporary file, fsync and a rename\n"
    "\n"
    "SIGTERM or SIGINT stops taking connections, lets requests in progress finish, waits\n"
    "for waiting deliveries (at most --delivery-drain), writes the ledger and exits 0.\n"
    "Logs go to stderr; stdout carries only --falco-output lines.\n"
    "\n";

/// Runs `tfdrift serve` with the arguments after "serve"; returns the exit status.
int run_serve(int argc, char** argv);

}  // namespace cli

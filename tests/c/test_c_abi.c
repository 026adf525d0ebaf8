/* Exercises every function of the C ABI (tfdrift.h), each success and each error path, in C11. */
#define _POSIX_C_SOURCE 200809L

#include <tfdrift/tfdrift.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                               \
  do {                                                                            \
    ++checks;                                                                     \
    if (!(cond)) {                                                                \
      ++failures;                                                                 \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);    \
    }                                                                             \
  } while (0)

#define CHECK_STR(actual, expected)                                               \
  do {                                                                            \
    const char* a_ = (actual);                                                    \
    const char* e_ = (expected);                                                  \
    ++checks;                                                                     \
    if (strcmp(a_, e_) != 0) {                                                    \
      ++failures;                                                                 \
      fprintf(stderr, "%s:%d: CHECK_STR failed: %s\n  actual:   \"%s\"\n  expected: \"%s\"\n", \
              __FILE__, __LINE__, #actual, a_, e_);                               \
    }                                                                             \
  } while (0)

/* Checks that a call failed with a status and an error of this id and place, then frees it. */
#define CHECK_ERROR(call_status, err, want_status, want_id, want_where)           \
  do {                                                                            \
    CHECK((call_status) == (want_status));                                        \
    CHECK((err) != NULL);                                                         \
    if (err) {                                                                    \
      CHECK_STR(tfdrift_error_id(err), (want_id));                                \
      CHECK_STR(tfdrift_error_where(err), (want_where));                          \
      CHECK(tfdrift_error_status(err) == (want_status));                          \
      CHECK(strlen(tfdrift_error_message(err)) > 0);                              \
      tfdrift_error_free(&(err));                                                 \
      CHECK((err) == NULL);                                                       \
    }                                                                             \
  } while (0)

/* A file's bytes, NUL-terminated, malloc'ed; the caller frees them. */
typedef struct {
  char* data;
  size_t size;
} file_bytes;

static file_bytes read_file(const char* relative) {
  file_bytes f = {NULL, 0};
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", TFDRIFT_TEST_DATA_DIR, relative);
  FILE* in = fopen(path, "rb");
  if (!in) {
    fprintf(stderr, "cannot open fixture %s\n", path);
    exit(2);
  }
  fseek(in, 0, SEEK_END);
  long n = ftell(in);
  fseek(in, 0, SEEK_SET);
  f.data = malloc((size_t)n + 1);
  if (!f.data || fread(f.data, 1, (size_t)n, in) != (size_t)n) {
    fprintf(stderr, "cannot read fixture %s\n", path);
    exit(2);
  }
  f.data[n] = '\0';
  f.size = (size_t)n;
  fclose(in);
  return f;
}

static size_t count_lines(const tfdrift_buffer* b) {
  size_t n = 0;
  const char* d = tfdrift_buffer_data(b);
  for (size_t i = 0; i < tfdrift_buffer_size(b); ++i) n += d[i] == '\n';
  return n;
}

static int contains(const tfdrift_buffer* b, const char* needle) {
  return strstr(tfdrift_buffer_data(b), needle) != NULL;
}

/* A detector with the built-in config and tests/data/state/ecs.tfstate loaded as "ecs.tfstate". */
static tfdrift_detector* detector_with_state(void) {
  tfdrift_detector* d = NULL;
  tfdrift_error* err = NULL;
  file_bytes state = read_file("state/ecs.tfstate");
  CHECK(tfdrift_detector_new(NULL, 0, &d, &err) == TFDRIFT_OK);
  CHECK(err == NULL);
  CHECK(tfdrift_detector_load_state(d, state.data, state.size, "ecs.tfstate", &err) == TFDRIFT_OK);
  CHECK(err == NULL);
  free(state.data);
  return d;
}

static void test_versions(void) {
  CHECK(tfdrift_abi_version() == TFDRIFT_ABI_VERSION);
  CHECK(TFDRIFT_ABI_VERSION == 1);
  CHECK_STR(tfdrift_version(), TFDRIFT_EXPECTED_VERSION);
  CHECK_STR(tfdrift_status_name(TFDRIFT_OK), "TFDRIFT_OK");
  CHECK_STR(tfdrift_status_name(TFDRIFT_E_INVALID_ARGUMENT), "TFDRIFT_E_INVALID_ARGUMENT");
  CHECK_STR(tfdrift_status_name(TFDRIFT_E_STATE), "TFDRIFT_E_STATE");
  CHECK_STR(tfdrift_status_name(TFDRIFT_E_CONFIG), "TFDRIFT_E_CONFIG");
  CHECK_STR(tfdrift_status_name(TFDRIFT_E_INPUT), "TFDRIFT_E_INPUT");
  CHECK_STR(tfdrift_status_name(TFDRIFT_E_NOMEM), "TFDRIFT_E_NOMEM");
  CHECK_STR(tfdrift_status_name(TFDRIFT_E_INTERNAL), "TFDRIFT_E_INTERNAL");
  CHECK_STR(tfdrift_status_name(7), "TFDRIFT_E_UNKNOWN");
  CHECK_STR(tfdrift_status_name(-1), "TFDRIFT_E_UNKNOWN");
}

static void test_detector_new_and_free(void) {
  tfdrift_detector* d = NULL;
  tfdrift_error* err = NULL;

  /* NULL and empty (or blank) config: the built-in one. */
  CHECK(tfdrift_detector_new(NULL, 0, &d, &err) == TFDRIFT_OK);
  CHECK(d != NULL);
  CHECK(err == NULL);
  tfdrift_detector_free(&d);
  CHECK(d == NULL);
  CHECK(tfdrift_detector_new("", 0, &d, NULL) == TFDRIFT_OK);
  CHECK(d != NULL);
  tfdrift_detector_free(&d);
  CHECK(tfdrift_detector_new(" \n", 2, &d, NULL) == TFDRIFT_OK);
  CHECK(d != NULL);
  tfdrift_detector_free(&d);

  /* free accepts NULL and a pointer to NULL. */
  tfdrift_detector_free(NULL);
  tfdrift_detector_free(&d);
  CHECK(d == NULL);

  /* out is NULL. */
  CHECK_ERROR(tfdrift_detector_new(NULL, 0, NULL, &err), err, TFDRIFT_E_INVALID_ARGUMENT,
              "tfdrift.c.invalid_argument", "tfdrift_detector_new");
  /* A length without bytes; *out is set to NULL on failure. */
  d = (tfdrift_detector*)&err; /* garbage the call must overwrite */
  CHECK_ERROR(tfdrift_detector_new(NULL, 5, &d, &err), err, TFDRIFT_E_INVALID_ARGUMENT,
              "tfdrift.c.invalid_argument", "tfdrift_detector_new");
  CHECK(d == NULL);
  /* Without an error object: only the status. */
  CHECK(tfdrift_detector_new(NULL, 5, &d, NULL) == TFDRIFT_E_INVALID_ARGUMENT);
  CHECK(d == NULL);

  /* A config that is not valid JSON, one with an unknown key, one with a bad severity. */
  {
    const char* bad = "{\"drift_rules\": [";
    const char* unknown = "{\n  \"drift_rulez\": []\n}";
    const char* severity =
        "{\"drift_rules\": [{\"name\": \"x\", \"resource_types\": [\"aws_ecs_service\"], "
        "\"watched_attributes\": [\"desired_count\"], \"severity\": \"urgent\"}]}";
    CHECK_ERROR(tfdrift_detector_new(bad, strlen(bad), &d, &err), err, TFDRIFT_E_CONFIG, "tfdrift.config.parse",
                "<config>:1:18");
    CHECK(d == NULL);
    CHECK_ERROR(tfdrift_detector_new(unknown, strlen(unknown), &d, &err), err, TFDRIFT_E_CONFIG,
                "tfdrift.config.unknown_key", "<config>:2:3");
    CHECK_ERROR(tfdrift_detector_new(severity, strlen(severity), &d, &err), err, TFDRIFT_E_CONFIG,
                "tfdrift.config.bad_severity", "<config>:1:124");
    CHECK(tfdrift_detector_new(bad, strlen(bad), &d, NULL) == TFDRIFT_E_CONFIG);
    CHECK(d == NULL);
  }

  /* The record limit: the config's, 64 MiB by default, 0 without a detector. */
  {
    const char* small = "{\"limits\": {\"max_record_bytes\": 1000}}";
    CHECK(tfdrift_detector_max_record_bytes(NULL) == 0);
    CHECK(tfdrift_detector_new(NULL, 0, &d, NULL) == TFDRIFT_OK);
    CHECK(tfdrift_detector_max_record_bytes(d) == (size_t)64 << 20);
    tfdrift_detector_free(&d);
    CHECK(tfdrift_detector_new(small, strlen(small), &d, NULL) == TFDRIFT_OK);
    CHECK(tfdrift_detector_max_record_bytes(d) == 1000);
    tfdrift_detector_free(&d);
  }

  /* A valid config takes effect: scenario 1 under a rule that makes scaling critical. */
  {
    const char* critical =
        "{\"drift_rules\": [{\"name\": \"Scaling\", \"resource_types\": [\"aws_ecs_service\"], "
        "\"watched_attributes\": [\"desired_count\"], \"severity\": \"critical\"}]}";
    file_bytes state = read_file("state/ecs.tfstate");
    file_bytes rec = read_file("cloudtrail/update_service_desired_count.json");
    tfdrift_buffer* alerts = NULL;
    CHECK(tfdrift_detector_new(critical, strlen(critical), &d, &err) == TFDRIFT_OK);
    CHECK(err == NULL);
    CHECK(tfdrift_detector_load_state(d, state.data, state.size, "ecs.tfstate", &err) == TFDRIFT_OK);
    CHECK(tfdrift_detector_process(d, rec.data, rec.size, "a.json", &alerts, &err) == TFDRIFT_OK);
    CHECK(count_lines(alerts) == 1);
    CHECK(contains(alerts, "\"path\":\"desired_count\",\"old\":3,\"new\":5,\"severity\":\"critical\"}"));
    CHECK(contains(alerts, "\"severity\":\"critical\",\"priority\":\"WARNING\",\"rule\":\"Scaling\""));
    tfdrift_buffer_free(&alerts);
    tfdrift_detector_free(&d);
    free(state.data);
    free(rec.data);
  }

  /* A leftover error in *err: the call refuses to run and leaves it alone. */
  {
    tfdrift_error* leftover = NULL;
    CHECK(tfdrift_detector_new(NULL, 0, NULL, &leftover) == TFDRIFT_E_INVALID_ARGUMENT);
    CHECK(leftover != NULL);
    tfdrift_error* kept = leftover;
    CHECK(tfdrift_detector_new(NULL, 0, &d, &leftover) == TFDRIFT_E_INVALID_ARGUMENT);
    CHECK(leftover == kept);
    CHECK(d == NULL);
    tfdrift_error_free(&leftover);
  }
}

static void test_load_state(void) {
  tfdrift_detector* d = NULL;
  tfdrift_error* err = NULL;
  file_bytes good = read_file("state/ecs.tfstate");
  file_bytes broken = read_file("state/broken.tfstate");
  file_bytes v3 = read_file("state/v3.tfstate");
  CHECK(tfdrift_detector_new(NULL, 0, &d, NULL) == TFDRIFT_OK);

  CHECK(tfdrift_detector_load_state(d, good.data, good.size, "ecs.tfstate", &err) == TFDRIFT_OK);
  CHECK(err == NULL);
  CHECK_ERROR(tfdrift_detector_load_state(d, broken.data, broken.size, "broken.tfstate", &err), err,
              TFDRIFT_E_STATE, "tfdrift.state.parse", "broken.tfstate");
  CHECK_ERROR(tfdrift_detector_load_state(d, v3.data, v3.size, "v3.tfstate", &err), err, TFDRIFT_E_STATE,
              "tfdrift.state.version", "v3.tfstate");
  CHECK_ERROR(tfdrift_detector_load_state(d, "[1]", 3, "array.tfstate", &err), err, TFDRIFT_E_STATE,
              "tfdrift.state.parse", "array.tfstate");
  /* An empty state is not JSON; NULL with length 0 is the empty text. */
  CHECK_ERROR(tfdrift_detector_load_state(d, NULL, 0, NULL, &err), err, TFDRIFT_E_STATE,
              "tfdrift.state.parse", "terraform.tfstate");
  CHECK_ERROR(tfdrift_detector_load_state(NULL, good.data, good.size, "ecs.tfstate", &err), err,
              TFDRIFT_E_INVALID_ARGUMENT, "tfdrift.c.invalid_argument", "tfdrift_detector_load_state");
  CHECK_ERROR(tfdrift_detector_load_state(d, NULL, 10, "ecs.tfstate", &err), err, TFDRIFT_E_INVALID_ARGUMENT,
              "tfdrift.c.invalid_argument", "tfdrift_detector_load_state");
  CHECK(tfdrift_detector_load_state(d, broken.data, broken.size, "broken.tfstate", NULL) == TFDRIFT_E_STATE);

  /* The states loaded before a failure stay: scenario 1 still alerts. */
  {
    file_bytes rec = read_file("cloudtrail/update_service_desired_count.json");
    tfdrift_buffer* alerts = NULL;
    CHECK(tfdrift_detector_process(d, rec.data, rec.size, "trail.json", &alerts, &err) == TFDRIFT_OK);
    CHECK(count_lines(alerts) == 1);
    CHECK(contains(alerts, "\"state_file\":\"ecs.tfstate\""));
    tfdrift_buffer_free(&alerts);
    free(rec.data);
  }
  tfdrift_detector_free(&d);

  /* A NULL name: alerts name the state "terraform.tfstate". */
  {
    file_bytes rec = read_file("cloudtrail/update_service_desired_count.json");
    tfdrift_buffer* alerts = NULL;
    CHECK(tfdrift_detector_new(NULL, 0, &d, NULL) == TFDRIFT_OK);
    CHECK(tfdrift_detector_load_state(d, good.data, good.size, NULL, &err) == TFDRIFT_OK);
    CHECK(tfdrift_detector_process(d, rec.data, rec.size, NULL, &alerts, &err) == TFDRIFT_OK);
    CHECK(count_lines(alerts) == 1);
    CHECK(contains(alerts, "\"state_file\":\"terraform.tfstate\""));
    CHECK(contains(alerts, "\"place\":{\"source\":\"<input>\",\"line\":0,\"record\":1}"));
    tfdrift_buffer_free(&alerts);
    tfdrift_detector_free(&d);
    free(rec.data);
  }
  free(good.data);
  free(broken.data);
  free(v3.data);
}

/* The spec's scenario 1, as the exact alert line (tfdrift.alert.v1) that the CLI prints. */
static const char scenario1_line[] =
    "{\"schema\":\"tfdrift.alert.v1\",\"event_id\":\"68679295-0223-4b5d-aecb-656d77977de2\","
    "\"event_name\":\"UpdateService\",\"event_time\":\"2025-03-11T13:04:12Z\",\"kind\":\"update\","
    "\"address\":\"aws_ecs_service.main\",\"resource_type\":\"aws_ecs_service\","
    "\"resource_id\":\"production/my-service\",\"changes\":[{\"attribute\":\"desired_count\","
    "\"path\":\"desired_count\",\"old\":3,\"new\":5,\"severity\":\"high\"}],"
    "\"actor\":{\"name\":\"ops-admin\",\"identity_type\":\"IAMUser\","
    "\"arn\":\"arn:aws:iam::123456789012:user/ops-admin\",\"account\":\"123456789012\","
    "\"source\":\"cli\",\"user_agent\":\"aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64.amzn.2023 "
    "prompt/off command/ecs.update-service\"},\"region\":\"us-east-1\",\"account\":\"123456789012\","
    "\"severity\":\"high\",\"priority\":\"WARNING\",\"rule\":\"ECS Service Configuration\","
    "\"description\":\"ECS service configuration updated\",\"state_file\":\"ecs.tfstate\","
    "\"place\":{\"source\":\"update_service_desired_count.json\",\"line\":0,\"record\":1}}\n";

static void test_process(void) {
  tfdrift_detector* d = detector_with_state();
  tfdrift_error* err = NULL;
  tfdrift_buffer* alerts = NULL;
  file_bytes s1 = read_file("cloudtrail/update_service_desired_count.json");
  file_bytes s2 = read_file("cloudtrail/register_task_definition_image.json");
  file_bytes s3 = read_file("cloudtrail/put_cluster_capacity_providers.json");

  CHECK(tfdrift_detector_process(d, s1.data, s1.size, "update_service_desired_count.json", &alerts, &err) ==
        TFDRIFT_OK);
  CHECK(err == NULL);
  CHECK(tfdrift_buffer_size(alerts) == strlen(scenario1_line));
  CHECK_STR(tfdrift_buffer_data(alerts), scenario1_line);
  tfdrift_buffer_free(&alerts);
  CHECK(alerts == NULL);

  CHECK(tfdrift_detector_process(d, s2.data, s2.size, "register_task_definition_image.json", &alerts, &err) ==
        TFDRIFT_OK);
  CHECK(count_lines(alerts) == 1);
  CHECK(contains(alerts, "\"address\":\"aws_ecs_task_definition.web_app\""));
  CHECK(contains(alerts, "{\"attribute\":\"container_definitions\",\"path\":\"container_definitions[name=nginx].image\","
                         "\"old\":\"nginx:1.20\",\"new\":\"nginx:1.21\",\"severity\":\"medium\"}"));
  tfdrift_buffer_free(&alerts);

  CHECK(tfdrift_detector_process(d, s3.data, s3.size, "put_cluster_capacity_providers.json", &alerts, &err) ==
        TFDRIFT_OK);
  CHECK(count_lines(alerts) == 1);
  CHECK(contains(alerts, "\"address\":\"aws_ecs_cluster_capacity_providers.main\""));
  CHECK(contains(alerts, "{\"attribute\":\"capacity_providers\",\"path\":\"capacity_providers\","
                         "\"old\":[\"FARGATE\"],\"new\":[\"FARGATE\",\"FARGATE_SPOT\"],\"severity\":\"high\"}"));
  tfdrift_buffer_free(&alerts);

  /* The same record again: a duplicate, so an empty (not NULL) buffer. */
  CHECK(tfdrift_detector_process(d, s1.data, s1.size, "again.json", &alerts, &err) == TFDRIFT_OK);
  CHECK(alerts != NULL);
  CHECK(tfdrift_buffer_size(alerts) == 0);
  CHECK_STR(tfdrift_buffer_data(alerts), "");
  tfdrift_buffer_free(&alerts);

  /* Garbage is counted malformed, not failed; no alerts wanted. */
  CHECK(tfdrift_detector_process(d, "{\"eventSource\":\"ecs.amazonaws.com\",", 35, "broken.json", NULL, &err) ==
        TFDRIFT_OK);
  CHECK(err == NULL);
  /* Empty input: nothing read. */
  CHECK(tfdrift_detector_process(d, NULL, 0, "empty.json", &alerts, &err) == TFDRIFT_OK);
  CHECK(tfdrift_buffer_size(alerts) == 0);
  tfdrift_buffer_free(&alerts);

  /* Errors: no detector, a length without bytes; *alerts is set to NULL. */
  alerts = (tfdrift_buffer*)&err;
  CHECK_ERROR(tfdrift_detector_process(NULL, s1.data, s1.size, "x", &alerts, &err), err,
              TFDRIFT_E_INVALID_ARGUMENT, "tfdrift.c.invalid_argument", "tfdrift_detector_process");
  CHECK(alerts == NULL);
  CHECK_ERROR(tfdrift_detector_process(d, NULL, 3, "x", &alerts, &err), err, TFDRIFT_E_INVALID_ARGUMENT,
              "tfdrift.c.invalid_argument", "tfdrift_detector_process");
  CHECK(alerts == NULL);
  CHECK(tfdrift_detector_process(d, NULL, 3, "x", NULL, NULL) == TFDRIFT_E_INVALID_ARGUMENT);

  /* The counts: 3 alerts, 1 duplicate, 1 malformed (with its place), 5 records. */
  {
    tfdrift_buffer* stats = NULL;
    CHECK(tfdrift_detector_stats_json(d, &stats, &err) == TFDRIFT_OK);
    CHECK(err == NULL);
    CHECK(contains(stats, "{\"records_read\":5,"));
    CHECK(contains(stats, "\"outcomes\":{\"alert\":3,\"not_ecs\":0,\"read_only\":0,\"failed_call\":0,"
                          "\"terraform\":0,\"ignored\":0,\"out_of_scope\":0,\"out_of_range\":0,\"untracked\":0,\"no_change\":0,"
                          "\"duplicate\":1,\"malformed\":1}"));
    CHECK(contains(stats, "\"alerts_by_severity\":{\"low\":0,\"medium\":1,\"high\":2,\"critical\":0}"));
    CHECK(contains(stats, "{\"source\":\"broken.json\",\"line\":0,\"record\":1,\"id\":\"tfdrift.input.json\""));
    CHECK(tfdrift_buffer_data(stats)[tfdrift_buffer_size(stats) - 1] == '}');
    tfdrift_buffer_free(&stats);

    stats = (tfdrift_buffer*)&err;
    CHECK_ERROR(tfdrift_detector_stats_json(NULL, &stats, &err), err, TFDRIFT_E_INVALID_ARGUMENT,
                "tfdrift.c.invalid_argument", "tfdrift_detector_stats_json");
    CHECK(stats == NULL);
    CHECK_ERROR(tfdrift_detector_stats_json(d, NULL, &err), err, TFDRIFT_E_INVALID_ARGUMENT,
                "tfdrift.c.invalid_argument", "tfdrift_detector_stats_json");
  }

  /* A source name that is not UTF-8 still gives valid stats (replaced, not thrown). */
  {
    tfdrift_buffer* stats = NULL;
    CHECK(tfdrift_detector_process(d, "{\"eventSource\":\"ecs.amazonaws.com\"", 34, "bad\xff.json", NULL, NULL) ==
          TFDRIFT_OK);
    CHECK(tfdrift_detector_stats_json(d, &stats, &err) == TFDRIFT_OK);
    CHECK(contains(stats, "\"source\":\"bad\xef\xbf\xbd.json\""));
    tfdrift_buffer_free(&stats);
  }

  /* DEL and C1 controls (here CSI, U+009B) come out of the JSON escaped, as in every output. */
  {
    tfdrift_buffer* stats = NULL;
    CHECK(tfdrift_detector_process(d, "{\"eventSource\":\"ecs.amazonaws.com\"", 34, "c1\xc2\x9b\x7f.json", NULL, NULL) ==
          TFDRIFT_OK);
    CHECK(tfdrift_detector_stats_json(d, &stats, &err) == TFDRIFT_OK);
    CHECK(contains(stats, "\"source\":\"c1\\u009b\\u007f.json\""));
    tfdrift_buffer_free(&stats);
  }

  tfdrift_detector_free(&d);
  free(s1.data);
  free(s2.data);
  free(s3.data);
}

static void test_process_line(void) {
  tfdrift_detector* whole = detector_with_state();
  tfdrift_detector* lines = detector_with_state();
  tfdrift_error* err = NULL;
  file_bytes stream = read_file("cloudtrail/stream.ndjson");
  tfdrift_buffer* expected = NULL;
  CHECK(tfdrift_detector_process(whole, stream.data, stream.size, "stream.ndjson", &expected, &err) ==
        TFDRIFT_OK);
  CHECK(count_lines(expected) >= 2);

  /* Line by line, without the newlines, concatenated: the same bytes. */
  {
    size_t cap = tfdrift_buffer_size(expected) + 1, used = 0;
    char* got = malloc(cap);
    const char* p = stream.data;
    const char* end = stream.data + stream.size;
    uint64_t line_no = 0;
    while (p < end) {
      const char* nl = memchr(p, '\n', (size_t)(end - p));
      size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
      tfdrift_buffer* out = NULL;
      ++line_no;
      CHECK(tfdrift_detector_process_line(lines, p, n, "stream.ndjson", line_no, &out, &err) == TFDRIFT_OK);
      if (used + tfdrift_buffer_size(out) < cap) {
        memcpy(got + used, tfdrift_buffer_data(out), tfdrift_buffer_size(out));
        used += tfdrift_buffer_size(out);
      } else {
        CHECK(!"line-by-line output is longer than the whole buffer's");
      }
      tfdrift_buffer_free(&out);
      p += n + (nl ? 1 : 0);
    }
    got[used] = '\0';
    CHECK(used == tfdrift_buffer_size(expected));
    CHECK_STR(got, tfdrift_buffer_data(expected));
    free(got);
  }
  {
    tfdrift_buffer* a = NULL;
    tfdrift_buffer* b = NULL;
    CHECK(tfdrift_detector_stats_json(whole, &a, NULL) == TFDRIFT_OK);
    CHECK(tfdrift_detector_stats_json(lines, &b, NULL) == TFDRIFT_OK);
    CHECK_STR(tfdrift_buffer_data(b), tfdrift_buffer_data(a));
    tfdrift_buffer_free(&a);
    tfdrift_buffer_free(&b);
  }

  /* A blank line is no record; no alerts wanted. */
  CHECK(tfdrift_detector_process_line(lines, "  \r", 3, NULL, 0, NULL, &err) == TFDRIFT_OK);
  CHECK(tfdrift_detector_process_line(lines, NULL, 0, NULL, 0, NULL, &err) == TFDRIFT_OK);

  /* Errors: a newline inside, no detector, a length without bytes. */
  {
    tfdrift_buffer* out = (tfdrift_buffer*)&err;
    CHECK_ERROR(tfdrift_detector_process_line(lines, "{}\n{}", 5, "s.ndjson", 7, &out, &err), err,
                TFDRIFT_E_INPUT, "tfdrift.input.line", "s.ndjson:7");
    CHECK(out == NULL);
    CHECK_ERROR(tfdrift_detector_process_line(lines, "{}\n", 3, NULL, 0, &out, &err), err, TFDRIFT_E_INPUT,
                "tfdrift.input.line", "<input>");
    CHECK_ERROR(tfdrift_detector_process_line(NULL, "{}", 2, NULL, 1, &out, &err), err,
                TFDRIFT_E_INVALID_ARGUMENT, "tfdrift.c.invalid_argument", "tfdrift_detector_process_line");
    CHECK_ERROR(tfdrift_detector_process_line(lines, NULL, 2, NULL, 1, &out, &err), err,
                TFDRIFT_E_INVALID_ARGUMENT, "tfdrift.c.invalid_argument", "tfdrift_detector_process_line");
    CHECK(out == NULL);
    CHECK(tfdrift_detector_process_line(lines, "{}\n", 3, NULL, 0, NULL, NULL) == TFDRIFT_E_INPUT);
  }

  tfdrift_buffer_free(&expected);
  tfdrift_detector_free(&whole);
  tfdrift_detector_free(&lines);
  free(stream.data);
}

static void test_alert_format(void) {
  tfdrift_buffer* out = NULL;
  tfdrift_error* err = NULL;
  const size_t n = strlen(scenario1_line);

  CHECK(tfdrift_alert_format(scenario1_line, n, "text", &out, &err) == TFDRIFT_OK);
  CHECK(err == NULL);
  CHECK_STR(tfdrift_buffer_data(out),
            "\xF0\x9F\x9A\xA8 Drift Detected: aws_ecs_service.main\n"
            "Changed: desired_count = 3 \xE2\x86\x92 5\n"
            "User: ops-admin (IAM User, CLI)\n"
            "Region: us-east-1\n"
            "Severity: HIGH\n");
  tfdrift_buffer_free(&out);

  /* The line as tfdrift_detector_process gives it, with its "\n", or without. */
  CHECK(scenario1_line[n - 1] == '\n');
  CHECK(tfdrift_alert_format(scenario1_line, n - 1, "ndjson", &out, &err) == TFDRIFT_OK);
  CHECK_STR(tfdrift_buffer_data(out), scenario1_line);
  tfdrift_buffer_free(&out);
  CHECK(tfdrift_alert_format(scenario1_line, n, "markdown", &out, &err) == TFDRIFT_OK);
  CHECK_STR(tfdrift_buffer_data(out),
            "**\xF0\x9F\x9A\xA8 Drift Detected: aws\\_ecs\\_service.main**\n"
            "- Changed: desired\\_count = 3 \xE2\x86\x92 5\n"
            "- User: ops-admin (IAM User, CLI)\n"
            "- Region: us-east-1, account 123456789012\n"
            "- Severity: HIGH (rule: ECS Service Configuration; Falco priority WARNING)\n"
            "- Event: UpdateService at 2025-03-11T13:04:12Z, event ID 68679295-0223-4b5d-aecb-656d77977de2\n"
            "- State: ecs.tfstate\n");
  tfdrift_buffer_free(&out);

  out = (tfdrift_buffer*)&err;
  CHECK_ERROR(tfdrift_alert_format("{\"schema\":", 10, "text", &out, &err), err, TFDRIFT_E_INPUT,
              "tfdrift.alert.parse", "alert");
  CHECK(out == NULL);
  CHECK_ERROR(tfdrift_alert_format("{\"schema\":\"tfdrift.alert.v9\"}", 29, "text", &out, &err), err,
              TFDRIFT_E_INPUT, "tfdrift.alert.schema", "alert");
  CHECK(tfdrift_alert_format("{\"schema\":\"tfdrift.alert.v1\"}", 29, "text", &out, &err) == TFDRIFT_E_INPUT);
  CHECK(err != NULL);
  if (err) {
    CHECK_STR(tfdrift_error_id(err), "tfdrift.alert.shape");
    CHECK_STR(tfdrift_error_message(err), "event_id must be a string");
    tfdrift_error_free(&err);
  }
  CHECK_ERROR(tfdrift_alert_format(scenario1_line, n, "yaml", &out, &err), err, TFDRIFT_E_INVALID_ARGUMENT,
              "tfdrift.c.invalid_argument", "tfdrift_alert_format");
  CHECK_ERROR(tfdrift_alert_format(scenario1_line, n, NULL, &out, &err), err, TFDRIFT_E_INVALID_ARGUMENT,
              "tfdrift.c.invalid_argument", "tfdrift_alert_format");
  CHECK_ERROR(tfdrift_alert_format(NULL, 3, "text", &out, &err), err, TFDRIFT_E_INVALID_ARGUMENT,
              "tfdrift.c.invalid_argument", "tfdrift_alert_format");
  CHECK(tfdrift_alert_format(scenario1_line, n, "text", NULL, NULL) == TFDRIFT_E_INVALID_ARGUMENT);
}

static void test_catalog_and_rules(void) {
  tfdrift_buffer* text = NULL;
  tfdrift_error* err = NULL;

  CHECK(tfdrift_catalog_text(&text, &err) == TFDRIFT_OK);
  CHECK(err == NULL);
  CHECK(contains(text, "CloudTrail events (eventSource ecs.amazonaws.com)\n"));
  CHECK(contains(text, "\nUpdateService                  aws_ecs_service                     WARNING   update"));
  CHECK(contains(text, "\naws_ecs_service\n  watched:  cluster, desired_count, enable_execute_command, "
                       "force_new_deployment, launch_type, name, task_definition\n"));
  CHECK(contains(text, "\n35 events: "));
  tfdrift_buffer_free(&text);
  text = (tfdrift_buffer*)&err;
  CHECK_ERROR(tfdrift_catalog_text(NULL, &err), err, TFDRIFT_E_INVALID_ARGUMENT, "tfdrift.c.invalid_argument",
              "tfdrift_catalog_text");
  CHECK(tfdrift_catalog_text(NULL, NULL) == TFDRIFT_E_INVALID_ARGUMENT);

  CHECK(tfdrift_catalog_json(&text, &err) == TFDRIFT_OK);
  CHECK(err == NULL);
  CHECK(contains(text, "{\"events\":[{\"name\":\"ContinueServiceDeployment\",\"source\":\"ecs.amazonaws.com\","));
  CHECK(contains(text, "{\"request_path\":\"desiredCount\",\"attribute\":\"desired_count\","
                       "\"attribute_path\":\"desired_count\",\"compare\":\"number\"}"));
  CHECK(contains(text, "],\"attribute_aliases\":[{\"resource_type\":"));
  tfdrift_buffer_free(&text);
  CHECK_ERROR(tfdrift_catalog_json(NULL, &err), err, TFDRIFT_E_INVALID_ARGUMENT, "tfdrift.c.invalid_argument",
              "tfdrift_catalog_json");

  CHECK(tfdrift_falco_rules(&text, &err) == TFDRIFT_OK);
  CHECK(err == NULL);
  CHECK(contains(text, "- rule: "));
  CHECK(contains(text, "ct.name"));
  CHECK(contains(text, "DeleteService"));
  CHECK(contains(text, "priority: CRITICAL"));
  /* The spec's fields that the cloudtrail plugin lacks (NOTES.md). */
  CHECK(!contains(text, "%ct.request.service "));
  CHECK(!contains(text, "ct.request.family"));
  CHECK(!contains(text, "%ct.account "));
  CHECK(contains(text, "%ct.request.servicename"));
  tfdrift_buffer_free(&text);
  CHECK_ERROR(tfdrift_falco_rules(NULL, &err), err, TFDRIFT_E_INVALID_ARGUMENT, "tfdrift.c.invalid_argument",
              "tfdrift_falco_rules");
}

static void test_buffers_and_errors_accept_null(void) {
  tfdrift_buffer* b = NULL;
  tfdrift_error* e = NULL;
  CHECK_STR(tfdrift_buffer_data(NULL), "");
  CHECK(tfdrift_buffer_size(NULL) == 0);
  tfdrift_buffer_free(NULL);
  tfdrift_buffer_free(&b);
  CHECK(b == NULL);
  CHECK_STR(tfdrift_error_id(NULL), "");
  CHECK_STR(tfdrift_error_message(NULL), "");
  CHECK_STR(tfdrift_error_where(NULL), "");
  CHECK(tfdrift_error_status(NULL) == TFDRIFT_OK);
  tfdrift_error_free(NULL);
  tfdrift_error_free(&e);
  CHECK(e == NULL);
}

/* Runs out of memory on purpose in a child process: the address space is capped just
 * above what the child uses, then a record holding a 32 MiB string is processed. */
static void test_out_of_memory(void) {
#if defined(__SANITIZE_ADDRESS__)
  /* AddressSanitizer reserves terabytes of address space, so an address-space limit cannot
     make one allocation fail; the plain run covers this. */
  printf("out-of-memory check left to the run without AddressSanitizer\n");
  return;
#endif
  if (getenv("TFDRIFT_TEST_SKIP_NOMEM")) {
    /* Valgrind aborts instead of throwing std::bad_alloc; the plain run covers this. */
    printf("out-of-memory check left to the run without valgrind\n");
    return;
  }
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) {
    CHECK(!"fork failed");
    return;
  }
  if (pid == 0) {
    const size_t payload = (size_t)32 << 20; /* under the 64 MiB record limit */
    /* The string is the request's cluster, which every way of reading the record parses. */
    const char head[] =
        "{\"eventSource\":\"ecs.amazonaws.com\",\"eventName\":\"UpdateService\",\"eventID\":\"e1\","
        "\"requestParameters\":{\"service\":\"my-service\",\"cluster\":\"";
    const char tail[] = "\"}}";
    size_t n = strlen(head) + payload + strlen(tail);
    char* rec = malloc(n);
    tfdrift_detector* d = NULL;
    tfdrift_error* err = NULL;
    tfdrift_buffer* alerts = NULL;
    FILE* statm;
    unsigned long pages = 0;
    struct rlimit lim;
    tfdrift_status st;
    if (!rec || tfdrift_detector_new(NULL, 0, &d, NULL) != TFDRIFT_OK) _exit(3);
    memcpy(rec, head, strlen(head));
    memset(rec + strlen(head), 'a', payload);
    memcpy(rec + strlen(head) + payload, tail, strlen(tail));
    statm = fopen("/proc/self/statm", "r");
    if (!statm || fscanf(statm, "%lu", &pages) != 1) _exit(4);
    fclose(statm);
    lim.rlim_cur = lim.rlim_max = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + ((rlim_t)16 << 20);
    if (setrlimit(RLIMIT_AS, &lim) != 0) _exit(5);
    st = tfdrift_detector_process(d, rec, n, "huge.json", &alerts, &err);
    if (st != TFDRIFT_E_NOMEM) _exit(10 + (int)st);
    if (alerts != NULL) _exit(6);
    /* The error object is small enough to be had; when it is not, *err stays NULL. */
    if (err && strcmp(tfdrift_error_id(err), "tfdrift.c.nomem") != 0) _exit(7);
    if (err && strcmp(tfdrift_error_where(err), "tfdrift_detector_process") != 0) _exit(8);
    if (!err) _exit(9);
    _exit(0);
  }
  {
    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
      fprintf(stderr, "out-of-memory child exited with %d\n", WEXITSTATUS(status));
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
}

int main(void) {
  test_versions();
  test_detector_new_and_free();
  test_load_state();
  test_process();
  test_process_line();
  test_alert_format();
  test_catalog_and_rules();
  test_buffers_and_errors_accept_null();
  test_out_of_memory();
  printf("%d checks, %d failed\n", checks, failures);
  return failures == 0 ? 0 : 1;
}

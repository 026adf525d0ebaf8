/* Detects drift in one CloudTrail file against one Terraform state through the C ABI. */
#include <tfdrift/tfdrift.h>

#include <stdio.h>
#include <stdlib.h>

/* Returns a file's bytes (malloc'ed: the caller frees them) and their count in *size. */
static char* slurp(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  char* bytes = NULL;
  long n;
  if (!f) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
      (bytes = malloc((size_t)n + 1)) != NULL && fread(bytes, 1, (size_t)n, f) == (size_t)n) {
    *size = (size_t)n;
  } else {
    free(bytes);
    bytes = NULL;
  }
  fclose(f);
  return bytes;
}

int main(int argc, char** argv) {
  size_t state_size = 0, trail_size = 0;
  char *state, *trail;
  tfdrift_detector* detector = NULL; /* ours: tfdrift_detector_free */
  tfdrift_buffer* alerts = NULL;     /* ours: tfdrift_buffer_free */
  tfdrift_buffer* stats = NULL;      /* ours: tfdrift_buffer_free */
  tfdrift_error* err = NULL;         /* ours once a call fails: tfdrift_error_free */
  int status = 2;
  if (argc != 3) {
    fprintf(stderr, "usage: basic STATE.tfstate CLOUDTRAIL.json\n");
    return 2;
  }
  state = slurp(argv[1], &state_size);
  trail = slurp(argv[2], &trail_size);
  if (!state || !trail) {
    fprintf(stderr, "cannot read %s\n", state ? argv[2] : argv[1]);
  } else if (tfdrift_detector_new(NULL, 0, &detector, &err) != TFDRIFT_OK ||
             tfdrift_detector_load_state(detector, state, state_size, argv[1], &err) != TFDRIFT_OK ||
             tfdrift_detector_process(detector, trail, trail_size, argv[2], &alerts, &err) != TFDRIFT_OK ||
             tfdrift_detector_stats_json(detector, &stats, &err) != TFDRIFT_OK) {
    /* "[tfdrift.state.version] old.tfstate: version 3 is not supported ..." */
    fprintf(stderr, "[%s] %s: %s\n", tfdrift_error_id(err), tfdrift_error_where(err), tfdrift_error_message(err));
  } else {
    /* One tfdrift.alert.v1 line per alert, as `tfdrift detect --format ndjson` prints. */
    fwrite(tfdrift_buffer_data(alerts), 1, tfdrift_buffer_size(alerts), stdout);
    printf("%s\n", tfdrift_buffer_data(stats)); /* {"records_read":1,...,"outcomes":{"alert":1,...}} */
    status = 0;
  }
  tfdrift_error_free(&err);
  tfdrift_buffer_free(&stats);
  tfdrift_buffer_free(&alerts);
  tfdrift_detector_free(&detector);
  free(trail);
  free(state);
  return status;
}

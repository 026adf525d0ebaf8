/* Checks that the installed header and library agree and that a detector works. */
#include <tfdrift/tfdrift.h>

#include <stdio.h>
#include <string.h>

int main(void) {
  tfdrift_detector* d = NULL;
  tfdrift_buffer* stats = NULL;
  int ok = tfdrift_abi_version() == TFDRIFT_ABI_VERSION && strcmp(tfdrift_version(), EXPECTED_VERSION) == 0 &&
           tfdrift_detector_new(NULL, 0, &d, NULL) == TFDRIFT_OK &&
           tfdrift_detector_process(d, "{}", 2, "x.json", NULL, NULL) == TFDRIFT_OK &&
           tfdrift_detector_stats_json(d, &stats, NULL) == TFDRIFT_OK &&
           strstr(tfdrift_buffer_data(stats), "\"records_read\":1,") != NULL;
  printf("libtfdrift %s, ABI %d: %s\n", tfdrift_version(), tfdrift_abi_version(), ok ? "ok" : "FAILED");
  tfdrift_buffer_free(&stats);
  tfdrift_detector_free(&d);
  return ok ? 0 : 1;
}

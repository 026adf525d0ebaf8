# Runs tfdrift_metrics_exposition and checks its output with `promtool check metrics` (lint included).
# -D EXPOSITION=<program> -D PROMTOOL=<promtool> -D STATE=<tfstate> -D TRAIL=<ndjson> -D OUT=<file>
if(NOT PROMTOOL)
  message(FATAL_ERROR "promtool not found: install Debian's prometheus package (./scripts/setup does)")
endif()
execute_process(COMMAND "${EXPOSITION}" "${STATE}" "${TRAIL}"
  OUTPUT_FILE "${OUT}" ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "tfdrift_metrics_exposition failed (${rc}): ${err}")
endif()
file(SIZE "${OUT}" size)
if(size LESS 1000)
  message(FATAL_ERROR "the exposition is too short (${size} bytes)")
endif()
execute_process(COMMAND "${PROMTOOL}" check metrics
  INPUT_FILE "${OUT}" OUTPUT_VARIABLE out ERROR_VARIABLE lint RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT "${out}${lint}" STREQUAL "")
  message(FATAL_ERROR "promtool check metrics (exit ${rc}) on ${OUT}:\n${out}${lint}")
endif()
message(STATUS "promtool check metrics: ${OUT} (${size} bytes) is clean; ${err}")

# Configures, builds and runs one tiny consumer of tfdrift; run by ctest as `cmake -P`.
#
# MODE is find_package (install tfdrift into a prefix under WORK_DIR, then
# find_package it), add_subdirectory or fetchcontent (use the source tree).
# TFDRIFT_CONFIGURE_ARGS (comma-separated) goes to the configure of tfdrift (find_package) or
# of the consumer (the others): -DTFDRIFT_WITH_ISAL=OFF, say. With EXPECT_INFLATERS (the
# pkg-config prefixes tfdrift::gzip must link, "LIBISAL,LIBDEFLATE" or "none"), the installed
# tfdriftGzipTargets.cmake is checked for exactly those.
cmake_minimum_required(VERSION 3.25)

foreach(_var TFDRIFT_SOURCE_DIR TFDRIFT_EXPECTED_VERSION MODE WORK_DIR CONSUMER_GENERATOR)
  if(NOT DEFINED ${_var} OR "${${_var}}" STREQUAL "")
    message(FATAL_ERROR "consumer_test.cmake: pass -D ${_var}=...")
  endif()
endforeach()

set(_generator_args -G "${CONSUMER_GENERATOR}" -D CMAKE_BUILD_TYPE=Release)
if(CONSUMER_MAKE_PROGRAM)
  list(APPEND _generator_args -D "CMAKE_MAKE_PROGRAM=${CONSUMER_MAKE_PROGRAM}")
endif()
if(CONSUMER_CXX_COMPILER)
  list(APPEND _generator_args -D "CMAKE_CXX_COMPILER=${CONSUMER_CXX_COMPILER}")
endif()

# Runs a command, echoing it, and stops the test if it fails.
function(_run)
  execute_process(COMMAND ${ARGN} COMMAND_ECHO STDOUT COMMAND_ERROR_IS_FATAL ANY)
endfunction()

string(REPLACE "," ";" TFDRIFT_CONFIGURE_ARGS "${TFDRIFT_CONFIGURE_ARGS}")
if(DEFINED EXPECT_INFLATERS)
  string(REPLACE "," ";" EXPECT_INFLATERS "${EXPECT_INFLATERS}")
endif()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(_consumer_build "${WORK_DIR}/consumer-build")
set(_consumer_args -D "TFDRIFT_EXPECTED_VERSION=${TFDRIFT_EXPECTED_VERSION}")

if(MODE STREQUAL "find_package")
  set(_prefix "${WORK_DIR}/prefix")
  _run("${CMAKE_COMMAND}" -S "${TFDRIFT_SOURCE_DIR}" -B "${WORK_DIR}/tfdrift-build"
    ${_generator_args}
    -D "CMAKE_INSTALL_PREFIX=${_prefix}"
    -D TFDRIFT_INSTALL=ON
    -D TFDRIFT_BUILD_TESTS=OFF
    -D TFDRIFT_BUILD_TOOLS=OFF
    -D TFDRIFT_BUILD_BENCHMARKS=OFF
    -D TFDRIFT_BUILD_C=OFF
    -D TFDRIFT_BUILD_PYTHON=OFF
    ${TFDRIFT_CONFIGURE_ARGS})
  _run("${CMAKE_COMMAND}" --install "${WORK_DIR}/tfdrift-build" --config Release)
  foreach(_file
      include/tfdrift/version.hpp
      share/cmake/tfdrift/tfdriftConfig.cmake
      share/cmake/tfdrift/tfdriftConfigVersion.cmake
      share/cmake/tfdrift/tfdriftTargets.cmake
      share/cmake/tfdrift/tfdriftGzipTargets.cmake
      share/cmake/tfdrift/tfdriftYamlTargets.cmake)
    if(NOT EXISTS "${_prefix}/${_file}")
      message(FATAL_ERROR "install did not create ${_prefix}/${_file}")
    endif()
  endforeach()
  if(DEFINED EXPECT_INFLATERS)
    file(READ "${_prefix}/share/cmake/tfdrift/tfdriftGzipTargets.cmake" _gzip_targets)
    foreach(_inflater LIBISAL LIBDEFLATE)
      string(FIND "${_gzip_targets}" "PkgConfig::${_inflater}" _at)
      list(FIND EXPECT_INFLATERS "${_inflater}" _expected)
      if((_at EQUAL -1) EQUAL (_expected EQUAL -1))
      else()
        message(FATAL_ERROR "tfdriftGzipTargets.cmake: PkgConfig::${_inflater} "
                            "expected: ${EXPECT_INFLATERS}\n${_gzip_targets}")
      endif()
    endforeach()
  endif()
  set(_consumer_source "${CMAKE_CURRENT_LIST_DIR}/find_package")
  list(APPEND _consumer_args
    -D "CMAKE_PREFIX_PATH=${_prefix}"
    -D CMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    -D "TFDRIFT_EXPECTED_DIR=${_prefix}/share/cmake/tfdrift")
elseif(MODE STREQUAL "add_subdirectory" OR MODE STREQUAL "fetchcontent")
  set(_consumer_source "${CMAKE_CURRENT_LIST_DIR}/add_subdirectory")
  if(MODE STREQUAL "fetchcontent")
    set(_use_fetchcontent ON)
  else()
    set(_use_fetchcontent OFF)
  endif()
  list(APPEND _consumer_args
    -D "TFDRIFT_SOURCE_DIR=${TFDRIFT_SOURCE_DIR}"
    -D "TFDRIFT_USE_FETCHCONTENT=${_use_fetchcontent}"
    ${TFDRIFT_CONFIGURE_ARGS})
else()
  message(FATAL_ERROR "consumer_test.cmake: unknown MODE '${MODE}'")
endif()

_run("${CMAKE_COMMAND}" -S "${_consumer_source}" -B "${_consumer_build}"
  ${_generator_args} ${_consumer_args})
_run("${CMAKE_COMMAND}" --build "${_consumer_build}" --config Release)

# Single-config generators put the program at the top, multi-config ones in Release/.
set(_program "${_consumer_build}/tfdrift_consumer${CMAKE_EXECUTABLE_SUFFIX}")
if(NOT EXISTS "${_program}")
  set(_program "${_consumer_build}/Release/tfdrift_consumer${CMAKE_EXECUTABLE_SUFFIX}")
endif()
execute_process(COMMAND "${_program}"
  RESULT_VARIABLE _result
  OUTPUT_VARIABLE _output
  ERROR_VARIABLE _error)
if(NOT _result EQUAL 0)
  message(FATAL_ERROR "${_program} exited with ${_result}:\n${_output}${_error}")
endif()
if(NOT _output STREQUAL "${TFDRIFT_EXPECTED_VERSION}\n")
  message(FATAL_ERROR
    "${_program} printed '${_output}', expected '${TFDRIFT_EXPECTED_VERSION}' and a newline")
endif()
message(STATUS "${MODE} consumer printed ${TFDRIFT_EXPECTED_VERSION}")

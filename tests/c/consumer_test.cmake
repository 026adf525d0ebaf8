# Installs tfdrift with the C ABI into a prefix under WORK_DIR, then builds and runs a C
# program that finds it (find_package(tfdrift), tfdrift::c); run by ctest as `cmake -P`.
cmake_minimum_required(VERSION 3.25)
foreach(_var TFDRIFT_SOURCE_DIR WORK_DIR CONSUMER_GENERATOR)
  if(NOT DEFINED ${_var} OR "${${_var}}" STREQUAL "")
    message(FATAL_ERROR "consumer_test.cmake: pass -D ${_var}=...")
  endif()
endforeach()

function(_run)
  execute_process(COMMAND ${ARGN} COMMAND_ECHO STDOUT COMMAND_ERROR_IS_FATAL ANY)
endfunction()

set(_gen -G "${CONSUMER_GENERATOR}" -D CMAKE_BUILD_TYPE=Release)
if(CONSUMER_MAKE_PROGRAM)
  list(APPEND _gen -D "CMAKE_MAKE_PROGRAM=${CONSUMER_MAKE_PROGRAM}")
endif()
set(_prefix "${WORK_DIR}/prefix")
file(REMOVE_RECURSE "${WORK_DIR}")
_run("${CMAKE_COMMAND}" -S "${TFDRIFT_SOURCE_DIR}" -B "${WORK_DIR}/tfdrift-build" ${_gen}
  -D "CMAKE_INSTALL_PREFIX=${_prefix}" -D CMAKE_INSTALL_LIBDIR=lib
  -D TFDRIFT_INSTALL=ON -D TFDRIFT_BUILD_C=ON -D TFDRIFT_BUILD_TESTS=OFF -D TFDRIFT_BUILD_TOOLS=OFF
  -D TFDRIFT_BUILD_BENCHMARKS=OFF -D TFDRIFT_BUILD_PYTHON=OFF)
_run("${CMAKE_COMMAND}" --build "${WORK_DIR}/tfdrift-build" --target tfdrift_c)
_run("${CMAKE_COMMAND}" --install "${WORK_DIR}/tfdrift-build")
foreach(_file include/tfdrift/tfdrift.h lib/libtfdrift.so share/cmake/tfdrift/tfdriftTargets.cmake)
  if(NOT EXISTS "${_prefix}/${_file}")
    message(FATAL_ERROR "install did not create ${_prefix}/${_file}")
  endif()
endforeach()
_run("${CMAKE_COMMAND}" -S "${CMAKE_CURRENT_LIST_DIR}/find_package" -B "${WORK_DIR}/consumer-build" ${_gen}
  -D "CMAKE_PREFIX_PATH=${_prefix}" -D CMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
_run("${CMAKE_COMMAND}" --build "${WORK_DIR}/consumer-build")
_run("${WORK_DIR}/consumer-build/consumer")

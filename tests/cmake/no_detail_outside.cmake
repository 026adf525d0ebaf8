# headers.no_detail_outside: the programs and bindings built on the library (tools/, bindings/,
# examples/) use only its public API: no tfdrift::detail name and no <tfdrift/detail/...>
# include. What they need is made public (input.hpp, atomic_file.hpp, json_text) instead.
cmake_policy(SET CMP0007 NEW)
if(NOT DEFINED SOURCE_DIR)
  message(FATAL_ERROR "no_detail_outside.cmake: pass -D SOURCE_DIR=...")
endif()
file(GLOB_RECURSE _files "${SOURCE_DIR}/tools/*.cpp" "${SOURCE_DIR}/tools/*.hpp"
     "${SOURCE_DIR}/bindings/*.cpp" "${SOURCE_DIR}/bindings/*.c" "${SOURCE_DIR}/bindings/*.h"
     "${SOURCE_DIR}/examples/*.cpp")
set(_hits "")
foreach(_file IN LISTS _files)
  file(STRINGS "${_file}" _lines REGEX "tfdrift::detail::|tfdrift/detail/")
  foreach(_line IN LISTS _lines)
    file(RELATIVE_PATH _rel "${SOURCE_DIR}" "${_file}")
    list(APPEND _hits "${_rel}: ${_line}")
  endforeach()
endforeach()
if(_hits)
  list(JOIN _hits "\n  " _text)
  message(FATAL_ERROR "the library's internals used outside it:\n  ${_text}")
endif()
list(LENGTH _files _count)
message(STATUS "${_count} files outside the library use no tfdrift::detail")

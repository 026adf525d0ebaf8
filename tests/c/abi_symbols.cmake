# c.abi_symbols: the symbols libtfdrift exports and its soname are exactly the checked-in ones.
# Run by ctest as `cmake -D LIBRARY=... -D EXPECTED=abi_symbols.txt -D NM=... -D SONAME=... -P`.
foreach(_var LIBRARY EXPECTED NM SONAME)
  if(NOT DEFINED ${_var} OR "${${_var}}" STREQUAL "")
    message(FATAL_ERROR "abi_symbols.cmake: pass -D ${_var}=...")
  endif()
endforeach()

execute_process(COMMAND "${NM}" -D --defined-only "${LIBRARY}"
  OUTPUT_VARIABLE _nm RESULT_VARIABLE _rc ERROR_VARIABLE _err)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "${NM} -D --defined-only ${LIBRARY} failed (${_rc}): ${_err}")
endif()
string(REPLACE "\n" ";" _lines "${_nm}")
set(_actual "")
foreach(_line IN LISTS _lines)
  # "0000000000012340 T tfdrift_version": keep the name; versioned names lose "@@VERS".
  if(_line MATCHES "^[0-9a-fA-F]* *[A-Za-z] ([^ @]+)")
    list(APPEND _actual "${CMAKE_MATCH_1}")
  endif()
endforeach()
list(SORT _actual)
list(REMOVE_DUPLICATES _actual)

file(STRINGS "${EXPECTED}" _expected REGEX "^[^#]")
list(SORT _expected)

if(NOT _actual STREQUAL _expected)
  set(_added ${_actual})
  list(REMOVE_ITEM _added ${_expected})
  set(_removed ${_expected})
  list(REMOVE_ITEM _removed ${_actual})
  message(FATAL_ERROR "libtfdrift's exported symbols differ from ${EXPECTED}:\n"
    "  exported but not listed: ${_added}\n  listed but not exported: ${_removed}\n"
    "A new C function is listed there; a removed or renamed one changes the ABI (TFDRIFT_ABI_VERSION).")
endif()

get_filename_component(_real "${LIBRARY}" REALPATH)
execute_process(COMMAND objdump -p "${_real}" OUTPUT_VARIABLE _dump RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0 OR NOT _dump MATCHES "SONAME +([^\n ]+)")
  message(FATAL_ERROR "objdump -p ${_real} shows no SONAME")
endif()
if(NOT CMAKE_MATCH_1 STREQUAL SONAME)
  message(FATAL_ERROR "libtfdrift's soname is ${CMAKE_MATCH_1}, expected ${SONAME}")
endif()
list(LENGTH _actual _count)
message(STATUS "libtfdrift exports the ${_count} listed symbols; soname ${SONAME}")

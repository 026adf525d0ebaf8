# headers.public_paths: every include path listed in tests/public_headers.txt still exists under
# include/ (a header that moves keeps its old path as a forwarding header), and every public
# header under include/tfdrift (outside detail/) is listed, so a new one is a decision.
foreach(_var LIST INCLUDE_DIR)
  if(NOT DEFINED ${_var})
    message(FATAL_ERROR "public_headers.cmake: pass -D ${_var}=...")
  endif()
endforeach()
file(STRINGS "${LIST}" _listed REGEX "^[^#]")
set(_missing "")
foreach(_path IN LISTS _listed)
  if(NOT EXISTS "${INCLUDE_DIR}/${_path}")
    list(APPEND _missing "${_path}")
  endif()
endforeach()
file(GLOB _present RELATIVE "${INCLUDE_DIR}" "${INCLUDE_DIR}/tfdrift/*.hpp" "${INCLUDE_DIR}/tfdrift/*.h")
set(_unlisted ${_present})
list(REMOVE_ITEM _unlisted ${_listed})
if(_missing OR _unlisted)
  message(FATAL_ERROR "public include paths differ from ${LIST}:\n"
    "  listed but gone: ${_missing}\n  present but not listed: ${_unlisted}")
endif()
list(LENGTH _listed _count)
message(STATUS "${_count} public include paths present")

# tfdrift::yaml: what <tfdrift/config_yaml.hpp> needs (yaml-cpp). Included by the top-level
# CMakeLists.txt (yaml-cpp required when the tests, tools or Python bindings are built, optional
# for the install alone) and by tests/fuzz; defined once.
if(NOT TARGET tfdrift::yaml)
  if(DEFINED _tfdrift_needs_yaml AND NOT _tfdrift_needs_yaml)
    find_package(yaml-cpp QUIET)
  else()
    find_package(yaml-cpp REQUIRED)
  endif()
endif()
if(NOT TARGET tfdrift::yaml AND yaml-cpp_FOUND)
  add_library(tfdrift_yaml INTERFACE)
  add_library(tfdrift::yaml ALIAS tfdrift_yaml)
  set_target_properties(tfdrift_yaml PROPERTIES EXPORT_NAME yaml)
  if(TARGET yaml-cpp::yaml-cpp)
    target_link_libraries(tfdrift_yaml INTERFACE tfdrift::tfdrift yaml-cpp::yaml-cpp)
  else()
    # yaml-cpp < 0.8 (Debian 12 has 0.7) exports its target without a namespace.
    target_link_libraries(tfdrift_yaml INTERFACE tfdrift::tfdrift yaml-cpp)
  endif()
endif()

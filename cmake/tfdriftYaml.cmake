# tfdrift::yaml: what <tfdrift/config_yaml.hpp> needs (yaml-cpp). Included by the top-level
# CMakeLists.txt for the tests, tools and Python bindings, and by tests/fuzz; defined once.
if(NOT TARGET tfdrift::yaml)
  find_package(yaml-cpp REQUIRED)
  add_library(tfdrift_yaml INTERFACE)
  add_library(tfdrift::yaml ALIAS tfdrift_yaml)
  if(TARGET yaml-cpp::yaml-cpp)
    target_link_libraries(tfdrift_yaml INTERFACE tfdrift::tfdrift yaml-cpp::yaml-cpp)
  else()
    # yaml-cpp < 0.8 (Debian 12 has 0.7) exports its target without a namespace.
    target_link_libraries(tfdrift_yaml INTERFACE tfdrift::tfdrift yaml-cpp)
  endif()
endif()

// The one main of the Catch2 test binary; the tests live in the test_<topic>.cpp files.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

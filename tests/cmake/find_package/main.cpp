// Prints tfdrift::version() from a program that finds an installed tfdrift with find_package.
// Includes the umbrella header when it exists, so the whole public API is compiled by a consumer.
#if __has_include(<tfdrift/ecs.hpp>)
#include <tfdrift/ecs.hpp>
#endif
#include <tfdrift/version.hpp>

#include <iostream>

int main() {
  std::cout << tfdrift::version() << '\n';
  return 0;
}

// libtfdrift-net.so: tfdrift serve and alert delivery, loaded by the program on first use (net.hpp).
#include "net.hpp"

#include <memory>
#include <stdexcept>
#include <string>

#include <curl/curl.h>

#include "delivery.hpp"
#include "serve.hpp"

namespace cli {
namespace detail {

std::string url_origin(const std::string& url, const std::string& option) {
  CURLU* u = curl_url();
  if (!u) throw std::runtime_error("out of memory");
  std::unique_ptr<CURLU, void (*)(CURLU*)> guard(u, curl_url_cleanup);
  char* scheme = nullptr;
  char* host = nullptr;
  char* port = nullptr;
  if (curl_url_set(u, CURLUPART_URL, url.c_str(), 0) != CURLUE_OK ||
      curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
      curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
    curl_free(scheme);
    curl_free(host);
    throw std::invalid_argument(option + " needs an http:// or https:// URL");
  }
  std::string s = scheme, h = host;
  curl_free(scheme);
  curl_free(host);
  if (s != "http" && s != "https") throw std::invalid_argument(option + " needs an http:// or https:// URL");
  if (curl_url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_OK) {
    h += ":" + std::string(port);
    curl_free(port);
  }
  return s + "://" + h;
}

}  // namespace detail
}  // namespace cli

extern "C" __attribute__((visibility("default"))) const cli::net_entry_points* tfdrift_net_entry_points() {
  static const cli::net_entry_points entry{
      cli::net_abi, TFDRIFT_VERSION_STRING, &cli::run_serve, &cli::detail::url_origin,
      [](const cli::delivery_options& o) -> cli::alert_delivery* { return new cli::deliverer(o); }};
  return &entry;
}

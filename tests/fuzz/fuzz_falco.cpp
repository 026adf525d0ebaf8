// libFuzzer harness: Falco alerts (output_fields with ct.*, ct.request as JSON text) through the detector with the fixture state loaded.
#include "fuzz_common.hpp"

namespace tfdrift_fuzz_falco {

// The input is a Falco alert as Falco writes it (json_output: true). When it is one, it is
// also read a second time through its output_fields rebuilt by nlohmann, so that mutations
// that broke the outer JSON still reach the decoder.
int one_input(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  tfdrift::detector d = tfdrift_fuzz::loaded_detector();
  auto check = [](const tfdrift::alert& a) { tfdrift_fuzz::check_alert(a); };
  d.process(bytes, "falco.json", check);
  tfdrift_fuzz::check_stats(d);

  // A lenient second reading: the bytes as the value of ct.request of a valid UpdateService
  // alert, so the request decoder sees arbitrary text.
  nlohmann::json alert = {
      {"output_fields",
       {{"ct.src", "ecs.amazonaws.com"},
        {"ct.name", "UpdateService"},
        {"ct.id", "fuzz"},
        {"ct.region", "us-east-1"},
        {"ct.recipientaccountid", "123456789012"},
        {"ct.user", "ops-admin"},
        {"ct.user.identitytype", "IAMUser"},
        {"ct.useragent", "aws-cli/2.15.30"},
        {"ct.request", std::string(bytes)}}},
      {"rule", "ECS Service Updated"},
      {"source", "aws_cloudtrail"}};
  tfdrift::detector d2 = tfdrift_fuzz::loaded_detector();
  d2.process(alert.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "falco2.json", check);
  tfdrift_fuzz::check_stats(d2);
  TFDRIFT_FUZZ_CHECK(d2.stats().records_read == 1, bytes);
  return 0;
}

}  // namespace tfdrift_fuzz_falco

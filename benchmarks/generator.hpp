// A deterministic generator of realistic CloudTrail NDJSON and a matching Terraform state, for benchmarks.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace tfdrift_bench {

/// Returns NDJSON lines as one CloudTrail S3 object: {"Records":[line,line,...]}.
inline std::string records_document(std::string_view lines) {
  std::string doc = "{\"Records\":[";
  bool first = true;
  for (std::size_t p = 0; p < lines.size();) {
    std::size_t nl = lines.find('\n', p);
    if (nl == std::string_view::npos) nl = lines.size();
    if (nl > p) {
      if (!first) doc += ',';
      first = false;
      doc.append(lines.substr(p, nl - p));
    }
    p = nl + 1;
  }
  doc += "]}";
  return doc;
}

/// splitmix64: small, fast, and the same sequence on every machine.
struct rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return next() % n; }
};

inline std::string hex(rng& r, int n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < n; ++i) s += digits[r.below(16)];
  return s;
}

inline std::string uuid(rng& r) {
  return hex(r, 8) + "-" + hex(r, 4) + "-4" + hex(r, 3) + "-a" + hex(r, 3) + "-" + hex(r, 12);
}

inline std::string event_time(rng& r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "2025-03-%02d T%02d:%02d:%02dZ", int(1 + r.below(28)), int(r.below(24)),
                int(r.below(60)), int(r.below(60)));
  std::string s(buf);
  s.erase(10, 1);  // "2025-03-11T13:04:12Z"
  return s;
}

inline constexpr std::string_view account = "123456789012";
inline constexpr std::string_view region = "us-east-1";

/// The share of each kind of record in a generated stream, in parts per 1000.
struct mix {
  int ecs_writes = 20;      ///< 2%: ECS writes the catalog tracks
  int ecs_mentions = 40;    ///< 4%: name ecs.amazonaws.com without being ECS writes
};

struct identity_pick {
  std::string json;
  std::string user_agent;
};

inline identity_pick pick_identity(rng& r) {
  std::string acct(account);
  switch (r.below(5)) {
    case 0: {
      std::string user = "user" + std::to_string(r.below(40));
      return {R"({"type":"IAMUser","principalId":"AIDA)" + hex(r, 16) + R"(","arn":"arn:aws:iam::)" + acct +
                  ":user/" + user + R"(","accountId":")" + acct + R"(","accessKeyId":"AKIA)" + hex(r, 16) +
                  R"(","userName":")" + user + R"("})",
              "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.debian.12 prompt/off command/ecs.update-service"};
    }
    case 1: {
      std::string session = "dev" + std::to_string(r.below(40)) + "@example.com";
      return {R"({"type":"AssumedRole","principalId":"AROA)" + hex(r, 16) + ":" + session +
                  R"(","arn":"arn:aws:sts::)" + acct + ":assumed-role/AWSReservedSSO_Admin_0123abcd/" + session +
                  R"(","accountId":")" + acct + R"(","accessKeyId":"ASIA)" + hex(r, 16) +
                  R"(","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROA)" + hex(r, 16) +
                  R"(","arn":"arn:aws:iam::)" + acct +
                  R"(:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123abcd","accountId":")" + acct +
                  R"(","userName":"AWSReservedSSO_Admin_0123abcd"},"webIdFederationData":{},"attributes":{"creationDate":"2025-03-11T12:00:00Z","mfaAuthenticated":"false"}}})",
              "AWS Internal"};
    }
    case 2:
      return {R"({"type":"AssumedRole","principalId":"AROA)" + hex(r, 16) +
                  R"(:AutoScaling","arn":"arn:aws:sts::)" + acct +
                  R"(:assumed-role/AWSServiceRoleForApplicationAutoScaling_ECSService/AutoScaling","accountId":")" +
                  acct +
                  R"(","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROA)" + hex(r, 16) +
                  R"(","arn":"arn:aws:iam::)" + acct +
                  R"(:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService","accountId":")" +
                  acct +
                  R"(","userName":"AWSServiceRoleForApplicationAutoScaling_ECSService"},"attributes":{"creationDate":"2025-03-11T12:00:00Z","mfaAuthenticated":"false"}},"invokedBy":"application-autoscaling.amazonaws.com"})",
              "application-autoscaling.amazonaws.com"};
    case 3:
      return {R"({"type":"Root","principalId":")" + acct + R"(","arn":"arn:aws:iam::)" + acct +
                  R"(:root","accountId":")" + acct + R"(","accessKeyId":"ASIA)" + hex(r, 16) + R"("})",
              "Boto3/1.34.60 md/Botocore#1.34.60 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.8 cfg/retry-mode#legacy Botocore/1.34.60"};
    default:
      return {R"({"type":"AssumedRole","principalId":"AROA)" + hex(r, 16) + R"(:terraform","arn":"arn:aws:sts::)" +
                  acct + R"(:assumed-role/terraform/terraform","accountId":")" + acct +
                  R"(","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROA)" + hex(r, 16) +
                  R"(","arn":"arn:aws:iam::)" + acct + R"(:role/terraform","accountId":")" + acct +
                  R"(","userName":"terraform"},"attributes":{"creationDate":"2025-03-11T12:00:00Z","mfaAuthenticated":"false"}}})",
              "APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.70.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.2 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 api/ecs#1.47.0"};
  }
}

inline std::string envelope(rng& r, std::string_view source, std::string_view name, const identity_pick& who,
                            std::string_view request, std::string_view response, bool read_only,
                            std::string_view extra = {}) {
  std::string s;
  s.reserve(2048);
  s += R"({"eventVersion":"1.09","userIdentity":)";
  s += who.json;
  s += R"(,"eventTime":")" + event_time(r) + R"(","eventSource":")";
  s += source;
  s += R"(","eventName":")";
  s += name;
  s += R"(","awsRegion":")";
  s += region;
  s += R"(","sourceIPAddress":"203.0.113.)" + std::to_string(r.below(250)) + R"(","userAgent":")";
  s += who.user_agent;
  s += R"(","requestParameters":)";
  s += request;
  s += R"(,"responseElements":)";
  s += response;
  s += extra;
  // Real records carry the resources touched and, inside a VPC, the endpoint used.
  s += R"(,"resources":[{"accountId":")";
  s += account;
  s += R"(","type":"AWS::)" + std::string(source.substr(0, source.find('.'))) + R"(::Resource","ARN":"arn:aws:)" +
       std::string(source.substr(0, source.find('.'))) + ":us-east-1:" + std::string(account) + ":resource/" +
       hex(r, 24) + R"("},{"accountId":")";
  s += account;
  s += R"(","type":"AWS::IAM::Role","ARN":"arn:aws:iam::)" + std::string(account) + ":role/service-role/" + hex(r, 20) +
       R"("}],"vpcEndpointId":"vpce-)" + hex(r, 17) + R"(","vpcEndpointAccountId":")";
  s += account;
  s += R"(","sharedEventID":")" + uuid(r) + '"';
  s += R"(,"requestID":")" + uuid(r) + R"(","eventID":")" + uuid(r) + R"(","readOnly":)";
  s += read_only ? "true" : "false";
  s += R"(,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":")";
  s += account;
  s += R"(","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":")";
  s += source.substr(0, source.find('.'));
  s += R"(.us-east-1.amazonaws.com"}})";
  return s;
}

/// Returns an ECS write the catalog tracks, on one of `services` services.
inline std::string ecs_write(rng& r, int services) {
  auto who = pick_identity(r);
  int svc = static_cast<int>(r.below(static_cast<std::uint64_t>(services)));
  std::string cluster = "cluster-" + std::to_string(svc % 8);
  std::string service = "svc-" + std::to_string(svc);
  std::string acct(account);
  switch (r.below(10)) {
    case 0:
    case 1: {
      std::string family = "app-" + std::to_string(svc);
      std::string req = R"({"family":")" + family +
                        R"(","containerDefinitions":[{"name":"app","image":"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v)" +
                        std::to_string(r.below(20)) +
                        R"(","cpu":0,"memory":512,"essential":true,"portMappings":[{"containerPort":8080,"protocol":"tcp"}],"environment":[{"name":"LOG_LEVEL","value":"info"},{"name":"REGION","value":"us-east-1"}],"logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"/ecs/app","awslogs-region":"us-east-1","awslogs-stream-prefix":"ecs"}}}],"taskRoleArn":"arn:aws:iam::)" +
                        acct + R"(:role/app-task","executionRoleArn":"arn:aws:iam::)" + acct +
                        R"(:role/ecsTaskExecutionRole","networkMode":"awsvpc","requiresCompatibilities":["FARGATE"],"cpu":"256","memory":"512"})";
      std::string resp = R"({"taskDefinition":{"taskDefinitionArn":"arn:aws:ecs:us-east-1:)" + acct +
                         ":task-definition/" + family + ":" + std::to_string(2 + r.below(50)) +
                         R"(","family":")" + family + R"(","revision":8,"status":"ACTIVE","compatibilities":["EC2","FARGATE"],"registeredAt":"Mar 11, 2025, 1:04:12 PM"}})";
      return envelope(r, "ecs.amazonaws.com", "RegisterTaskDefinition", who, req, resp, false);
    }
    case 2: {
      std::string req = R"({"cluster":")" + cluster +
                        R"(","capacityProviders":["FARGATE","FARGATE_SPOT"],"defaultCapacityProviderStrategy":[{"capacityProvider":"FARGATE_SPOT","weight":1}]})";
      std::string resp = R"({"cluster":{"clusterArn":"arn:aws:ecs:us-east-1:)" + acct + ":cluster/" + cluster +
                         R"(","clusterName":")" + cluster + R"(","status":"ACTIVE"}})";
      return envelope(r, "ecs.amazonaws.com", "PutClusterCapacityProviders", who, req, resp, false);
    }
    case 3: {
      std::string req = R"({"cluster":")" + cluster + R"(","settings":[{"name":"containerInsights","value":"enabled"}]})";
      return envelope(r, "ecs.amazonaws.com", "UpdateClusterSettings", who, req, "null", false);
    }
    default: {
      std::string req = R"({"cluster":")" + cluster + R"(","service":")" + service + R"(","desiredCount":)" +
                        std::to_string(1 + r.below(9)) + (r.below(4) == 0 ? R"(,"enableExecuteCommand":true)" : "") + "}";
      std::string resp = R"({"service":{"serviceArn":"arn:aws:ecs:us-east-1:)" + acct + ":service/" + cluster + "/" +
                         service + R"(","serviceName":")" + service +
                         R"(","clusterArn":"arn:aws:ecs:us-east-1:)" + acct + ":cluster/" + cluster +
                         R"(","desiredCount":5,"runningCount":3,"pendingCount":0,"launchType":"FARGATE","platformVersion":"LATEST","createdAt":"Mar 11, 2025, 1:04:12 PM"}})";
      return envelope(r, "ecs.amazonaws.com", "UpdateService", who, req, resp, false);
    }
  }
}

/// Returns a record that names ecs.amazonaws.com without being an ECS write.
inline std::string ecs_mention(rng& r) {
  std::string acct(account);
  switch (r.below(4)) {
    case 0: {  // ECS read-only
      auto who = pick_identity(r);
      return envelope(r, "ecs.amazonaws.com", "DescribeServices", who,
                      R"({"cluster":"cluster-1","services":["svc-1","svc-9"],"include":["TAGS"]})", "null", true);
    }
    case 1: {  // ECS attaching an ENI for a Fargate task, on the user's behalf
      identity_pick who{R"({"type":"AWSService","invokedBy":"ecs.amazonaws.com"})", "ecs.amazonaws.com"};
      return envelope(r, "ec2.amazonaws.com", "CreateNetworkInterface", who,
                      R"({"subnetId":"subnet-0a1b2c3d","description":"arn:aws:ecs:us-east-1:123456789012:attachment/)" +
                          uuid(r) + R"(","groupSet":{"items":[{"groupId":"sg-0a1b2c3d4e5f60718"}]},"privateIpAddressesSet":{}})",
                      R"({"requestId":")" + uuid(r) + R"(","networkInterface":{"networkInterfaceId":"eni-)" + hex(r, 17) +
                          R"(","subnetId":"subnet-0a1b2c3d","vpcId":"vpc-0a1b2c3d","availabilityZone":"us-east-1a","status":"pending"}})",
                      false);
    }
    case 2: {  // ELB target registration by ECS
      identity_pick who{R"({"type":"AWSService","invokedBy":"ecs.amazonaws.com"})", "ecs.amazonaws.com"};
      return envelope(r, "elasticloadbalancing.amazonaws.com", "RegisterTargets", who,
                      R"({"targetGroupArn":"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/)" +
                          hex(r, 16) + R"(","targets":[{"id":"10.0.1.)" + std::to_string(r.below(250)) + R"(","port":8080}]})",
                      "null", false);
    }
    default: {  // ECS tasks assuming their role
      identity_pick who{R"({"type":"AWSService","invokedBy":"ecs-tasks.amazonaws.com"})", "ecs-tasks.amazonaws.com"};
      return envelope(r, "sts.amazonaws.com", "AssumeRole", who,
                      R"({"roleArn":"arn:aws:iam::123456789012:role/app-task","roleSessionName":")" + hex(r, 32) +
                          R"(","durationSeconds":21600,"sourceIdentity":"ecs.amazonaws.com"})",
                      R"({"credentials":{"accessKeyId":"ASIA)" + hex(r, 16) +
                          R"(","sessionToken":"IQoJb3JpZ2luX2VjEXAMPLE","expiration":"Mar 11, 2025, 7:04:12 PM"},"assumedRoleUser":{"assumedRoleId":"AROA)" +
                          hex(r, 16) + R"(:x","arn":"arn:aws:sts::123456789012:assumed-role/app-task/x"}})",
                      false);
    }
  }
}

/// Returns a record of another service, as most of CloudTrail is.
inline std::string noise(rng& r) {
  auto who = pick_identity(r);
  switch (r.below(5)) {
    case 0:
      return envelope(r, "s3.amazonaws.com", "GetObject", who,
                      R"({"bucketName":"logs-)" + hex(r, 8) + R"(","Host":"logs.s3.us-east-1.amazonaws.com","key":"app/2025/03/11/)" +
                          hex(r, 24) + R"(.log"})",
                      "null", true,
                      R"(,"additionalEventData":{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":0,"AuthenticationMethod":"AuthHeader","x-amz-id-2":")" +
                          hex(r, 40) + R"(","bytesTransferredOut":)" + std::to_string(r.below(100000)) + "}");
    case 1:
      return envelope(r, "kms.amazonaws.com", "Decrypt", who,
                      R"({"encryptionAlgorithm":"SYMMETRIC_DEFAULT","encryptionContext":{"aws:lambda:FunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:worker-)" +
                          hex(r, 6) + R"("}})",
                      "null", true);
    case 2:
      return envelope(r, "ec2.amazonaws.com", "DescribeInstances", who,
                      R"({"instancesSet":{"items":[{"instanceId":"i-)" + hex(r, 17) +
                          R"("}]},"filterSet":{"items":[{"name":"tag:Name","valueSet":{"items":[{"value":"web"}]}}]}})",
                      "null", true);
    case 3:
      return envelope(r, "monitoring.amazonaws.com", "PutMetricData", who,
                      R"({"namespace":"App/Workers","metricData":[{"metricName":"QueueDepth","value":)" +
                          std::to_string(r.below(1000)) + R"(,"unit":"Count","dimensions":[{"name":"Queue","value":"jobs"}]}]})",
                      "null", false);
    default:
      return envelope(r, "logs.amazonaws.com", "CreateLogStream", who,
                      R"({"logGroupName":"/aws/lambda/worker-)" + hex(r, 6) + R"(","logStreamName":"2025/03/11/[$LATEST])" +
                          hex(r, 32) + R"("})",
                      "null", false);
  }
}

/// Returns `n` NDJSON lines with the given mix (deterministic for a seed).
inline std::string ndjson(std::size_t n, mix m = {}, std::uint64_t seed = 42, int services = 200) {
  rng r{seed};
  std::string out;
  out.reserve(n * 1900);
  for (std::size_t i = 0; i < n; ++i) {
    auto roll = static_cast<int>(r.below(1000));
    if (roll < m.ecs_writes) out += ecs_write(r, services);
    else if (roll < m.ecs_writes + m.ecs_mentions) out += ecs_mention(r);
    else out += noise(r);
    out += '\n';
  }
  return out;
}

/// Returns a Terraform state (format 4) that manages `services` services, their task
/// definitions and 8 clusters with capacity providers, padded with `extra` other resources.
inline std::string state(int services = 200, int extra = 0) {
  std::string acct(account);
  std::string s = R"({"version":4,"terraform_version":"1.9.5","serial":1,"lineage":"bench","outputs":{},"resources":[)";
  bool first = true;
  auto add = [&](const std::string& r) {
    if (!first) s += ',';
    first = false;
    s += r;
  };
  const std::string provider = R"("provider":"provider[\"registry.terraform.io/hashicorp/aws\"]")";
  for (int c = 0; c < 8; ++c) {
    std::string name = "cluster-" + std::to_string(c);
    std::string arn = "arn:aws:ecs:us-east-1:" + acct + ":cluster/" + name;
    add(R"({"mode":"managed","type":"aws_ecs_cluster","name":"c)" + std::to_string(c) + R"(",)" + provider +
        R"(,"instances":[{"schema_version":0,"attributes":{"arn":")" + arn + R"(","id":")" + arn + R"(","name":")" +
        name + R"(","setting":[{"name":"containerInsights","value":"disabled"}],"configuration":[],"tags":{}}}]})");
    add(R"({"mode":"managed","type":"aws_ecs_cluster_capacity_providers","name":"c)" + std::to_string(c) + R"(",)" +
        provider + R"(,"instances":[{"schema_version":0,"attributes":{"id":")" + name + R"(","cluster_name":")" + name +
        R"(","capacity_providers":["FARGATE"],"default_capacity_provider_strategy":[{"base":0,"capacity_provider":"FARGATE","weight":1}]}}]})");
  }
  for (int i = 0; i < services; ++i) {
    std::string cluster = "cluster-" + std::to_string(i % 8);
    std::string svc = "svc-" + std::to_string(i);
    std::string family = "app-" + std::to_string(i);
    add(R"({"mode":"managed","type":"aws_ecs_service","name":"s)" + std::to_string(i) + R"(",)" + provider +
        R"(,"instances":[{"schema_version":0,"attributes":{"id":"arn:aws:ecs:us-east-1:)" + acct + ":service/" + cluster +
        "/" + svc + R"(","name":")" + svc + R"(","cluster":"arn:aws:ecs:us-east-1:)" + acct + ":cluster/" + cluster +
        R"(","desired_count":3,"task_definition":")" + family +
        R"(:1","launch_type":"FARGATE","enable_execute_command":false,"force_new_deployment":false,"platform_version":"LATEST","network_configuration":[{"assign_public_ip":false,"security_groups":["sg-0a1b2c3d4e5f60718"],"subnets":["subnet-0a1b2c3d"]}],"tags":{"Service":")" +
        svc + R"("}}}]})");
    add(R"({"mode":"managed","type":"aws_ecs_task_definition","name":"t)" + std::to_string(i) + R"(",)" + provider +
        R"(,"instances":[{"schema_version":1,"attributes":{"id":")" + family + R"(","arn":"arn:aws:ecs:us-east-1:)" + acct +
        ":task-definition/" + family + R"(:1","family":")" + family +
        R"(","revision":1,"container_definitions":"[{\"cpu\":0,\"environment\":[{\"name\":\"LOG_LEVEL\",\"value\":\"info\"},{\"name\":\"REGION\",\"value\":\"us-east-1\"}],\"essential\":true,\"image\":\"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1\",\"logConfiguration\":{\"logDriver\":\"awslogs\",\"options\":{\"awslogs-group\":\"/ecs/app\",\"awslogs-region\":\"us-east-1\",\"awslogs-stream-prefix\":\"ecs\"}},\"memory\":512,\"mountPoints\":[],\"name\":\"app\",\"portMappings\":[{\"containerPort\":8080,\"hostPort\":8080,\"protocol\":\"tcp\"}],\"volumesFrom\":[]}]","cpu":"256","memory":"512","network_mode":"awsvpc","requires_compatibilities":["FARGATE"],"task_role_arn":"arn:aws:iam::)" +
        acct + R"(:role/app-task","execution_role_arn":"arn:aws:iam::)" + acct + R"(:role/ecsTaskExecutionRole"}}]})");
  }
  for (int i = 0; i < extra; ++i)
    add(R"({"mode":"managed","type":"aws_iam_role","name":"r)" + std::to_string(i) + R"(",)" + provider +
        R"(,"instances":[{"schema_version":0,"attributes":{"arn":"arn:aws:iam::)" + acct + ":role/r" + std::to_string(i) +
        R"(","name":"r)" + std::to_string(i) + R"(","assume_role_policy":"{\"Version\":\"2012-10-17\"}","tags":{}}}]})");
  s += "]}";
  return s;
}

}  // namespace tfdrift_bench

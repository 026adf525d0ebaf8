// The catalog's aws_ecs_express_gateway_service tables (express_gateway_service.go).
// A part of catalog.hpp, which includes it after the row types it uses: not a header of its own.
#pragma once

#include "catalog_services.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

// express_gateway_service.go: network_configuration and scaling_target are lists of at most one
// object (Optional+Computed: AWS fills what the request leaves out, so each member is compared
// only when the request sets it); primary_container (exactly one block) holds
// aws_logs_configuration (Optional+Computed, one object), container_port, environment (a list of
// {name, value}), image, repository_credentials (at most one) and secret (a list of
// {name, value_from}). API shapes ExpressGatewayServiceNetworkConfiguration,
// ExpressGatewayScalingTarget, ExpressGatewayContainer.
inline constexpr std::array<block_member, 2> express_logs_members{{
    {"logGroup", "log_group", member_kind::string},
    {"logStreamPrefix", "log_stream_prefix", member_kind::string},
}};
inline constexpr std::array<block_member, 2> express_environment_members{{
    {"name", "name", member_kind::string},
    {"value", "value", member_kind::string},
}};
inline constexpr std::array<block_member, 1> express_repository_credentials_members{{
    {"credentialsParameter", "credentials_parameter", member_kind::string},
}};
inline constexpr std::array<field_map, 17> express_gateway_service_shared_fields{{
    {"cpu", "cpu", compare_kind::cpu_units},
    {"executionRoleArn", "execution_role_arn", compare_kind::string},
    {"healthCheckPath", "health_check_path", compare_kind::string},
    {"memory", "memory", compare_kind::memory_units},
    {"networkConfiguration.securityGroups", "network_configuration[0].security_groups", compare_kind::string_set},
    {"networkConfiguration.subnets", "network_configuration[0].subnets", compare_kind::string_set},
    {"primaryContainer.awsLogsConfiguration", "primary_container[0].aws_logs_configuration", compare_kind::block, {}, express_logs_members},
    {"primaryContainer.containerPort", "primary_container[0].container_port", compare_kind::number},
    {"primaryContainer.environment", "primary_container[0].environment", compare_kind::block_list, {}, express_environment_members},
    {"primaryContainer.image", "primary_container[0].image", compare_kind::string},
    {"primaryContainer.repositoryCredentials", "primary_container[0].repository_credentials", compare_kind::block, {}, express_repository_credentials_members},
    {"primaryContainer.secrets", "primary_container[0].secret", compare_kind::block_list, {}, sc_secret_option_members},
    {"scalingTarget.autoScalingMetric", "scaling_target[0].auto_scaling_metric", compare_kind::string},
    {"scalingTarget.autoScalingTargetValue", "scaling_target[0].auto_scaling_target_value", compare_kind::number},
    {"scalingTarget.maxTaskCount", "scaling_target[0].max_task_count", compare_kind::number},
    {"scalingTarget.minTaskCount", "scaling_target[0].min_task_count", compare_kind::number},
    {"taskRoleArn", "task_role_arn", compare_kind::string},
}};
// infrastructure_role_arn is RequiresReplace: only CreateExpressGatewayService sets it.
inline constexpr std::array<field_map, 2> create_express_gateway_service_fields{{
    {"infrastructureRoleArn", "infrastructure_role_arn", compare_kind::string},
    {"tags", "tags", compare_kind::tags},
}};

}  // namespace detail

TFDRIFT_END_NAMESPACE

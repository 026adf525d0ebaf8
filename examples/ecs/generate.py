#!/usr/bin/env python3
"""Writes the ECS example: a Terraform state and a morning of CloudTrail with the spec's three drift scenarios.

Outputs (next to this script, deterministic, committed):
  terraform.tfstate                 state format 4: all six ECS resource types, modules, count and for_each
  AWSLogs/123456789012/CloudTrail/us-east-1/2025/03/11/*.json.gz
                                    CloudTrail's S3 objects: {"Records":[...]} on one line, gzip
  AWSLogs/123456789012/CloudTrail-Digest/...json.gz
                                    a digest file (hashes of the log files; tfdrift skips these)
  trail.ndjson                      the same records, one per line (as `jq -c '.Records[]'` writes them)

The records hold three drifts (UpdateService desiredCount 3 -> 5 by IAM user ops-admin;
RegisterTaskDefinition web-app nginx:1.20 -> nginx:1.21 from the console by
developer@example.com; PutClusterCapacityProviders FARGATE -> FARGATE, FARGATE_SPOT by the
assumed role admin) among noise that must not alert: other services, ECS read-only calls, a
failed call, Terraform's own calls, an untracked ECS write, a console request that changes
nothing, and a record delivered twice.

Usage: python3 examples/ecs/generate.py [OUTPUT_DIR]   (stdlib only)
"""

import gzip
import hashlib
import json
import os
import sys
import uuid

ACCT = "123456789012"
REG = "us-east-1"
AWS = 'provider["registry.terraform.io/hashicorp/aws"]'
OBJECT_DIR = f"AWSLogs/{ACCT}/CloudTrail/{REG}/2025/03/11"
OBJECT_1 = f"{OBJECT_DIR}/{ACCT}_CloudTrail_{REG}_20250311T1305Z_abc123.json.gz"
OBJECT_2 = f"{OBJECT_DIR}/{ACCT}_CloudTrail_{REG}_20250311T1310Z_def456.json.gz"
DIGEST = (f"AWSLogs/{ACCT}/CloudTrail-Digest/{REG}/2025/03/11/"
          f"{ACCT}_CloudTrail-Digest_{REG}_example-trail_{REG}_20250311T1400Z.json.gz")
NS = uuid.UUID("6f1e4f7a-0b7c-4c55-9a55-2b0c3f7e9d10")


def arn(kind, name):
    return f"arn:aws:ecs:{REG}:{ACCT}:{kind}/{name}"


def ids(label):
    """Returns a stable (eventID, requestID) pair for a record label."""
    return str(uuid.uuid5(NS, "event:" + label)), str(uuid.uuid5(NS, "request:" + label))


# ------------------------------------------------------------------------------------------
# Terraform state
# ------------------------------------------------------------------------------------------

def log_config(group):
    return {"logDriver": "awslogs", "options": {"awslogs-group": group, "awslogs-region": REG,
                                                 "awslogs-stream-prefix": "ecs"}}


def web_containers(nginx_image):
    """web-app's two containers as the provider stores them (and the console sends them)."""
    return [
        {"cpu": 0, "environment": [{"name": "APP_ENV", "value": "production"},
                                   {"name": "UPSTREAM", "value": "http://127.0.0.1:8080"}],
         "essential": True, "image": nginx_image, "logConfiguration": log_config("/ecs/web-app"),
         "memory": 512, "mountPoints": [], "name": "nginx",
         "portMappings": [{"containerPort": 80, "hostPort": 80, "protocol": "tcp"}],
         "systemControls": [], "volumesFrom": []},
        {"cpu": 0, "environment": [], "essential": False, "firelensConfiguration": {"type": "fluentbit"},
         "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2", "memoryReservation": 50,
         "mountPoints": [], "name": "log-router", "portMappings": [], "systemControls": [], "user": "0",
         "volumesFrom": []},
    ]


def app_container(name, image, port=8080, log_group=None):
    c = {"cpu": 0, "environment": [{"name": "PORT", "value": str(port)}], "essential": True,
         "image": f"{ACCT}.dkr.ecr.{REG}.amazonaws.com/{image}",
         "logConfiguration": log_config(log_group or f"/ecs/{name}"), "mountPoints": [], "name": name,
         "portMappings": [{"containerPort": port, "hostPort": port, "protocol": "tcp"}],
         "systemControls": [], "volumesFrom": []}
    return c


def worker_container():
    return {"cpu": 0, "environment": [], "essential": True,
            "image": f"{ACCT}.dkr.ecr.{REG}.amazonaws.com/worker:2025.03.01",
            "logConfiguration": log_config("/ecs/worker"), "mountPoints": [], "name": "worker",
            "portMappings": [], "systemControls": [], "volumesFrom": []}


def task_definition(family, rev, containers, cpu, memory, role):
    return {
        "arn": arn("task-definition", f"{family}:{rev}"),
        "arn_without_revision": arn("task-definition", family),
        "container_definitions": json.dumps(containers, separators=(",", ":")),
        "cpu": cpu, "enable_fault_injection": False, "ephemeral_storage": [],
        "execution_role_arn": f"arn:aws:iam::{ACCT}:role/ecsTaskExecutionRole",
        "family": family, "id": family, "inference_accelerator": [], "ipc_mode": "", "memory": memory,
        "network_mode": "awsvpc", "pid_mode": "", "placement_constraints": [], "proxy_configuration": [],
        "requires_compatibilities": ["FARGATE"], "revision": rev,
        "runtime_platform": [{"cpu_architecture": "X86_64", "operating_system_family": "LINUX"}],
        "skip_destroy": False, "tags": {"Service": family},
        "tags_all": {"ManagedBy": "terraform", "Service": family},
        "task_role_arn": f"arn:aws:iam::{ACCT}:role/{role}", "track_latest": False, "volume": [],
    }


SUBNETS = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]


def service(name, cluster, td, count, sg, exec_cmd=False):
    return {
        "alarms": [], "availability_zone_rebalancing": "DISABLED", "capacity_provider_strategy": [],
        "cluster": arn("cluster", cluster),
        "deployment_circuit_breaker": [{"enable": True, "rollback": True}],
        "deployment_controller": [{"type": "ECS"}], "deployment_maximum_percent": 200,
        "deployment_minimum_healthy_percent": 100, "desired_count": count, "enable_ecs_managed_tags": False,
        "enable_execute_command": exec_cmd, "force_delete": None, "force_new_deployment": False,
        "health_check_grace_period_seconds": 0,
        "iam_role": "/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
        "id": arn("service", f"{cluster}/{name}"), "launch_type": "FARGATE", "load_balancer": [], "name": name,
        "network_configuration": [{"assign_public_ip": False, "security_groups": [sg], "subnets": SUBNETS}],
        "ordered_placement_strategy": [], "placement_constraints": [], "platform_version": "LATEST",
        "propagate_tags": "NONE", "scheduling_strategy": "REPLICA", "service_connect_configuration": [],
        "service_registries": [], "tags": {"Service": name},
        "tags_all": {"ManagedBy": "terraform", "Service": name}, "task_definition": td, "timeouts": None,
        "triggers": {}, "volume_configuration": [], "vpc_lattice_configurations": [],
        "wait_for_steady_state": False,
    }


def cluster(name, insights):
    return {"arn": arn("cluster", name), "configuration": [], "id": arn("cluster", name), "name": name,
            "service_connect_defaults": [], "setting": [{"name": "containerInsights", "value": insights}],
            "tags": {"Environment": "production"},
            "tags_all": {"Environment": "production", "ManagedBy": "terraform"}}


def instance(attrs, deps=(), index=None, schema=0):
    i = {}
    if index is not None:
        i["index_key"] = index
    i.update({"schema_version": schema, "attributes": attrs, "sensitive_attributes": []})
    if deps:
        i["dependencies"] = list(deps)
    return i


def resource(type_, name, instances, module=None, mode="managed", provider=AWS):
    r = {"module": module} if module else {}
    r.update({"mode": mode, "type": type_, "name": name, "provider": provider, "instances": instances})
    return r


def state():
    td = lambda family, rev: arn("task-definition", f"{family}:{rev}")  # noqa: E731
    resources = [
        resource("aws_ecs_cluster", "shared", [instance({
            "arn": arn("cluster", "shared"), "cluster_name": "shared", "id": arn("cluster", "shared"),
            "pending_tasks_count": 0, "registered_container_instances_count": 0, "running_tasks_count": 2,
            "service_connect_defaults": [], "setting": [{"name": "containerInsights", "value": "disabled"}],
            "status": "ACTIVE", "tags": {}})], mode="data"),
        resource("aws_cloudwatch_log_group", "web_app", [instance({
            "arn": f"arn:aws:logs:{REG}:{ACCT}:log-group:/ecs/web-app", "id": "/ecs/web-app", "kms_key_id": "",
            "log_group_class": "STANDARD", "name": "/ecs/web-app", "name_prefix": "", "retention_in_days": 30,
            "skip_destroy": False, "tags": {}, "tags_all": {"ManagedBy": "terraform"}})]),
        resource("aws_ecs_capacity_provider", "batch", [instance({
            "arn": arn("capacity-provider", "batch-ec2"),
            "auto_scaling_group_provider": [{
                "auto_scaling_group_arn": f"arn:aws:autoscaling:{REG}:{ACCT}:autoScalingGroup:"
                                          "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f:autoScalingGroupName/ecs-batch",
                "managed_draining": "ENABLED",
                "managed_scaling": [{"instance_warmup_period": 300, "maximum_scaling_step_size": 10,
                                     "minimum_scaling_step_size": 1, "status": "ENABLED",
                                     "target_capacity": 90}],
                "managed_termination_protection": "DISABLED"}],
            "id": arn("capacity-provider", "batch-ec2"), "name": "batch-ec2", "tags": {"Team": "data"},
            "tags_all": {"ManagedBy": "terraform", "Team": "data"}})]),
        resource("aws_ecs_cluster", "batch", [instance(cluster("batch", "enabled"))]),
        resource("aws_ecs_cluster", "main", [instance(cluster("production", "disabled"))]),
        resource("aws_ecs_cluster_capacity_providers", "batch", [instance({
            "capacity_providers": ["batch-ec2"], "cluster_name": "batch",
            "default_capacity_provider_strategy": [{"base": 1, "capacity_provider": "batch-ec2", "weight": 1}],
            "id": "batch"}, deps=["aws_ecs_capacity_provider.batch", "aws_ecs_cluster.batch"])]),
        resource("aws_ecs_cluster_capacity_providers", "main", [instance({
            "capacity_providers": ["FARGATE"], "cluster_name": "production",
            "default_capacity_provider_strategy": [{"base": 0, "capacity_provider": "FARGATE", "weight": 1}],
            "id": "production"}, deps=["aws_ecs_cluster.main"])]),
        resource("aws_ecs_service", "main", [instance(
            service("my-service", "production", td("web-app", 7), 3, "sg-0c1d2e3f4a5b60001"),
            deps=["aws_ecs_cluster.main", "aws_ecs_task_definition.web_app", "aws_iam_role.task"], schema=1)]),
        resource("aws_ecs_task_definition", "web_app", [instance(
            task_definition("web-app", 7, web_containers("nginx:1.20"), "512", "1024", "web-app-task"),
            deps=["aws_iam_role.task"], schema=1)]),
        resource("aws_iam_role", "task", [instance({
            "arn": f"arn:aws:iam::{ACCT}:role/web-app-task",
            "assume_role_policy": json.dumps({"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                "Action": "sts:AssumeRole"}]}, separators=(",", ":")),
            "description": "", "force_detach_policies": False, "id": "web-app-task", "managed_policy_arns": [],
            "max_session_duration": 3600, "name": "web-app-task", "name_prefix": "", "path": "/",
            "permissions_boundary": "", "tags": {}, "tags_all": {"ManagedBy": "terraform"},
            "unique_id": "AROA5Q7EXAMPLEWEBTASK"})]),
        # Not a hashicorp/aws resource: the ECS agent registers container instances. An
        # in-house inventory provider writes this one into the state.
        resource("aws_ecs_container_instance", "batch_node", [instance({
            "agent_connected": True, "arn": arn("container-instance", "batch/4c8e2a1f9d3b47e6a5c0b1d2e3f4a5b6"),
            "cluster": arn("cluster", "batch"), "ec2_instance_id": "i-0a1b2c3d4e5f67890",
            "id": "4c8e2a1f9d3b47e6a5c0b1d2e3f4a5b6", "status": "ACTIVE"}, deps=["aws_ecs_cluster.batch"])],
            provider='provider["registry.terraform.io/acme/ecsinventory"]'),
        resource("aws_ecs_service", "this", [
            instance(service("billing", "production", td("billing", 4), 2, "sg-0c1d2e3f4a5b60002"),
                     index="billing", schema=1,
                     deps=["aws_ecs_cluster.main", "module.api.aws_ecs_task_definition.this"]),
            instance(service("search", "production", td("search", 11), 4, "sg-0c1d2e3f4a5b60002"),
                     index="search", schema=1,
                     deps=["aws_ecs_cluster.main", "module.api.aws_ecs_task_definition.this"]),
        ], module="module.api"),
        resource("aws_ecs_task_definition", "this", [
            instance(task_definition("billing", 4, [app_container("billing", "billing:2025.02.27")],
                                     "256", "512", "billing-task"), index="billing", schema=1),
            instance(task_definition("search", 11, [app_container("search", "search:2025.03.05")],
                                     "1024", "2048", "search-task"), index="search", schema=1),
        ], module="module.api"),
        resource("aws_ecs_service", "worker", [
            instance(service(f"worker-{i}", "batch", td("worker", 9), 1, "sg-0c1d2e3f4a5b60003"), index=i,
                     schema=1, deps=["aws_ecs_cluster.batch", "module.workers.aws_ecs_task_definition.worker"])
            for i in range(2)], module="module.workers"),
        resource("aws_ecs_task_definition", "worker", [instance(
            task_definition("worker", 9, [worker_container()], "512", "1024", "worker-task"), schema=1)],
            module="module.workers"),
    ]
    return {
        "version": 4, "terraform_version": "1.9.8", "serial": 187,
        "lineage": "b6a1f0c2-7d34-4e59-9a8b-1c2d3e4f5a6b",
        "outputs": {
            "cluster_arn": {"value": arn("cluster", "production"), "type": "string"},
            "web_app_task_definition": {"value": arn("task-definition", "web-app:7"), "type": "string"},
        },
        "resources": resources,
        "check_results": None,
    }


# ------------------------------------------------------------------------------------------
# CloudTrail
# ------------------------------------------------------------------------------------------

CLI = "aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64.amzn.2023 prompt/off command/{}"
BOTO = ("Boto3/1.34.62 md/Botocore#1.34.62 ua/2.0 os/linux#6.1.79-99.167.amzn2023.x86_64 md/arch#x86_64 "
        "lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.62")
TERRAFORM = ("APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.84.0 "
             "(+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.8 os/linux "
             "lang/go#1.23.4 md/GOOS#linux md/GOARCH#amd64 api/ecs#1.53.8")
BROWSER = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/133.0.0.0 Safari/537.36")


def iam_user(name, principal, key):
    return {"type": "IAMUser", "principalId": principal, "arn": f"arn:aws:iam::{ACCT}:user/{name}",
            "accountId": ACCT, "accessKeyId": key, "userName": name}


def assumed_role(role, session, principal, key, created, path="/", invoked_by=None):
    u = {"type": "AssumedRole", "principalId": f"{principal}:{session}",
         "arn": f"arn:aws:sts::{ACCT}:assumed-role/{role}/{session}", "accountId": ACCT, "accessKeyId": key,
         "sessionContext": {
             "sessionIssuer": {"type": "Role", "principalId": principal,
                               "arn": f"arn:aws:iam::{ACCT}:role{path}{role}", "accountId": ACCT,
                               "userName": role},
             "webIdFederationData": {},
             "attributes": {"creationDate": created, "mfaAuthenticated": "false"}}}
    if invoked_by:
        u["invokedBy"] = invoked_by
    return u


OPS_ADMIN = iam_user("ops-admin", "AIDAI23ABCD4EFGH5IJKL", "AKIA5Q7EXAMPLE3OPS12")
DEVELOPER = assumed_role("AWSReservedSSO_DeveloperAccess_0123abcd", "developer@example.com",
                         "AROA5Q7EXAMPLESSODEV1", "ASIA5Q7EXAMPLESSO7K2", "2025-03-11T12:58:31Z",
                         path="/aws-reserved/sso.amazonaws.com/")
ADMIN = assumed_role("admin", "admin", "AROA5Q7EXAMPLEADMIN01", "ASIA5Q7EXAMPLEADM9Q3", "2025-03-11T13:03:40Z")
TERRAFORM_CI = assumed_role("terraform-ci", "GitHubActions", "AROA5Q7EXAMPLETFCI001", "ASIA5Q7EXAMPLETFCI8W",
                            "2025-03-11T13:05:31Z")
EXEC_ROLE = assumed_role("ecsTaskExecutionRole", "7c1d9e0f2a3b4c5d6e7f8a9b0c1d2e3f", "AROA5Q7EXAMPLEEXEC001",
                         "ASIA5Q7EXAMPLEEXEC4T", "2025-03-11T13:04:39Z", invoked_by="ecs-tasks.amazonaws.com")
EVENTS_ROLE = assumed_role("ecsEventsRole", "d3c2b1a0f9e8d7c6b5a4", "AROA5Q7EXAMPLEEVNT01", "ASIA5Q7EXAMPLEEVNT6Q",
                           "2025-03-11T13:07:00Z", invoked_by="events.amazonaws.com")


def record(label, name, source, time, who, agent, ip, request, response, read_only=False, extra=None,
           event_type="AwsApiCall", host=None):
    event_id, request_id = ids(label)
    r = {"eventVersion": "1.09", "userIdentity": who, "eventTime": time, "eventSource": source,
         "eventName": name, "awsRegion": REG, "sourceIPAddress": ip, "userAgent": agent}
    if extra and "errorCode" in extra:
        r["errorCode"] = extra.pop("errorCode")
        r["errorMessage"] = extra.pop("errorMessage")
    r.update({"requestParameters": request, "responseElements": response, "requestID": request_id,
              "eventID": event_id, "readOnly": read_only, "eventType": event_type, "managementEvent": True,
              "recipientAccountId": ACCT, "eventCategory": "Management",
              "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                             "clientProvidedHostHeader": host or source.replace(".amazonaws.com", f".{REG}.amazonaws.com")}})
    if extra:
        r.update(extra)
    return r


def service_response(name, cluster_name, td, desired, running, sg, exec_cmd=False, updated="Mar 11, 2025, 1:01:12 PM"):
    net = {"awsvpcConfiguration": {"subnets": SUBNETS, "securityGroups": [sg], "assignPublicIp": "DISABLED"}}
    return {"service": {
        "serviceArn": arn("service", f"{cluster_name}/{name}"), "serviceName": name,
        "clusterArn": arn("cluster", cluster_name), "loadBalancers": [], "serviceRegistries": [],
        "status": "ACTIVE", "desiredCount": desired, "runningCount": running, "pendingCount": 0,
        "launchType": "FARGATE", "platformVersion": "LATEST", "platformFamily": "Linux",
        "taskDefinition": td,
        "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": True, "rollback": True},
                                    "maximumPercent": 200, "minimumHealthyPercent": 100},
        "deployments": [{"id": "ecs-svc/4285619372913848165", "status": "PRIMARY", "taskDefinition": td,
                         "desiredCount": desired, "pendingCount": 0, "runningCount": running, "failedTasks": 0,
                         "createdAt": "Feb 27, 2025, 9:12:44 AM", "updatedAt": updated,
                         "launchType": "FARGATE", "platformVersion": "1.4.0", "platformFamily": "Linux",
                         "networkConfiguration": net, "rolloutState": "COMPLETED",
                         "rolloutStateReason": "ECS deployment ecs-svc/4285619372913848165 completed."}],
        "roleArn": f"arn:aws:iam::{ACCT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
        "events": [], "createdAt": "Feb 27, 2025, 9:12:44 AM", "placementConstraints": [],
        "placementStrategy": [], "networkConfiguration": net, "healthCheckGracePeriodSeconds": 0,
        "schedulingStrategy": "REPLICA", "deploymentController": {"type": "ECS"},
        "createdBy": f"arn:aws:iam::{ACCT}:role/terraform-ci", "enableECSManagedTags": False,
        "propagateTags": "NONE", "enableExecuteCommand": exec_cmd, "availabilityZoneRebalancing": "DISABLED"}}


def task_definition_response(family, rev, containers, cpu, memory, role, registered_at, registered_by):
    with_defaults = []
    for c in containers:
        c = dict(c)
        c["portMappings"] = [dict(m, protocol=m.get("protocol", "tcp")) for m in c.get("portMappings", [])]
        with_defaults.append(c)
    return {"taskDefinition": {
        "taskDefinitionArn": arn("task-definition", f"{family}:{rev}"), "containerDefinitions": with_defaults,
        "family": family, "taskRoleArn": f"arn:aws:iam::{ACCT}:role/{role}",
        "executionRoleArn": f"arn:aws:iam::{ACCT}:role/ecsTaskExecutionRole", "networkMode": "awsvpc",
        "revision": rev, "volumes": [], "status": "ACTIVE",
        "requiresAttributes": [{"name": "com.amazonaws.ecs.capability.logging-driver.awslogs"},
                               {"name": "ecs.capability.execution-role-awslogs"},
                               {"name": "com.amazonaws.ecs.capability.task-iam-role"},
                               {"name": "ecs.capability.task-eni"}],
        "placementConstraints": [], "compatibilities": ["EC2", "FARGATE"],
        "runtimePlatform": {"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"},
        "requiresCompatibilities": ["FARGATE"], "cpu": cpu, "memory": memory,
        "registeredAt": registered_at, "registeredBy": registered_by}, "tags": []}


def records():
    """Returns the records of the two CloudTrail objects (in file order, not time order)."""
    # --- scenario 1: an operator scales the service with the CLI --------------------------
    scale = record("scenario-1", "UpdateService", "ecs.amazonaws.com", "2025-03-11T13:01:12Z", OPS_ADMIN,
                   CLI.format("ecs.update-service"), "203.0.113.24",
                   {"cluster": "production", "service": "my-service", "desiredCount": 5},
                   service_response("my-service", "production", arn("task-definition", "web-app:7"), 5, 3,
                                    "sg-0c1d2e3f4a5b60001"))
    # --- scenario 2: a developer bumps nginx in the console (which resends everything) ----
    new_web = web_containers("nginx:1.21")
    register = record(
        "scenario-2", "RegisterTaskDefinition", "ecs.amazonaws.com", "2025-03-11T13:02:40Z", DEVELOPER,
        "AWS Internal", "AWS Internal",
        {"family": "web-app", "taskRoleArn": f"arn:aws:iam::{ACCT}:role/web-app-task",
         "executionRoleArn": f"arn:aws:iam::{ACCT}:role/ecsTaskExecutionRole", "networkMode": "awsvpc",
         "containerDefinitions": new_web, "volumes": [], "placementConstraints": [],
         "requiresCompatibilities": ["FARGATE"], "cpu": "512", "memory": "1024",
         "runtimePlatform": {"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"},
         "tags": [{"key": "Service", "value": "web-app"}, {"key": "ManagedBy", "value": "terraform"}]},
        task_definition_response("web-app", 8, new_web, "512", "1024", "web-app-task", "Mar 11, 2025, 1:02:40 PM",
                                 DEVELOPER["arn"]),
        extra={"sessionCredentialFromConsole": "true"})
    # --- scenario 3: an admin adds FARGATE_SPOT to the production cluster ------------------
    capacity = record(
        "scenario-3", "PutClusterCapacityProviders", "ecs.amazonaws.com", "2025-03-11T13:04:03Z", ADMIN,
        CLI.format("ecs.put-cluster-capacity-providers"), "198.51.100.12",
        {"cluster": "production", "capacityProviders": ["FARGATE", "FARGATE_SPOT"],
         "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}]},
        {"cluster": {"clusterArn": arn("cluster", "production"), "clusterName": "production", "status": "ACTIVE",
                     "registeredContainerInstancesCount": 0, "runningTasksCount": 9, "pendingTasksCount": 0,
                     "activeServicesCount": 3, "statistics": [],
                     "tags": [{"key": "Environment", "value": "production"}],
                     "settings": [{"name": "containerInsights", "value": "disabled"}],
                     "capacityProviders": ["FARGATE", "FARGATE_SPOT"],
                     "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1,
                                                          "base": 0}],
                     "attachments": [], "attachmentsStatus": "UPDATE_IN_PROGRESS"}})

    # --- noise ------------------------------------------------------------------------------
    console_login = record(
        "console-login", "ConsoleLogin", "signin.amazonaws.com", "2025-03-11T13:00:05Z",
        {"type": "AssumedRole", "principalId": "AROA5Q7EXAMPLESSODEV1:developer@example.com",
         "arn": f"arn:aws:sts::{ACCT}:assumed-role/AWSReservedSSO_DeveloperAccess_0123abcd/developer@example.com",
         "accountId": ACCT},
        BROWSER, "198.51.100.73", None, {"ConsoleLogin": "Success"}, event_type="AwsConsoleSignIn",
        extra={"additionalEventData": {"MobileVersion": "No", "MFAUsed": "No"}}, host="signin.aws.amazon.com")
    describe_instances = record(
        "describe-instances", "DescribeInstances", "ec2.amazonaws.com", "2025-03-11T13:00:41Z", OPS_ADMIN,
        CLI.format("ec2.describe-instances"), "203.0.113.24",
        {"instancesSet": {}, "filterSet": {"items": [{"name": "tag:Cluster", "valueSet": {"items": [
            {"value": "batch"}]}}]}}, None, read_only=True)
    list_tasks = record(
        "list-tasks", "ListTasks", "ecs.amazonaws.com", "2025-03-11T13:00:52Z", OPS_ADMIN,
        CLI.format("ecs.list-tasks"), "203.0.113.24",
        {"cluster": "production", "serviceName": "my-service", "desiredStatus": "RUNNING"}, None, read_only=True)
    describe_services = record(
        "describe-services", "DescribeServices", "ecs.amazonaws.com", "2025-03-11T13:01:58Z", DEVELOPER,
        "AWS Internal", "AWS Internal", {"cluster": "production", "services": ["my-service"],
                                          "include": ["TAGS"]}, None, read_only=True,
        extra={"sessionCredentialFromConsole": "true"})
    denied = record(
        "denied-scale", "UpdateService", "ecs.amazonaws.com", "2025-03-11T13:03:15Z", DEVELOPER,
        "AWS Internal", "AWS Internal", {"cluster": "production", "service": "search", "desiredCount": 8}, None,
        extra={"errorCode": "AccessDeniedException",
               "errorMessage": f"User: {DEVELOPER['arn']} is not authorized to perform: ecs:UpdateService on "
                               f"resource: {arn('service', 'production/search')} because no identity-based "
                               "policy allows the ecs:UpdateService action",
               "sessionCredentialFromConsole": "true"})
    assume_admin = record(
        "assume-admin", "AssumeRole", "sts.amazonaws.com", "2025-03-11T13:03:40Z", OPS_ADMIN,
        CLI.format("sts.assume-role"), "198.51.100.12",
        {"roleArn": f"arn:aws:iam::{ACCT}:role/admin", "roleSessionName": "admin", "durationSeconds": 3600},
        {"credentials": {"accessKeyId": "ASIA5Q7EXAMPLEADM9Q3", "sessionToken": "IQoJb3JpZ2luX2VjEXAMPLE",
                         "expiration": "Mar 11, 2025, 2:03:40 PM"},
         "assumedRoleUser": {"assumedRoleId": "AROA5Q7EXAMPLEADMIN01:admin",
                             "arn": f"arn:aws:sts::{ACCT}:assumed-role/admin/admin"}},
        extra={"resources": [{"accountId": ACCT, "type": "AWS::IAM::Role",
                              "ARN": f"arn:aws:iam::{ACCT}:role/admin"}], "sharedEventID": ids("assume-admin-shared")[0]})
    console_resend = record(
        "console-resend", "UpdateService", "ecs.amazonaws.com", "2025-03-11T13:04:30Z", DEVELOPER,
        "AWS Internal", "AWS Internal",
        {"cluster": "production", "service": "billing", "desiredCount": 2, "taskDefinition": "billing:4",
         "capacityProviderStrategy": [],
         "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": True, "rollback": True},
                                     "maximumPercent": 200, "minimumHealthyPercent": 100},
         "networkConfiguration": {"awsvpcConfiguration": {"subnets": SUBNETS,
                                                          "securityGroups": ["sg-0c1d2e3f4a5b60002"],
                                                          "assignPublicIp": "DISABLED"}},
         "platformVersion": "LATEST", "forceNewDeployment": False, "healthCheckGracePeriodSeconds": 0,
         "enableExecuteCommand": False, "enableECSManagedTags": False, "propagateTags": "NONE",
         "loadBalancers": [], "serviceRegistries": []},
        service_response("billing", "production", arn("task-definition", "billing:4"), 2, 2, "sg-0c1d2e3f4a5b60002",
                         updated="Mar 11, 2025, 1:04:30 PM"),
        extra={"sessionCredentialFromConsole": "true"})
    log_stream = record(
        "log-stream", "CreateLogStream", "logs.amazonaws.com", "2025-03-11T13:04:44Z", EXEC_ROLE,
        "ecs-tasks.amazonaws.com", "ecs-tasks.amazonaws.com",
        {"logGroupName": "/ecs/web-app", "logStreamName": "ecs/nginx/7c1d9e0f2a3b4c5d6e7f8a9b0c1d2e3f"}, None)

    tf_register = record(
        "tf-register", "RegisterTaskDefinition", "ecs.amazonaws.com", "2025-03-11T13:06:02Z", TERRAFORM_CI,
        TERRAFORM, "52.3.184.90",
        {"family": "search", "taskRoleArn": f"arn:aws:iam::{ACCT}:role/search-task",
         "executionRoleArn": f"arn:aws:iam::{ACCT}:role/ecsTaskExecutionRole", "networkMode": "awsvpc",
         "containerDefinitions": [app_container("search", "search:2025.03.11")],
         "requiresCompatibilities": ["FARGATE"], "cpu": "1024", "memory": "2048",
         "runtimePlatform": {"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"},
         "tags": [{"key": "Service", "value": "search"}, {"key": "ManagedBy", "value": "terraform"}]},
        task_definition_response("search", 12, [app_container("search", "search:2025.03.11")], "1024", "2048",
                                 "search-task", "Mar 11, 2025, 1:06:02 PM", TERRAFORM_CI["arn"]))
    tf_describe = record(
        "tf-describe", "DescribeTaskDefinition", "ecs.amazonaws.com", "2025-03-11T13:06:03Z", TERRAFORM_CI,
        TERRAFORM, "52.3.184.90", {"taskDefinition": arn("task-definition", "search:12"), "include": ["TAGS"]},
        None, read_only=True)
    tf_update = record(
        "tf-update", "UpdateService", "ecs.amazonaws.com", "2025-03-11T13:06:05Z", TERRAFORM_CI, TERRAFORM,
        "52.3.184.90",
        {"cluster": arn("cluster", "production"), "service": "search",
         "taskDefinition": arn("task-definition", "search:12")},
        service_response("search", "production", arn("task-definition", "search:12"), 4, 4, "sg-0c1d2e3f4a5b60002",
                         updated="Mar 11, 2025, 1:06:05 PM"))
    tf_deregister = record(
        "tf-deregister", "DeregisterTaskDefinition", "ecs.amazonaws.com", "2025-03-11T13:06:07Z", TERRAFORM_CI,
        TERRAFORM, "52.3.184.90", {"taskDefinition": arn("task-definition", "search:11")},
        {"taskDefinition": {"taskDefinitionArn": arn("task-definition", "search:11"), "family": "search",
                            "revision": 11, "status": "INACTIVE",
                            "deregisteredAt": "Mar 11, 2025, 1:06:07 PM"}})
    run_task = record(
        "run-task", "RunTask", "ecs.amazonaws.com", "2025-03-11T13:07:00Z", EVENTS_ROLE, "events.amazonaws.com",
        "events.amazonaws.com",
        {"cluster": arn("cluster", "batch"), "taskDefinition": arn("task-definition", "worker:9"), "count": 1,
         "launchType": "FARGATE", "startedBy": "events-rule/nightly-reindex",
         "networkConfiguration": {"awsvpcConfiguration": {"subnets": SUBNETS,
                                                          "securityGroups": ["sg-0c1d2e3f4a5b60003"],
                                                          "assignPublicIp": "DISABLED"}}},
        {"tasks": [{"taskArn": arn("task", "batch/0f9e8d7c6b5a49382716a5b4c3d2e1f0"),
                    "clusterArn": arn("cluster", "batch"), "lastStatus": "PROVISIONING",
                    "desiredStatus": "RUNNING"}], "failures": []})
    ecr_token = record(
        "ecr-token", "GetAuthorizationToken", "ecr.amazonaws.com", "2025-03-11T13:07:02Z", EXEC_ROLE,
        "ecs-tasks.amazonaws.com", "ecs-tasks.amazonaws.com", {"registryIds": [ACCT]}, None, read_only=True)
    eks_cluster = record(
        "eks-create", "CreateCluster", "eks.amazonaws.com", "2025-03-11T13:08:10Z", OPS_ADMIN,
        CLI.format("eks.create-cluster"), "203.0.113.24",
        {"name": "analytics", "version": "1.31", "roleArn": f"arn:aws:iam::{ACCT}:role/eks-cluster",
         "resourcesVpcConfig": {"subnetIds": SUBNETS}},
        {"cluster": {"name": "analytics", "arn": f"arn:aws:eks:{REG}:{ACCT}:cluster/analytics",
                     "status": "CREATING", "version": "1.31"}})

    object_1 = [describe_instances, list_tasks, scale, console_login, describe_services, register, denied,
                assume_admin, capacity, console_resend, log_stream]
    # The second object carries a re-delivery of scenario 1 (same eventID): CloudTrail
    # delivers at least once.
    object_2 = [tf_register, tf_describe, json.loads(json.dumps(scale)), tf_update, tf_deregister, run_task,
                ecr_token, eks_cluster]
    return object_1, object_2


def gzip_bytes(text):
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def write(path, data):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    write(os.path.join(out, "terraform.tfstate"), (json.dumps(state(), indent=2) + "\n").encode())
    object_1, object_2 = records()
    compact = lambda v: json.dumps(v, separators=(",", ":"), ensure_ascii=False)  # noqa: E731
    log_files = []
    for name, recs in ((OBJECT_1, object_1), (OBJECT_2, object_2)):
        text = compact({"Records": recs})
        write(os.path.join(out, name), gzip_bytes(text))
        log_files.append({"s3Bucket": "example-cloudtrail-logs", "s3Object": name,
                          "hashValue": hashlib.sha256(text.encode()).hexdigest(),
                          "hashAlgorithm": "SHA-256", "newestEventTime": max(r["eventTime"] for r in recs),
                          "oldestEventTime": min(r["eventTime"] for r in recs)})
    digest = {"awsAccountId": ACCT, "digestStartTime": "2025-03-11T13:00:00Z",
              "digestEndTime": "2025-03-11T14:00:00Z", "digestS3Bucket": "example-cloudtrail-logs",
              "digestS3Object": DIGEST, "digestPublicKeyFingerprint": "8d2c8e5f0f7b3c1a9e6d4b2a1c0f9e8d",
              "digestSignatureAlgorithm": "SHA256withRSA", "newestEventTime": "2025-03-11T13:08:10Z",
              "oldestEventTime": "2025-03-11T13:00:05Z", "previousDigestS3Bucket": None,
              "previousDigestHashValue": None, "previousDigestHashAlgorithm": None,
              "previousDigestSignature": None, "logFiles": log_files}
    write(os.path.join(out, DIGEST), gzip_bytes(compact(digest)))
    lines = "".join(compact(r) + "\n" for r in object_1 + object_2)
    write(os.path.join(out, "trail.ndjson"), lines.encode())


if __name__ == "__main__":
    main()

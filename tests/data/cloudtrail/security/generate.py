#!/usr/bin/env python3
"""Writes the fixtures of the security checks (tests/unit/test_security.cpp).

Outputs (deterministic, committed):
  tests/data/state/security.tfstate        state format 4: cluster "payments", service "payments-api" (Fargate),
                                           task definitions "payments-api" (Fargate, image pinned by digest,
                                           secrets, read-only root, non-root user), "ledger-worker" (EC2) and
                                           "files-sync" (EC2: a host-path volume, EFS volumes, tags with a
                                           default tag in tags_all, fault injection on); the service has
                                           Service Connect, a load balancer and a VPC Lattice target
  tests/data/cloudtrail/security/*.json    one CloudTrail record per file, each making one security-relevant
                                           change (or ExecuteCommand), shaped as CloudTrail writes them

A RegisterTaskDefinition registers a whole new revision, so each request here resends the
revision in state with exactly one thing changed; the responses add what the ECS API adds
(revision, status, compatibilities, cpu 0, empty lists).

Usage: python3 tests/data/cloudtrail/security/generate.py [--check]   (stdlib only; --check only compares)
"""

import copy
import json
import os
import sys
import uuid

ACCT = "123456789012"
REG = "us-east-1"
AWS = 'provider["registry.terraform.io/hashicorp/aws"]'
NS = uuid.UUID("3c7b1f0e-5a2d-4e8b-9f61-0d4c2a7e8b95")
HERE = os.path.dirname(os.path.abspath(__file__))
STATE = os.path.join(HERE, "..", "..", "state", "security.tfstate")
ECR = f"{ACCT}.dkr.ecr.{REG}.amazonaws.com"
API_DIGEST = "sha256:9b2d5e0c41f7a3b86e1d2c4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b"
TASK_ID = "1e2d3c4b5a6978870f1e2d3c4b5a6978"
SG_API = "sg-0a5e1c2d3b4f56789"
SUBNETS = ["subnet-0d1e2f3a4b5c60001", "subnet-0d1e2f3a4b5c60002"]
NAMESPACE = f"arn:aws:servicediscovery:{REG}:{ACCT}:namespace/ns-4fkx3z2qxmd5sy7e"
TG_API = f"arn:aws:elasticloadbalancing:{REG}:{ACCT}:targetgroup/payments-api/6d0ecf831eec9f09"
TG_PUBLIC = f"arn:aws:elasticloadbalancing:{REG}:{ACCT}:targetgroup/payments-api-public/0f3e5c7a9b1d2e4f"
TG_LATTICE = f"arn:aws:vpc-lattice:{REG}:{ACCT}:targetgroup/tg-0a1b2c3d4e5f67890"
TG_LATTICE_NEW = f"arn:aws:vpc-lattice:{REG}:{ACCT}:targetgroup/tg-0f9e8d7c6b5a43210"
EFS_SHARED = "fs-0a1b2c3d4e5f60718"
EFS_LEGACY = "fs-07e6d5c4b3a291807"
EFS_ARCHIVE = "fs-0c1d2e3f4a5b69788"


def ecs_arn(kind, name):
    return f"arn:aws:ecs:{REG}:{ACCT}:{kind}/{name}"


def role(name):
    return f"arn:aws:iam::{ACCT}:role/{name}"


def log_config(group):
    return {"logDriver": "awslogs", "options": {"awslogs-group": group, "awslogs-region": REG,
                                                 "awslogs-stream-prefix": "ecs"}}


def api_containers():
    """payments-api's containers as the console and the CLI send them."""
    return [
        {
            "name": "api",
            "image": f"{ECR}/payments-api@{API_DIGEST}",
            "essential": True,
            "user": "10001",
            "readonlyRootFilesystem": True,
            "portMappings": [{"containerPort": 8443, "hostPort": 8443, "protocol": "tcp"}],
            "environment": [{"name": "LOG_FORMAT", "value": "json"}, {"name": "PORT", "value": "8443"}],
            "secrets": [
                {"name": "DB_PASSWORD",
                 "valueFrom": f"arn:aws:secretsmanager:{REG}:{ACCT}:secret:payments/db-password-Q1w2E3"},
                {"name": "STRIPE_API_KEY", "valueFrom": f"arn:aws:ssm:{REG}:{ACCT}:parameter/payments/stripe-api-key"},
            ],
            "linuxParameters": {"capabilities": {"drop": ["ALL"]}, "initProcessEnabled": True},
            "logConfiguration": log_config("/ecs/payments-api"),
        },
        {
            "name": "datadog-agent",
            "image": "public.ecr.aws/datadog/agent:7.50.3",
            "essential": False,
            "environment": [{"name": "DD_SITE", "value": "datadoghq.com"}, {"name": "ECS_FARGATE", "value": "true"}],
            "secrets": [{"name": "DD_API_KEY",
                         "valueFrom": f"arn:aws:ssm:{REG}:{ACCT}:parameter/payments/datadog-api-key"}],
            "logConfiguration": log_config("/ecs/payments-api"),
        },
    ]


def worker_containers():
    """ledger-worker's container (EC2 launch type)."""
    return [{
        "name": "worker",
        "image": f"{ECR}/ledger-worker:3.4.0",
        "essential": True,
        "memory": 1024,
        "user": "1000",
        "readonlyRootFilesystem": True,
        "environment": [{"name": "QUEUE_URL", "value": f"https://sqs.{REG}.amazonaws.com/{ACCT}/ledger-events"}],
        "logConfiguration": log_config("/ecs/ledger-worker"),
    }]


def sync_containers():
    """files-sync's container (EC2 launch type): reads a host path and two EFS file systems."""
    return [{
        "name": "sync",
        "image": f"{ECR}/files-sync:2.1.0",
        "essential": True,
        "memory": 512,
        "user": "1000",
        "readonlyRootFilesystem": True,
        "mountPoints": [{"sourceVolume": "logs", "containerPath": "/var/log/files-sync"},
                        {"sourceVolume": "shared", "containerPath": "/mnt/shared"},
                        {"sourceVolume": "legacy", "containerPath": "/mnt/legacy", "readOnly": True}],
        "logConfiguration": log_config("/ecs/files-sync"),
    }]


def sync_volumes():
    """files-sync's volumes as RegisterTaskDefinition's request names them (botocore's Volume shape)."""
    return [
        {"name": "logs", "host": {"sourcePath": "/var/log/files-sync"}},
        {"name": "shared", "efsVolumeConfiguration": {
            "fileSystemId": EFS_SHARED, "rootDirectory": "/sync", "transitEncryption": "ENABLED",
            "authorizationConfig": {"accessPointId": "fsap-0a1b2c3d4e5f60718", "iam": "ENABLED"}}},
        # An old volume that predates transit encryption: in state as it is, never a finding by itself.
        {"name": "legacy", "efsVolumeConfiguration": {"fileSystemId": EFS_LEGACY}},
    ]


def stored_volumes(volumes):
    """Volumes as the provider writes them into state (task_definition.go flattenVolumes)."""
    out = []
    for v in volumes:
        efs = v.get("efsVolumeConfiguration")
        stored_efs = []
        if efs:
            auth = efs.get("authorizationConfig")
            stored_efs = [{
                "authorization_config": [{"access_point_id": auth.get("accessPointId", ""),
                                          "iam": auth.get("iam", "")}] if auth else [],
                "file_system_id": efs["fileSystemId"], "root_directory": efs.get("rootDirectory", "/"),
                "transit_encryption": efs.get("transitEncryption", ""),
                "transit_encryption_port": efs.get("transitEncryptionPort", 0)}]
        out.append({"configure_at_launch": False, "docker_volume_configuration": [],
                    "efs_volume_configuration": stored_efs, "fsx_windows_file_server_volume_configuration": [],
                    "host_path": v.get("host", {}).get("sourcePath", ""), "name": v["name"]})
    return out


def as_stored(containers):
    """Container definitions as the provider writes them into state (the API's defaults filled in)."""
    out = []
    for c in containers:
        c = copy.deepcopy(c)
        c.setdefault("cpu", 0)
        for key in ("mountPoints", "volumesFrom", "systemControls", "portMappings", "environment"):
            c.setdefault(key, [])
        out.append(dict(sorted(c.items())))
    return json.dumps(out, separators=(",", ":"))


def task_definition(name, family, rev, containers, task_role, compat, cpu, memory, **extra):
    td = {
        "mode": "managed", "type": "aws_ecs_task_definition", "name": name, "provider": AWS,
        "instances": [{"schema_version": 1, "attributes": {
            "arn": ecs_arn("task-definition", f"{family}:{rev}"),
            "arn_without_revision": ecs_arn("task-definition", family),
            "container_definitions": as_stored(containers),
            "cpu": cpu, "memory": memory,
            "enable_fault_injection": False,
            "ephemeral_storage": [],
            "execution_role_arn": role("ecsTaskExecutionRole"),
            "family": family, "id": family,
            "inference_accelerator": [], "ipc_mode": "", "pid_mode": "",
            "network_mode": "awsvpc",
            "placement_constraints": [], "proxy_configuration": [],
            "requires_compatibilities": [compat],
            "revision": rev, "runtime_platform": [], "skip_destroy": False,
            "tags": {"Team": "payments"}, "tags_all": {"Team": "payments"},
            "task_role_arn": role(task_role),
            "track_latest": False, "volume": [],
        }, "sensitive_attributes": [], "private": "eyJzY2hlbWFfdmVyc2lvbiI6IjEifQ==",
            "dependencies": ["aws_iam_role.task"]}],
    }
    td["instances"][0]["attributes"].update(extra)
    return td


def state():
    cluster_arn = ecs_arn("cluster", "payments")
    return {
        "version": 4, "terraform_version": "1.9.8", "serial": 17,
        "lineage": "a4c2e9f1-6b3d-4f7a-8e25-1c9d0b7a3f64",
        "outputs": {},
        "resources": [
            {"mode": "managed", "type": "aws_ecs_cluster", "name": "payments", "provider": AWS,
             "instances": [{"schema_version": 0, "attributes": {
                 "arn": cluster_arn, "id": cluster_arn, "name": "payments",
                 "configuration": [{"execute_command_configuration": [
                     {"kms_key_id": "", "log_configuration": [], "logging": "DEFAULT"}],
                     "managed_storage_configuration": []}],
                 "service_connect_defaults": [],
                 "setting": [{"name": "containerInsights", "value": "enabled"}],
                 "tags": {"Team": "payments"}, "tags_all": {"Team": "payments"}},
                 "sensitive_attributes": []}]},
            {"mode": "managed", "type": "aws_ecs_service", "name": "payments_api", "provider": AWS,
             "instances": [{"schema_version": 0, "attributes": {
                 "id": ecs_arn("service", "payments/payments-api"), "name": "payments-api",
                 "cluster": cluster_arn,
                 "task_definition": ecs_arn("task-definition", "payments-api:14"),
                 "desired_count": 2, "launch_type": "FARGATE", "platform_version": "LATEST",
                 "enable_execute_command": False, "enable_ecs_managed_tags": False,
                 "force_new_deployment": None, "health_check_grace_period_seconds": 0,
                 "capacity_provider_strategy": [],
                 "load_balancer": [{"advanced_configuration": [], "container_name": "api", "container_port": 8443,
                                    "elb_name": "", "target_group_arn": TG_API}],
                 "service_connect_configuration": [{
                     "access_log_configuration": [], "enabled": True, "log_configuration": [],
                     "namespace": NAMESPACE,
                     "service": [{"client_alias": [{"dns_name": "payments-api.internal", "port": 8443,
                                                    "test_traffic_rules": []}],
                                  "discovery_name": "payments-api", "ingress_port_override": 0,
                                  "port_name": "api", "timeout": [], "tls": []}]}],
                 "vpc_lattice_configurations": [{"port_name": "api", "role_arn": role("ecsInfrastructureRole"),
                                                 "target_group_arn": TG_LATTICE}],
                 "deployment_circuit_breaker": [{"enable": True, "rollback": True}],
                 "deployment_controller": [{"type": "ECS"}],
                 "deployment_maximum_percent": 200, "deployment_minimum_healthy_percent": 100,
                 "network_configuration": [{"assign_public_ip": False, "security_groups": [SG_API],
                                            "subnets": SUBNETS}],
                 "ordered_placement_strategy": [], "placement_constraints": [],
                 "propagate_tags": "NONE", "scheduling_strategy": "REPLICA", "service_registries": [],
                 "tags": {"Team": "payments"}, "tags_all": {"Team": "payments"},
                 "wait_for_steady_state": False},
                 "sensitive_attributes": [], "dependencies": ["aws_ecs_cluster.payments",
                                                             "aws_ecs_task_definition.payments_api"]}]},
            task_definition("payments_api", "payments-api", 14, api_containers(), "payments-api-task",
                            "FARGATE", "512", "1024"),
            task_definition("ledger_worker", "ledger-worker", 6, worker_containers(), "ledger-worker-task",
                            "EC2", "1024", "2048"),
            task_definition("files_sync", "files-sync", 3, sync_containers(), "files-sync-task", "EC2", "256", "512",
                            volume=stored_volumes(sync_volumes()), enable_fault_injection=True,
                            tags={"Team": "storage", "DataClass": "restricted"},
                            tags_all={"Team": "storage", "DataClass": "restricted", "Environment": "prod"}),
        ],
    }


# ------------------------------------------------------------------------------------------
# Who made the calls
# ------------------------------------------------------------------------------------------

CLI_AGENT = ("aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-1019-aws md/arch#x86_64 lang/python#3.12.6 "
             "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 prompt/off "
             "md/command#ecs.{command}")

IAM_USER = {"type": "IAMUser", "principalId": "AIDA5Q7EXAMPLEJDOE001",
            "arn": f"arn:aws:iam::{ACCT}:user/j.doe", "accountId": ACCT,
            "accessKeyId": "AKIA5Q7EXAMPLEJDOE77", "userName": "j.doe"}


def console_user(mfa):
    return {"type": "IAMUser", "principalId": "AIDAI23ABCD4EFGH5IJKL",
            "arn": f"arn:aws:iam::{ACCT}:user/ops-admin", "accountId": ACCT,
            "accessKeyId": "ASIA5Q7EXAMPLECNSL42", "userName": "ops-admin",
            "sessionContext": {"sessionIssuer": {}, "webIdFederationData": {},
                               "attributes": {"creationDate": "2025-03-12T08:51:07Z",
                                              "mfaAuthenticated": "true" if mfa else "false"}}}


ROOT = {"type": "Root", "principalId": ACCT, "arn": f"arn:aws:iam::{ACCT}:root", "accountId": ACCT,
        "accessKeyId": "ASIA5Q7EXAMPLEROOT09",
        "sessionContext": {"sessionIssuer": {}, "webIdFederationData": {},
                           "attributes": {"creationDate": "2025-03-12T08:40:55Z", "mfaAuthenticated": "true"}}}

SSO_ONCALL = {
    "type": "AssumedRole", "principalId": "AROA5Q7EXAMPLESSOPWR1:oncall@example.com",
    "arn": f"arn:aws:sts::{ACCT}:assumed-role/AWSReservedSSO_PowerUserAccess_7f3e2d1c0b9a8765/oncall@example.com",
    "accountId": ACCT, "accessKeyId": "ASIA5Q7EXAMPLESSO4PW",
    "sessionContext": {
        "sessionIssuer": {"type": "Role", "principalId": "AROA5Q7EXAMPLESSOPWR1",
                          "arn": f"arn:aws:iam::{ACCT}:role/aws-reserved/sso.amazonaws.com/"
                                 "AWSReservedSSO_PowerUserAccess_7f3e2d1c0b9a8765",
                          "accountId": ACCT, "userName": "AWSReservedSSO_PowerUserAccess_7f3e2d1c0b9a8765"},
        "webIdFederationData": {},
        "attributes": {"creationDate": "2025-03-12T08:55:31Z", "mfaAuthenticated": "false"}}}

TLS = {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
       "clientProvidedHostHeader": f"ecs.{REG}.amazonaws.com"}


def record(label, time, name, who, request, response, agent, console=False, ip="203.0.113.24"):
    r = {
        "eventVersion": "1.09" if name != "ExecuteCommand" else "1.08",
        "userIdentity": who,
        "eventTime": time,
        "eventSource": "ecs.amazonaws.com",
        "eventName": name,
        "awsRegion": REG,
        "sourceIPAddress": ip,
        "userAgent": agent,
        "requestParameters": request,
        "responseElements": response,
        "requestID": str(uuid.uuid5(NS, "request:" + label)),
        "eventID": str(uuid.uuid5(NS, "event:" + label)),
        "readOnly": False,
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": ACCT,
        "eventCategory": "Management",
        "tlsDetails": TLS,
    }
    if console:
        r["sessionCredentialFromConsole"] = "true"
    return r


# ------------------------------------------------------------------------------------------
# RegisterTaskDefinition
# ------------------------------------------------------------------------------------------

FAMILIES = {
    "payments-api": dict(rev=14, containers=api_containers, task_role="payments-api-task", compat="FARGATE",
                         cpu="512", memory="1024"),
    "ledger-worker": dict(rev=6, containers=worker_containers, task_role="ledger-worker-task", compat="EC2",
                          cpu="1024", memory="2048"),
    # Terraform sends tags merged with the provider's default_tags (Environment).
    "files-sync": dict(rev=3, containers=sync_containers, task_role="files-sync-task", compat="EC2",
                       cpu="256", memory="512", volumes=sync_volumes, fault_injection=True,
                       tags=[{"key": "Team", "value": "storage"}, {"key": "DataClass", "value": "restricted"},
                             {"key": "Environment", "value": "prod"}]),
}


def register(label, time, family, edit, who=IAM_USER, agent=None, console=False):
    """A RegisterTaskDefinition of the family's revision in state, changed by edit(request)."""
    f = FAMILIES[family]
    req = {
        "family": family,
        "taskRoleArn": role(f["task_role"]),
        "executionRoleArn": role("ecsTaskExecutionRole"),
        "networkMode": "awsvpc",
        "containerDefinitions": f["containers"](),
        "requiresCompatibilities": [f["compat"]],
        "cpu": f["cpu"],
        "memory": f["memory"],
        "tags": copy.deepcopy(f.get("tags", [{"key": "Team", "value": "payments"}])),
    }
    if "volumes" in f:
        req["volumes"] = f["volumes"]()
    if f.get("fault_injection"):
        req["enableFaultInjection"] = True
    edit(req)
    td = copy.deepcopy(req)
    td.pop("tags")
    for c in td["containerDefinitions"]:
        c.setdefault("cpu", 0)
        for key in ("portMappings", "environment", "mountPoints", "volumesFrom", "systemControls"):
            c.setdefault(key, [])
        for pm in c["portMappings"]:
            pm.setdefault("protocol", "tcp")
    rev = f["rev"] + 1
    td.update({
        "taskDefinitionArn": ecs_arn("task-definition", f"{family}:{rev}"),
        "revision": rev,
        "volumes": req.get("volumes", []),
        "status": "ACTIVE",
        "requiresAttributes": [{"name": "com.amazonaws.ecs.capability.logging-driver.awslogs"},
                               {"name": "ecs.capability.execution-role-awslogs"},
                               {"name": "com.amazonaws.ecs.capability.task-iam-role"},
                               {"name": "ecs.capability.task-eni"}],
        "placementConstraints": [],
        "compatibilities": ["EC2", "FARGATE"] if f["compat"] == "FARGATE" else ["EC2"],
        "registeredAt": "Mar 12, 2025, " + time[11:16] + ":00 AM",
        "registeredBy": who["arn"],
    })
    agent = agent or CLI_AGENT.format(command="register-task-definition")
    return record(label, time, "RegisterTaskDefinition", who, req,
                  {"taskDefinition": td, "tags": req["tags"]}, agent, console)


def container(req, name):
    return next(c for c in req["containerDefinitions"] if c["name"] == name)


def set_in(name, key, value):
    def edit(req):
        container(req, name)[key] = value
    return edit


def move_secret_to_env(req):
    api = container(req, "api")
    api["secrets"] = [s for s in api["secrets"] if s["name"] != "DB_PASSWORD"]
    api["environment"].append({"name": "DB_PASSWORD", "value": "Pa55w0rd-payments-prod"})


def move_env_to_secret(req):
    worker = container(req, "worker")
    worker["environment"] = [e for e in worker["environment"] if e["name"] != "QUEUE_URL"]
    worker["secrets"] = [{"name": "QUEUE_URL", "valueFrom": f"arn:aws:ssm:{REG}:{ACCT}:parameter/ledger/queue-url"}]


def add_plaintext_key(req):
    container(req, "api")["environment"].append(
        {"name": "JWT_SIGNING_KEY", "value": "4f6b0c2e9d8a7b6c5d4e3f2a1b0c9d8e"})


def add_capabilities(caps):
    def edit(req):
        for c in req["containerDefinitions"]:
            if c["name"] in ("api", "worker"):
                c.setdefault("linuxParameters", {}).setdefault("capabilities", {})["add"] = caps
    return edit


def add_volume(volume):
    def edit(req):
        req["volumes"].append(volume)
    return edit


def edit_efs(name, **kv):
    def edit(req):
        efs = next(v for v in req["volumes"] if v["name"] == name)["efsVolumeConfiguration"]
        for k, v in kv.items():
            if v is None:
                efs.pop(k, None)
            elif k == "iam":
                efs["authorizationConfig"]["iam"] = v
            else:
                efs[k] = v
    return edit


def keep_tags(*keys):
    def edit(req):
        req["tags"] = [t for t in req["tags"] if t["key"] in keys]
    return edit


def keep_all_but_image(name, image):
    """The revision in state resent (volumes reordered, defaults spelled out), one image tag bumped."""
    def edit(req):
        container(req, name)["image"] = image
        req["volumes"] = list(reversed(req["volumes"]))
        next(v for v in req["volumes"] if v["name"] == "legacy")["efsVolumeConfiguration"]["rootDirectory"] = "/"
    return edit


def task_level(**kv):
    def edit(req):
        req.update(kv)
    return edit


# ------------------------------------------------------------------------------------------
# UpdateService and ExecuteCommand
# ------------------------------------------------------------------------------------------

def service_connect(services):
    return {"enabled": True, "namespace": NAMESPACE, "services": services}


SC_API = {"portName": "api", "discoveryName": "payments-api",
          "clientAliases": [{"port": 8443, "dnsName": "payments-api.internal"}]}
LB_API = {"targetGroupArn": TG_API, "containerName": "api", "containerPort": 8443}
LATTICE_API = {"roleArn": role("ecsInfrastructureRole"), "targetGroupArn": TG_LATTICE, "portName": "api"}


def service_response(time, enable_exec=False, sgs=None, public="DISABLED", desired=2):
    net = {"awsvpcConfiguration": {"subnets": SUBNETS, "securityGroups": sgs or [SG_API], "assignPublicIp": public}}
    return {"service": {
        "serviceArn": ecs_arn("service", "payments/payments-api"), "serviceName": "payments-api",
        "clusterArn": ecs_arn("cluster", "payments"), "loadBalancers": [], "serviceRegistries": [],
        "status": "ACTIVE", "desiredCount": desired, "runningCount": 2, "pendingCount": 0, "launchType": "FARGATE",
        "platformVersion": "LATEST", "platformFamily": "Linux",
        "taskDefinition": ecs_arn("task-definition", "payments-api:14"),
        "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": True, "rollback": True},
                                    "maximumPercent": 200, "minimumHealthyPercent": 100},
        "roleArn": role("aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"),
        "events": [], "createdAt": "Jan 20, 2025, 4:12:09 PM", "placementConstraints": [],
        "placementStrategy": [], "networkConfiguration": net, "healthCheckGracePeriodSeconds": 0,
        "schedulingStrategy": "REPLICA", "deploymentController": {"type": "ECS"},
        "createdBy": role("terraform-ci"), "enableECSManagedTags": False, "propagateTags": "NONE",
        "enableExecuteCommand": enable_exec, "availabilityZoneRebalancing": "DISABLED"}}


def update_service(label, time, request, who=IAM_USER, console=False, **resp):
    req = {"cluster": "payments", "service": "payments-api"}
    req.update(request)
    agent = "AWS Internal" if console else CLI_AGENT.format(command="update-service")
    return record(label, time, "UpdateService", who, req, service_response(time, **resp), agent, console,
                  ip="198.51.100.12" if console else "203.0.113.24")


def execute_command(label, time):
    task = ecs_arn("task", f"payments/{TASK_ID}")
    session = "ecs-execute-command-0c4f1e9a8b7d6e5f4"
    req = {"cluster": "payments", "container": "api", "command": "/bin/sh", "interactive": True, "task": task}
    resp = {"clusterArn": ecs_arn("cluster", "payments"),
            "containerArn": ecs_arn("container", f"payments/{TASK_ID}/5b6a7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"),
            "containerName": "api", "interactive": True,
            "session": {"sessionId": session,
                        "streamUrl": f"wss://ssmmessages.{REG}.amazonaws.com/v1/data-channel/{session}"
                                     "?role=publish_subscribe&cell-number=AAEAAQAAAAMAAAAAAAAAAQ",
                        "tokenValue": "HIDDEN_DUE_TO_SECURITY_REASONS"},
            "taskArn": task}
    return record(label, time, "ExecuteCommand", SSO_ONCALL, req, resp,
                  CLI_AGENT.format(command="execute-command"),
                  ip="192.0.2.77")


def fixtures():
    t = lambda m: f"2025-03-12T09:{m:02d}:14Z"  # noqa: E731
    return {
        "role_unknown": register("role_unknown", t(1), "payments-api",
                                 task_level(taskRoleArn=role("ops-breakglass"))),
        "role_known": register("role_known", t(2), "payments-api",
                               task_level(executionRoleArn=role("payments-api-task"))),
        "network_host": register("network_host", t(3), "ledger-worker", task_level(networkMode="host")),
        "network_bridge": register("network_bridge", t(4), "ledger-worker", task_level(networkMode="bridge")),
        "network_none": register("network_none", t(5), "ledger-worker", task_level(networkMode="none")),
        "service_security_groups": update_service(
            "service_security_groups", t(6),
            {"networkConfiguration": {"awsvpcConfiguration": {"subnets": SUBNETS,
                                                              "securityGroups": ["sg-0f1e2d3c4b5a69788"],
                                                              "assignPublicIp": "DISABLED"}}},
            sgs=["sg-0f1e2d3c4b5a69788"]),
        "service_public_ip": update_service(
            "service_public_ip", t(7),
            {"networkConfiguration": {"awsvpcConfiguration": {"subnets": SUBNETS, "securityGroups": [SG_API],
                                                              "assignPublicIp": "ENABLED"}}},
            public="ENABLED"),
        "image_registry": register("image_registry", t(8), "payments-api",
                                   set_in("datadog-agent", "image", "datadog/agent:7.50.3")),
        "image_tag": register("image_tag", t(9), "ledger-worker", set_in("worker", "image", f"{ECR}/ledger-worker:3.4.1")),
        "image_latest": register("image_latest", t(10), "ledger-worker",
                                 set_in("worker", "image", f"{ECR}/ledger-worker:latest")),
        "image_digest_removed": register("image_digest_removed", t(11), "payments-api",
                                         set_in("api", "image", f"{ECR}/payments-api:2.8.0")),
        "exec_enabled": update_service("exec_enabled", t(12), {"enableExecuteCommand": True}, enable_exec=True),
        "exec_session": execute_command("exec_session", t(13)),
        "privileged": register("privileged", t(14), "ledger-worker", set_in("worker", "privileged", True)),
        "capabilities_sys_admin": register("capabilities_sys_admin", t(15), "ledger-worker",
                                           add_capabilities(["SYS_ADMIN", "NET_ADMIN"])),
        "capabilities_ptrace": register("capabilities_ptrace", t(16), "payments-api",
                                        add_capabilities(["SYS_PTRACE"])),
        "host_namespace": register("host_namespace", t(17), "ledger-worker",
                                   task_level(pidMode="host", ipcMode="host")),
        "readonly_root": register("readonly_root", t(18), "payments-api",
                                  set_in("api", "readonlyRootFilesystem", False)),
        "root_user": register("root_user", t(19), "ledger-worker", set_in("worker", "user", "0")),
        "secret_moved": register("secret_moved", t(20), "payments-api", move_secret_to_env),
        "secret_plaintext": register("secret_plaintext", t(21), "payments-api", add_plaintext_key),
        "secret_moved_in": register("secret_moved_in", t(25), "ledger-worker", move_env_to_secret),
        "root_identity": update_service("root_identity", t(22), {"desiredCount": 4}, who=ROOT, console=True,
                                        desired=4),
        "console_without_mfa": update_service("console_without_mfa", t(23), {"desiredCount": 4},
                                              who=console_user(False), console=True, desired=4),
        "console_with_mfa": update_service("console_with_mfa", t(24), {"desiredCount": 4},
                                           who=console_user(True), console=True, desired=4),
        # The members compared in the provider's stored shape (volumes, Service Connect, load
        # balancers, VPC Lattice, tags, fault injection), each opening something, and the same
        # records keeping them as in state.
        "host_path_docker_sock": register("host_path_docker_sock", t(30), "files-sync",
                                          add_volume({"name": "docker-sock",
                                                      "host": {"sourcePath": "/var/run/docker.sock"}})),
        "host_path_data": register("host_path_data", t(31), "files-sync",
                                   add_volume({"name": "cache", "host": {"sourcePath": "/data/files-sync-cache"}})),
        "efs_plaintext": register("efs_plaintext", t(32), "files-sync",
                                  add_volume({"name": "archive",
                                              "efsVolumeConfiguration": {"fileSystemId": EFS_ARCHIVE,
                                                                         "rootDirectory": "/archive"}})),
        "efs_transit_off": register("efs_transit_off", t(33), "files-sync",
                                    edit_efs("shared", transitEncryption="DISABLED", iam="DISABLED")),
        "efs_iam_off": register("efs_iam_off", t(34), "files-sync", edit_efs("shared", iam="DISABLED")),
        "tags_removed": register("tags_removed", t(35), "files-sync", keep_tags("Team")),
        "fault_injection": register("fault_injection", t(36), "ledger-worker", task_level(enableFaultInjection=True)),
        "files_sync_kept": register("files_sync_kept", t(37), "files-sync",
                                    keep_all_but_image("sync", f"{ECR}/files-sync:2.1.1")),
        "service_connect_port": update_service(
            "service_connect_port", t(38),
            {"serviceConnectConfiguration": service_connect([
                dict(SC_API, ingressPortOverride=15443),
                {"portName": "metrics", "clientAliases": [{"port": 9090, "dnsName": "payments-metrics.internal"}]}])}),
        "load_balancer_port": update_service(
            "load_balancer_port", t(39),
            {"loadBalancers": [LB_API, {"targetGroupArn": TG_PUBLIC, "containerName": "api", "containerPort": 8443}]}),
        "lattice_port": update_service(
            "lattice_port", t(40),
            {"vpcLatticeConfigurations": [LATTICE_API, dict(LATTICE_API, targetGroupArn=TG_LATTICE_NEW,
                                                            portName="admin")]}),
        "service_kept": update_service(
            "service_kept", t(41),
            {"desiredCount": 3, "serviceConnectConfiguration": service_connect([SC_API]), "loadBalancers": [LB_API],
             "vpcLatticeConfigurations": [LATTICE_API]}, desired=3),
    }


def text(value):
    return json.dumps(value, indent=2) + "\n"


def main():
    outputs = {STATE: text(state())}
    for name, rec in fixtures().items():
        outputs[os.path.join(HERE, name + ".json")] = text(rec)
    if sys.argv[1:] == ["--check"]:
        stale = []
        for path, want in outputs.items():
            try:
                with open(path, encoding="utf-8") as f:
                    same = f.read() == want
            except FileNotFoundError:
                same = False
            if not same:
                stale.append(os.path.relpath(path))
        if stale:
            sys.exit("security fixtures differ from what generate.py writes (run it): " + ", ".join(stale))
        print(f"security fixtures: {len(outputs)} files as generate.py writes them")
        return
    for path, want in outputs.items():
        with open(path, "w", encoding="utf-8") as f:
            f.write(want)


if __name__ == "__main__":
    main()

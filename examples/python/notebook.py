# Notebook-style walk through tfdrift from Python: load state, read CloudTrail, look at the drift.
# Run it as a script (python examples/python/notebook.py) or cell by cell (# %% cells) in Jupyter/VS Code.

# %% Load the Terraform state: a path, a list of paths, a JSON string or a dict (e.g. from boto3's S3 get_object).
from pathlib import Path

import tfdrift

example = Path(__file__).resolve().parents[1] / "ecs"
detector = tfdrift.Detector(state=example / "terraform.tfstate")  # config=None: the spec's rules
print(detector, "tfdrift", tfdrift.__version__)

# %% Read CloudTrail as it lands in S3 (AWSLogs/.../*.json.gz), file by file.
alerts = []
for path in tfdrift.list_input_files(example / "AWSLogs"):
    alerts.extend(detector.process_file(path))

for a in alerts:
    print(f'{a["event_time"]}  {a["severity"]:<8} {a["address"] or a["resource_id"]}  by {a["actor"]["name"]}')
    for c in a["changes"]:
        print(f'    {c["path"]}: {c["old"]!r} -> {c["new"]!r}')

# %% One record at a time works too: a dict, its JSON text, a {"Records": [...]} document or NDJSON.
record = {
    "eventVersion": "1.09",
    "eventID": "00000000-1111-2222-3333-444444444444",
    "eventTime": "2025-03-12T09:00:00Z",
    "eventSource": "ecs.amazonaws.com",
    "eventName": "UpdateService",
    "awsRegion": "us-east-1",
    "recipientAccountId": "123456789012",
    "userIdentity": {"type": "IAMUser", "userName": "ops-admin", "accountId": "123456789012",
                     "arn": "arn:aws:iam::123456789012:user/ops-admin"},
    "userAgent": "aws-cli/2.15.30",
    "requestParameters": {"cluster": "production", "service": "my-service", "enableExecuteCommand": True},
}
for a in detector.process(record):
    print(a["address"], [(c["path"], c["old"], c["new"], c["severity"]) for c in a["changes"]])

# %% Every record read ends in exactly one outcome; the counts say what happened to the rest.
stats = detector.stats
print({k: v for k, v in stats["outcomes"].items() if v}, "of", stats["records_read"], "records")

# %% With pandas installed, alerts make a table: pandas.json_normalize(alerts).
# Errors carry a stable id and the place:
try:
    tfdrift.Detector(state='{"version": 3}')
except tfdrift.StateError as e:
    print(e.id, "at", e.where)

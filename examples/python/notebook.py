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

# %% A time range keeps only records whose eventTime is in [since, until); the rest count as out_of_range.
# (list_input_files takes since/until too: it skips AWSLogs day directories outside the range.)
morning = tfdrift.Detector(state=example / "terraform.tfstate", since="2025-03-11T13:02:00Z", until="2025-03-11T14:00:00Z")
for path in tfdrift.list_input_files(example / "AWSLogs", since="2025-03-11T13:02:00Z", until="2025-03-11T14:00:00Z"):
    morning.process_file(path)
print("since 13:02:", morning.stats["outcomes"]["alert"], "alerts,", morning.stats["outcomes"]["out_of_range"], "out of range")

# %% The same from S3 (pip install 'tfdrift[s3]'), with fsspec URLs and s3fs's storage_options:
#   d = tfdrift.Detector(state="s3://tfstate-bucket/env/prod.tfstate", since="2025-03-01", until="2025-04-01")
#   files = tfdrift.list_input_files("s3://trail-bucket/AWSLogs/", since="2025-03-01", until="2025-04-01")
#   alerts = [a for f in files for a in d.process_file(f)]

# %% With pandas, tfdrift.to_frame makes one row per change: drift by day and severity, and a plot with matplotlib.
try:
    import pandas  # noqa: F401
except ImportError:
    print("pandas is not installed: pip install 'tfdrift[pandas]' for tfdrift.to_frame")
else:
    frame = tfdrift.to_frame(alerts)
    print(frame[["time", "event", "address", "path", "old", "new", "severity", "who", "source"]].to_string(index=False))
    by_day = frame.groupby([frame["time"].dt.date, "severity"]).size().unstack(fill_value=0)
    print(by_day)
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no plot")
    else:
        import tempfile

        ax = by_day.plot.bar(stacked=True, title="Drift by day and severity")
        ax.set_xlabel("day (UTC)")
        ax.set_ylabel("changes")
        out = Path(tempfile.gettempdir()) / "tfdrift_drift_by_day.png"
        plt.tight_layout()
        plt.savefig(out)
        print("plot saved to", out)

# Errors carry a stable id and the place:
try:
    tfdrift.Detector(state='{"version": 3}')
except tfdrift.StateError as e:
    print(e.id, "at", e.where)

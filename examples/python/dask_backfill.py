# Backfill on Dask: run tfdrift over a CloudTrail tree on a LocalCluster of 2 workers and print a summary table.
# Needs the dask extra: pip install 'tfdrift[dask]'. Usage: python dask_backfill.py [STATE [PATH ...]]
import sys
from collections import Counter
from pathlib import Path

from distributed import Client, LocalCluster

import tfdrift.dask


def table(rows, headers):
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([line(headers), line("-" * w for w in widths), *map(line, rows)])


def main() -> None:
    example = Path(__file__).resolve().parents[1] / "ecs"
    state = sys.argv[1] if len(sys.argv) > 1 else example / "terraform.tfstate"
    paths = sys.argv[2:] or [example / "AWSLogs", example / "trail.ndjson"]

    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster, Client(cluster) as client:
        result = tfdrift.dask.detect(paths, state=state, client=client)

    print(f"{len(result.files)} files in {len(result.partitions)} partitions on "
          f"{len({p['worker'] for p in result.partitions})} workers; "
          f"{result.stats['records_read']} records, {len(result.alerts)} alerts (deduplicated on eventID)\n")
    rows = [(a["event_time"], a["event_name"], a["address"] or f'{a["resource_type"]} {a["resource_id"]}',
             ", ".join(c["path"] for c in a["changes"]) or a["kind"], a["severity"], a["actor"]["name"])
            for a in result.alerts]
    print(table(rows, ["TIME", "EVENT", "RESOURCE", "CHANGED", "SEVERITY", "WHO"]))
    print()
    by_severity = Counter(a["severity"] for a in result.alerts)
    outcomes = [(k, v) for k, v in result.stats["outcomes"].items() if v]
    print(table([(s, by_severity[s]) for s in ("critical", "high", "medium", "low")], ["SEVERITY", "ALERTS"]))
    print()
    print(table(outcomes, ["OUTCOME", "RECORDS"]))
    for e in result.errors:
        print(f"skipped: [{e['id']}] {e['where']}: {e['message']}")


if __name__ == "__main__":  # Dask's worker processes import this file; run only once
    main()

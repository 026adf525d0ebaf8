"""Backfill on Dask: the same detector over many CloudTrail files, spread across a cluster.

    >>> from distributed import Client, LocalCluster
    >>> import tfdrift.dask
    >>> with LocalCluster(n_workers=2) as cluster, Client(cluster) as client:
    ...     result = tfdrift.dask.detect("AWSLogs/", state="terraform.tfstate", client=client)
    >>> len(result.alerts), result.stats["outcomes"]["alert"]

Needs ``pip install 'tfdrift[dask]'`` (dask and distributed). Local paths must be
visible to every worker at the paths given (a shared file system, or a local cluster);
fsspec URLs (``s3://bucket/AWSLogs/``, ``pip install 'tfdrift[s3,dask]'``) are listed on the
client and each worker opens its own objects, so a cluster needs no shared file system.
"""

from __future__ import annotations

import json
import os
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from . import Alert, Detector, InputError, _awslogs_filter, _is_url, _list_files, _read_url_raw

__all__ = ["DetectResult", "detect", "expand_paths"]

Paths = Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]]]


@dataclass
class DetectResult:
    """What :func:`detect` found.

    ``alerts`` are in input order: files in the order :func:`expand_paths` lists them, then
    records in file order; of alerts with the same ``event_id`` only the first in that order
    is kept (all of them when the config's ``dedup_window`` is 0). That is exactly the list one :class:`tfdrift.Detector` gives when it reads the
    same files one after another (and the order ``tfdrift detect`` prints them).
    """

    #: tfdrift.alert.v1 dicts, deduplicated on event_id, in input order.
    alerts: List[Alert]
    #: The counts of all partitions added up (the shape of ``Detector.stats``). An alert that
    #: repeats one from an earlier partition is counted as a duplicate, as one detector would
    #: count it. Another record repeated across partitions (one that ends as no_change, say)
    #: is counted under its outcome in each partition, so ``duplicate`` can be lower than one
    #: detector's count; ``records_read`` and every other outcome add up all the same.
    stats: Dict[str, Any]
    #: The input files, in the order read.
    files: List[str]
    #: Files that could not be read (``on_error="skip"``): ``{"id", "where", "message"}``.
    errors: List[Dict[str, str]] = field(default_factory=list)
    #: One entry per partition: ``{"files", "bytes", "worker"}``.
    partitions: List[Dict[str, Any]] = field(default_factory=list)

    def to_frame(self) -> Any:
        """Returns the alerts as a pandas DataFrame, one row per change (see :func:`tfdrift.to_frame`)."""
        from . import to_frame

        return to_frame(self.alerts)


def expand_paths(
    paths: Paths,
    *,
    since: Any = None,
    until: Any = None,
    accounts: Any = None,
    regions: Any = None,
    storage_options: Optional[Dict[str, Any]] = None,
) -> List[str]:
    """Returns the input files that paths name, in order: each file as given, each directory
    (or URL prefix) walked as ``tfdrift detect`` walks it, pruned by the filters (see
    :func:`tfdrift.list_input_files`)."""
    return [name for name, _ in _expand(paths, _awslogs_filter(since, until, accounts, regions), storage_options)]


def _expand(paths: Paths, filter: Any, storage_options: Optional[Dict[str, Any]]) -> List[Tuple[str, int]]:
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    files: List[Tuple[str, int]] = []
    for p in paths:
        files.extend(_list_files(p, filter, storage_options))
    return files


def _split(sizes: Sequence[int], k: int) -> List[Tuple[int, int]]:
    """Returns k contiguous [start, end) ranges of about equal total size (k <= len(sizes))."""
    n = len(sizes)
    k = max(1, min(k, n))
    weights = [max(s, 1) for s in sizes]
    total = sum(weights)
    cuts: List[int] = []
    acc = 0
    for i in range(n - 1):
        made = len(cuts) + 1
        if made >= k:
            break
        acc += weights[i]
        if acc * k >= total * made or n - (i + 1) == k - made:
            cuts.append(i + 1)
    bounds = [0, *cuts, n]
    return [(bounds[j], bounds[j + 1]) for j in range(len(bounds) - 1)]


#: Objects fetched ahead of the one being read, per worker (object stores answer each GET
#: after a round trip; the C++ reader releases the GIL meanwhile).
PREFETCH = 4


def _fetched(files: List[str], storage_options: Optional[Dict[str, Any]]) -> Iterator[Tuple[str, Optional[Future]]]:
    """Yields each file with, for a URL, the future of its raw bytes, fetched PREFETCH ahead."""
    if not any(_is_url(f) for f in files):
        for f in files:
            yield f, None
        return
    with ThreadPoolExecutor(PREFETCH) as pool:
        def start(f: str) -> Optional[Future]:
            return pool.submit(_read_url_raw, f, storage_options, InputError) if _is_url(f) else None

        pending = deque((f, start(f)) for f in files[:PREFETCH])
        following = iter(files[PREFETCH:])
        while pending:
            item = pending.popleft()
            nxt = next(following, None)
            if nxt is not None:
                pending.append((nxt, start(nxt)))
            yield item
        # Leaving early (an error raised) waits for the few fetches under way.


def _run_partition(detector: Detector, files: List[str], on_error: str) -> Dict[str, Any]:
    """Runs on a worker: a fresh detector (same config and states) over a run of files."""
    d = detector._fresh()
    # Alerts travel as the core's JSON lines, parsed once on the client: a str pickles in a
    # fraction of the time a dict tree takes.
    per_file: List[List[str]] = []
    errors: List[Dict[str, str]] = []
    for path, raw in _fetched(files, d._storage_options):
        try:
            lines = d._raw_lines(raw.result(), path) if raw is not None else d._file_lines(path)
        except InputError as e:
            if on_error != "skip":
                raise
            errors.append({"id": e.id, "where": e.where, "message": e.message})
            lines = [json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in e.alerts]
        per_file.append(lines)
    try:
        from distributed import get_worker

        worker = get_worker().address
    except (ImportError, ValueError):
        worker = ""
    return {"alerts": per_file, "stats": d.stats, "errors": errors, "worker": worker}


def _add_counts(into: Dict[str, int], more: Dict[str, int]) -> None:
    for k, v in more.items():
        into[k] = into.get(k, 0) + v


def _merge_stats(parts: List[Dict[str, Any]], dropped: List[Alert], max_malformed: int) -> Dict[str, Any]:
    merged: Dict[str, Any] = {
        "records_read": 0,
        "bytes_read": 0,
        "outcomes": {},
        "alerts_by_severity": {},
        "alerts_by_kind": {},
        "not_compared": 0,
        "by_event": {},
        "malformed": [],
    }
    for s in parts:
        merged["records_read"] += s["records_read"]
        merged["bytes_read"] += s["bytes_read"]
        merged["not_compared"] += s.get("not_compared", 0)
        for key in ("outcomes", "alerts_by_severity", "alerts_by_kind"):
            _add_counts(merged[key], s[key])
        for name, counts in s["by_event"].items():
            _add_counts(merged["by_event"].setdefault(name, {}), counts)
        merged["malformed"].extend(s["malformed"])
    # An alert that an earlier partition already gave is what one detector calls a duplicate.
    for a in dropped:
        for counts in (merged["outcomes"], merged["by_event"][a["event_name"]]):
            counts["alert"] -= 1
            counts["duplicate"] += 1
        merged["alerts_by_severity"][a["severity"]] -= 1
        merged["alerts_by_kind"][a["kind"]] -= 1
        merged["not_compared"] -= sum(1 for c in a["changes"] if c.get("compared") is False)
    merged["by_event"] = dict(sorted(merged["by_event"].items()))
    del merged["malformed"][max_malformed:]
    return merged


def detect(
    paths: Paths,
    state: Any,
    config: Any = None,
    client: Any = None,
    *,
    partitions: Optional[int] = None,
    n_workers: Optional[int] = None,
    on_error: str = "raise",
    since: Any = None,
    until: Any = None,
    accounts: Any = None,
    regions: Any = None,
    storage_options: Optional[Dict[str, Any]] = None,
) -> DetectResult:
    """Detects drift in many CloudTrail files on a Dask cluster and merges the alerts.

    ``paths`` is a file or directory or a list of them (see :func:`expand_paths`); ``state``
    and ``config`` are what :class:`tfdrift.Detector` takes, checked here before any work is
    sent. The files are split into ``partitions`` contiguous runs of about equal size (by
    default one per worker thread); each runs on a worker with its own detector, rebuilt
    from the same config and states, and the alerts are merged in input order with
    duplicates on ``event_id`` dropped (see :class:`DetectResult`).

    ``client`` is a ``distributed.Client``; with ``None`` a ``LocalCluster`` (``n_workers``
    worker processes, one thread each) is started and closed around the run.
    ``on_error="raise"`` raises the first :class:`tfdrift.InputError` of a file that cannot
    be read; ``"skip"`` records it in ``errors`` and keeps the alerts read before the damage,
    as the CLI does.

    ``paths``, ``state`` and ``config`` may be fsspec URLs (``s3://...``), read with
    ``storage_options``; the client lists the keys (and reads state and config), each worker
    opens its own objects. ``since``/``until`` prune the AWSLogs day prefixes before listing
    and filter records by eventTime (``out_of_range`` in the stats); ``accounts`` and
    ``regions`` prune the ACCOUNT and REGION prefixes (see :func:`tfdrift.list_input_files`).
    """
    if on_error not in ("raise", "skip"):
        raise ValueError(f'on_error is "raise" or "skip", not {on_error!r}')
    try:
        import distributed
    except ImportError as e:  # pragma: no cover - depends on the install
        raise ImportError("tfdrift.dask needs dask and distributed: pip install 'tfdrift[dask]'") from e

    detector = Detector(state=state, config=config, since=since, until=until, storage_options=storage_options)
    files = _expand(paths, _awslogs_filter(since, until, accounts, regions), storage_options)
    if client is None:
        with distributed.LocalCluster(
            n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster, distributed.Client(cluster) as own:
            return _detect(own, detector, files, partitions, on_error)
    return _detect(client, detector, files, partitions, on_error)


def _detect(
    client: Any, detector: Detector, listed: List[Tuple[str, int]], partitions: Optional[int], on_error: str
) -> DetectResult:
    if not listed:
        return DetectResult(alerts=[], stats=detector.stats, files=[], errors=[], partitions=[])
    files = [name for name, _ in listed]
    sizes = [size for _, size in listed]
    if partitions is None:
        partitions = sum(client.nthreads().values()) or 1
    ranges = _split(sizes, partitions)

    # One copy per worker (hash=False: a fresh key, never one a cancelled run left behind);
    # each partition rebuilds its own detector from it.
    shared = client.scatter(detector, broadcast=True, hash=False)
    futures = [
        client.submit(_run_partition, shared, files[start:end], on_error, pure=False)
        for start, end in ranges
    ]
    try:
        results = client.gather(futures)
    except BaseException:
        client.cancel(futures)
        raise
    finally:
        del shared

    alerts: List[Alert] = []
    dropped: List[Alert] = []
    seen = set()
    dedup = detector._core.dedup_window > 0  # a config's dedup_window: 0 turns it off
    for part in results:
        for file_alerts in part["alerts"]:
            for line in file_alerts:
                a = json.loads(line)
                eid = a["event_id"]
                if dedup and eid and eid in seen:
                    dropped.append(a)
                    continue
                if eid:
                    seen.add(eid)
                alerts.append(a)

    stats = _merge_stats([p["stats"] for p in results], dropped, detector._core.max_malformed_places)
    return DetectResult(
        alerts=alerts,
        stats=stats,
        files=files,
        errors=[e for p in results for e in p["errors"]],
        partitions=[
            {"files": end - start, "bytes": sum(sizes[start:end]), "worker": p["worker"]}
            for (start, end), p in zip(ranges, results)
        ],
    )

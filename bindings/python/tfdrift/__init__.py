"""tfdrift: Terraform drift detection for Amazon ECS from CloudTrail, for notebooks and scripts.

    >>> import tfdrift
    >>> d = tfdrift.Detector(state="terraform.tfstate")
    >>> for alert in d.process_file("trail.json.gz"):
    ...     print(alert["address"], alert["changes"])

Alerts are dicts in the ``tfdrift.alert.v1`` schema, field for field what
``tfdrift detect --format ndjson`` prints. ``tfdrift.dask.detect`` spreads the
same work over a Dask cluster; ``tfdrift.to_frame`` makes a pandas DataFrame.

Paths may be fsspec URLs (``s3://bucket/AWSLogs/``, with ``pip install 'tfdrift[s3]'``);
their bytes go to the same C++ reader as a local file's, so the alerts are the same.
"""

from __future__ import annotations

import datetime as _datetime
import json as _json
import os as _os
import re as _re
from collections.abc import Iterable as _Iterable
from collections.abc import Mapping as _Mapping
from typing import Any, Dict, Iterable, List, NoReturn, Optional, Tuple, Union

from . import _tfdrift

__all__ = [
    "__version__",
    "Detector",
    "Error",
    "StateError",
    "ConfigError",
    "InputError",
    "catalog",
    "falco_rules",
    "list_input_files",
    "to_frame",
    "Alert",
]

#: The library version, the same as the C++ ``tfdrift::version()``.
__version__: str = _tfdrift.version()

PathLike = Union[str, "_os.PathLike[str]"]
#: An alert: a dict in the tfdrift.alert.v1 schema.
Alert = Dict[str, Any]


class Error(Exception):
    """An error of tfdrift with a stable ``id`` and the place it was found (``where``).

    ``str(error)`` reads ``[id] where: message``, as the CLI prints it. Subclasses say
    which argument was at fault: :class:`StateError`, :class:`ConfigError`,
    :class:`InputError`.
    """

    def __init__(self, id: str, where: str, message: str) -> None:
        super().__init__(id, where, message)
        #: Stable id, such as ``"tfdrift.state.version"``.
        self.id = id
        #: The place: a file name, ``file:line:col``, ``file:line`` or ``source#record``.
        self.where = where
        #: The message without id and place.
        self.message = message

    def __str__(self) -> str:
        return f"[{self.id}] {self.where}: {self.message}" if self.where else f"[{self.id}] {self.message}"


class StateError(Error):
    """A Terraform state could not be read or loaded (``tfdrift.state.*``, or
    ``tfdrift.input.read`` / ``tfdrift.input.gzip`` for a state file that cannot be read)."""


class ConfigError(Error):
    """The config could not be read or is invalid (``tfdrift.config.*``, or
    ``tfdrift.input.read`` for a config file that cannot be read)."""


class InputError(Error):
    """CloudTrail input could not be read (``tfdrift.input.*``).

    ``alerts`` holds the alerts found before the damage (a truncated ``.gz``, say); the
    detector has counted those records.
    """

    def __init__(self, id: str, where: str, message: str, alerts: Optional[List[Alert]] = None) -> None:
        super().__init__(id, where, message)
        #: Alerts from the records read before the error.
        self.alerts: List[Alert] = alerts or []

    def __reduce__(self) -> Any:
        return (type(self), (self.id, self.where, self.message, self.alerts))


def _error_class(id: str, default: type) -> type:
    for prefix, cls in (("tfdrift.state.", StateError), ("tfdrift.config.", ConfigError)):
        if id.startswith(prefix):
            return cls
    return default


def _raise(e: Exception, default: type) -> NoReturn:
    id, where, message, alerts = e.args
    cls = _error_class(id, default)
    if cls is InputError:
        raise InputError(id, where, message, [_json.loads(a) for a in alerts]) from None
    raise cls(id, where, message) from None


def _json_default(value: Any) -> Any:
    # boto3 hands out datetimes; CloudTrail writes them as 2025-03-11T13:04:12Z.
    if isinstance(value, _datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_datetime.timezone.utc).replace(tzinfo=None)
        return value.isoformat(timespec="seconds") + "Z"
    if isinstance(value, _datetime.date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _dumps(value: Any) -> bytes:
    return _json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=_json_default).encode()


def _is_text(value: Any) -> bool:
    return isinstance(value, (str, bytes, bytearray, memoryview))


def _as_bytes(value: Union[str, bytes, bytearray, memoryview]) -> bytes:
    return value.encode() if isinstance(value, str) else bytes(value)


def _read_file(path: PathLike, cls: type) -> bytes:
    try:
        return _tfdrift.read_input_file(_os.fsencode(path))
    except _tfdrift.CoreError as e:
        _raise(e, cls)


_URL = _re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def _is_url(path: Any) -> bool:
    """Returns True for an fsspec URL (``s3://bucket/key``, ``memory://x``): a str that starts
    with a scheme and "://"."""
    return isinstance(path, str) and _URL.match(path) is not None


def _filesystem(url: str, storage_options: Optional[_Mapping[str, Any]]) -> Tuple[Any, str]:
    """Returns fsspec's file system for a URL and the path within it."""
    try:
        import fsspec
    except ImportError as e:  # pragma: no cover - depends on the install
        raise ImportError(f"reading {url} needs fsspec (and s3fs for s3://): pip install 'tfdrift[s3]'") from e
    fs, path = fsspec.core.url_to_fs(url, **dict(storage_options or {}))
    return fs, path


def _url_error(cls: type, url: str, e: BaseException) -> Error:
    if isinstance(e, FileNotFoundError):
        return cls("tfdrift.input.read", url, "no such file or object")
    text = str(e) or type(e).__name__
    return cls("tfdrift.input.read", url, f"{type(e).__name__}: {text}")


def _read_url_raw(url: str, storage_options: Optional[_Mapping[str, Any]], cls: type) -> bytes:
    """Returns the raw bytes of the object a URL names. Raises cls (tfdrift.input.read)."""
    fs, path = _filesystem(url, storage_options)
    try:
        data: bytes = fs.cat_file(path)  # one GET, no HEAD first
        return data
    except ImportError:
        raise
    except Exception as e:  # botocore's errors are not OSErrors
        raise _url_error(cls, url, e) from e


def _read_url(url: str, storage_options: Optional[_Mapping[str, Any]], cls: type) -> bytes:
    """Returns the content of the object a URL names, gunzipped as a local file would be."""
    raw = _read_url_raw(url, storage_options, cls)
    try:
        return _tfdrift.decode_input(raw, url)
    except _tfdrift.CoreError as e:
        _raise(e, cls)


def _time(value: Any, name: str) -> Optional[int]:
    """Returns seconds since the epoch (UTC) of a since/until value, or None."""
    if value is None:
        return None
    if isinstance(value, _datetime.datetime):
        if value.tzinfo is None:  # naive: read as UTC, as CloudTrail's times are
            value = value.replace(tzinfo=_datetime.timezone.utc)
        return int(value.timestamp() // 1)
    if isinstance(value, _datetime.date):
        return int(_datetime.datetime(value.year, value.month, value.day, tzinfo=_datetime.timezone.utc).timestamp())
    if isinstance(value, str):
        t = _tfdrift.parse_utc_time(value)
        if t is None:
            raise ValueError(f"{name}: expected a UTC time like 2025-03-01 or 2025-03-01T12:00:00Z, not {value!r}")
        return t
    raise TypeError(f"{name}: expected a str, datetime or date, not {type(value).__name__}")


def _times(since: Any, until: Any) -> Tuple[Optional[int], Optional[int]]:
    s, u = _time(since, "since"), _time(until, "until")
    if s is not None and u is not None and s >= u:
        raise ValueError("since must be before until")
    return s, u


def _names(value: Any, name: str) -> List[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in value.split(",") if v]
    if isinstance(value, _Iterable):
        return [str(v) for v in value]
    raise TypeError(f"{name}: expected a list of str or a comma-separated str, not {type(value).__name__}")


def _awslogs_filter(since: Any, until: Any, accounts: Any, regions: Any) -> Any:
    s, u = _times(since, until)
    return _tfdrift.AWSLogsFilter(s, u, _names(accounts, "accounts"), _names(regions, "regions"))


def _state_texts(state: Any, storage_options: Optional[_Mapping[str, Any]] = None) -> List[Tuple[str, bytes]]:
    """Returns (name, text) for each state: paths and URLs keep their name."""
    items = list(state) if isinstance(state, (list, tuple)) else [state]
    single = len(items) == 1 and not isinstance(state, (list, tuple))
    out = []
    for i, item in enumerate(items):
        label = "<state>" if single else f"<state[{i}]>"
        if isinstance(item, _Mapping):
            out.append((label, _dumps(item)))
        elif isinstance(item, (bytes, bytearray, memoryview)):
            out.append((label, bytes(item)))
        elif isinstance(item, str) and item.lstrip().startswith("{"):
            out.append((label, item.encode()))
        elif _is_url(item):
            out.append((item, _read_url(item, storage_options, StateError)))
        elif isinstance(item, (str, _os.PathLike)):
            out.append((_os.fsdecode(item), _read_file(item, StateError)))
        else:
            raise TypeError(
                f"state: expected a path, a JSON string, a dict or a list of those, not {type(item).__name__}"
            )
    return out


def _looks_like_config_text(text: str) -> bool:
    if "\n" in text or text.lstrip().startswith(("{", "[")):
        return True
    return ": " in text and not _os.path.exists(text)


def _config_text(config: Any, storage_options: Optional[_Mapping[str, Any]] = None) -> Optional[Tuple[str, bytes]]:
    """Returns (name, text) of the config, or None for the built-in default."""
    if config is None:
        return None
    if _is_url(config) and not _looks_like_config_text(config):
        return (config, _read_url(config, storage_options, ConfigError))
    if isinstance(config, _Mapping):
        return ("<config>", _dumps(config))
    if isinstance(config, (bytes, bytearray)):
        return ("<config>", bytes(config))
    if isinstance(config, str) and _looks_like_config_text(config):
        return ("<config>", config.encode())
    if isinstance(config, (str, _os.PathLike)):
        return (_os.fsdecode(config), _read_file(config, ConfigError))
    raise TypeError(f"config: expected None, a path, a YAML/JSON string or a dict, not {type(config).__name__}")


def _rebuild(
    states: List[Tuple[str, bytes]],
    config: Optional[Tuple[str, bytes]],
    times: Tuple[Optional[int], Optional[int]] = (None, None),
    storage_options: Optional[Dict[str, Any]] = None,
) -> "Detector":
    d = Detector.__new__(Detector)
    d._build(states, config, times, storage_options)
    return d


class Detector:
    """Detects drift: compares CloudTrail records of ECS calls with Terraform state.

    ``state`` is a path (``str`` or ``os.PathLike``; ``.gz`` is read too), a JSON string,
    ``bytes``, a dict (a state fetched with boto3 from an S3 backend, say), or a list of
    those; an empty list loads no state (every ECS write is then unmanaged). A ``str`` that
    starts with ``{`` is JSON, any other ``str`` a path. Alerts name a state file by its path,
    or ``<state>`` (``<state[i]>`` in a list) for one given as text or dict.

    ``config`` is ``None`` (the built-in rules), a path, a YAML or JSON string, or a dict in
    the shape of the spec's ``config.yaml``. A ``str`` is read as config text when it holds
    a newline, starts with ``{`` or ``[``, or holds ``": "`` and names no file; otherwise it
    is a path.

    ``state`` and ``config`` may also be fsspec URLs (``s3://bucket/env/prod.tfstate``;
    ``pip install 'tfdrift[s3]'``), read with ``storage_options`` (s3fs's ``key``,
    ``secret``, ``client_kwargs={"endpoint_url": ...}``, ...), which ``process_file`` uses too.

    ``since`` and ``until`` (a ``str`` such as ``"2025-03-01"`` or
    ``"2025-03-01T12:00:00Z"``, a ``datetime``, naive read as UTC, or a ``date``) keep only
    ECS records whose eventTime is in ``[since, until)``; the others are counted as
    ``out_of_range``.

    Raises :class:`StateError` or :class:`ConfigError` (with ``id`` and ``where``), or
    ``TypeError`` for an argument of the wrong type, ``ValueError`` for a bad time.

    Threads: use a Detector from one thread at a time. Calls from several threads at once
    do not corrupt it (each call holds the detector's lock, with the GIL released), but
    they run one after another in an order nobody chose, and deduplication follows it.

    Pickling: a Detector pickles as its config text and state texts and is rebuilt from
    them on unpickling (that is how it ships to Dask workers); the copy starts with fresh
    counters and a fresh deduplication window. ``copy.copy`` does the same.
    """

    def __init__(
        self,
        state: Any,
        config: Any = None,
        *,
        since: Any = None,
        until: Any = None,
        storage_options: Optional[_Mapping[str, Any]] = None,
    ) -> None:
        times = _times(since, until)
        options = dict(storage_options) if storage_options else None
        self._build(_state_texts(state, options), _config_text(config, options), times, options)

    def _build(
        self,
        states: List[Tuple[str, bytes]],
        config: Optional[Tuple[str, bytes]],
        times: Tuple[Optional[int], Optional[int]] = (None, None),
        storage_options: Optional[Dict[str, Any]] = None,
    ) -> None:
        try:
            if config is None:
                core = _tfdrift.Detector(None, "", times[0], times[1])
            else:
                core = _tfdrift.Detector(config[1], config[0], times[0], times[1])
        except _tfdrift.CoreError as e:
            _raise(e, ConfigError)
        for name, text in states:
            try:
                core.load_state(text, name)
            except _tfdrift.CoreError as e:
                _raise(e, StateError)
        self._core = core
        self._states = states
        self._config = config
        self._times = times
        self._storage_options = storage_options

    def __reduce__(self) -> Any:
        return (_rebuild, (self._states, self._config, self._times, self._storage_options))

    def __repr__(self) -> str:
        names = ", ".join(name for name, _ in self._states)
        config = "default" if self._config is None else self._config[0]
        return f"<tfdrift.Detector states=[{names}] config={config}>"

    def process(self, records: Any, source: str = "<input>") -> List[Alert]:
        """Returns the alerts for CloudTrail input, in input order.

        ``records`` is one record (a dict, or its JSON as ``str`` or ``bytes``), a
        ``{"Records": [...]}`` document (dict or text), NDJSON text or bytes (one record per
        line), a Falco alert, or an iterable of any of those. ``source`` names the input in
        each alert's ``place`` (item ``i`` of an iterable is ``source[i]``). Records whose
        eventID was seen before are counted as duplicates, across calls too.
        Raises ``TypeError`` for anything else (for an iterable, when it reaches the bad
        item: the items before it have been processed).
        """
        if isinstance(records, _Mapping):
            return self._process(_dumps(records), source)
        if _is_text(records):
            return self._process(_as_bytes(records), source)
        if not isinstance(records, _Iterable):
            raise TypeError(f"process: expected a record, a document, NDJSON or an iterable, not {type(records).__name__}")
        alerts: List[Alert] = []
        for i, item in enumerate(records):
            if isinstance(item, _Mapping):
                data = _dumps(item)
            elif _is_text(item):
                data = _as_bytes(item)
            else:
                raise TypeError(f"process: item {i} is a {type(item).__name__}, not a dict, str or bytes")
            alerts.extend(self._process(data, f"{source}[{i}]"))
        return alerts

    def _process(self, data: bytes, source: str) -> List[Alert]:
        try:
            lines = self._core.process(data, source)
        except _tfdrift.CoreError as e:
            _raise(e, InputError)
        return [_json.loads(line) for line in lines]

    def process_file(self, path: PathLike, storage_options: Optional[_Mapping[str, Any]] = None) -> List[Alert]:
        """Returns the alerts of one file, read as the CLI reads it: ``.ndjson`` and
        ``.jsonl`` (optionally ``.gz``) streamed line by line in chunks, so memory stays flat
        however large the file; anything else (``.json``, ``.json.gz``: CloudTrail's S3
        objects) read whole. Gzip is recognised by its magic bytes. Alerts name the file by
        ``path`` as given. Raises :class:`InputError` (``tfdrift.input.read``,
        ``tfdrift.input.gzip``) with the alerts found before the damage.

        ``path`` may be an fsspec URL (``s3://bucket/AWSLogs/.../x.json.gz``): the object is
        read whole with ``storage_options`` (default: the Detector's) and its bytes go to
        the same reader, so the alerts are those of the same file read from disk.
        """
        if _is_url(path):
            options = self._storage_options if storage_options is None else storage_options
            lines = self._raw_lines(_read_url_raw(str(path), options, InputError), str(path))
        else:
            lines = self._file_lines(path)
        return [_json.loads(line) for line in lines]

    def _file_lines(self, path: PathLike) -> List[str]:
        """Returns the alerts of a local file as the core's JSON lines."""
        try:
            lines: List[str] = self._core.process_file(_os.fsencode(path))
        except _tfdrift.CoreError as e:
            _raise(e, InputError)
        return lines

    def _raw_lines(self, raw: bytes, name: str) -> List[str]:
        """Returns the alerts of a file whose raw bytes were read elsewhere as JSON lines."""
        try:
            lines: List[str] = self._core.process_bytes(raw, name)
        except _tfdrift.CoreError as e:
            _raise(e, InputError)
        return lines

    @property
    def stats(self) -> Dict[str, Any]:
        """Returns the counts so far: ``records_read``, ``bytes_read``, ``outcomes`` (each
        record ends in exactly one: alert, not_ecs, read_only, failed_call, terraform,
        ignored, out_of_scope, out_of_range, untracked, no_change, duplicate, malformed),
        ``alerts_by_severity``, ``alerts_by_kind``, ``by_event`` and the first few
        ``malformed`` places."""
        stats: Dict[str, Any] = _json.loads(self._core.stats_json())
        return stats

    def _fresh(self) -> "Detector":
        return _rebuild(self._states, self._config, self._times, self._storage_options)

    def __copy__(self) -> "Detector":
        return self._fresh()


def list_input_files(
    path: PathLike,
    *,
    since: Any = None,
    until: Any = None,
    accounts: Any = None,
    regions: Any = None,
    storage_options: Optional[_Mapping[str, Any]] = None,
) -> List[str]:
    """Returns the input files a path names, as the CLI walks them: the path itself when it
    is a file; for a directory every ``.json``, ``.ndjson``, ``.jsonl`` (each optionally
    ``.gz``) below it, depth first in name order (CloudTrail's AWSLogs tree comes out in time
    order), skipping hidden entries and CloudTrail-Digest. Raises :class:`InputError`.

    ``path`` may be an fsspec URL (``s3://trail-bucket/AWSLogs/``): its keys are walked the
    same way, one listing per prefix, and come back as URLs.

    ``since``/``until`` (as for :class:`Detector`), ``accounts`` and ``regions`` (lists of
    globs, or a comma-separated str) prune the AWSLogs layout
    (``AWSLogs/[o-ID/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/``) as ``tfdrift detect --since
    --until --accounts --regions`` do: a prefix that holds nothing wanted is never listed.
    A day is kept while it may hold records from before ``until`` published up to a day late.
    """
    return [name for name, _ in _list_files(path, _awslogs_filter(since, until, accounts, regions), storage_options)]


def _list_files(path: PathLike, filter: Any, storage_options: Optional[_Mapping[str, Any]]) -> List[Tuple[str, int]]:
    """Returns (name, size in bytes) of each input file a path or URL names, in walk order."""
    if _is_url(path):
        return _walk_url(str(path), filter, storage_options)
    try:
        files = _tfdrift.list_input_files(_os.fsencode(path), filter)
    except _tfdrift.CoreError as e:
        _raise(e, InputError)
    return [(f, _os.path.getsize(f) if _os.path.isfile(f) else 0) for f in files]


#: Prefixes listed at once by a walk of an object store (each listing is a round trip).
LIST_CONCURRENCY = 8


def _walk_url(url: str, filter: Any, storage_options: Optional[_Mapping[str, Any]]) -> List[Tuple[str, int]]:
    fs, root = _filesystem(url, storage_options)
    root = root.rstrip("/")
    # fsspec keeps listings for the life of its (shared) file system object: a walk lists
    # what is there now, the objects delivered since the last walk included.
    fs.invalidate_cache()
    try:
        info = fs.info(root)
    except Exception as e:
        raise _url_error(InputError, url, e) from e
    if not filter.may_hold(root):
        return []
    if info.get("type") != "directory":
        return [(url, int(info.get("size") or 0))]

    def children(prefix: str) -> List[Tuple[bool, str, int]]:
        """Returns (is_directory, path or URL, size) of a prefix's wanted entries, in name order."""
        try:
            entries = fs.ls(prefix, detail=True)
        except Exception as e:
            raise _url_error(InputError, fs.unstrip_protocol(prefix), e) from e
        named = []
        for e in entries:
            full = e["name"].rstrip("/")
            if full != prefix:  # not a "directory marker" object
                named.append((full.rsplit("/", 1)[-1], full, e))
        named.sort(key=lambda t: t[0].encode())  # the CLI's order: names as bytes
        out: List[Tuple[bool, str, int]] = []
        for name, full, e in named:
            if not name or name.startswith("."):
                continue
            if e.get("type") == "directory":
                if name != "CloudTrail-Digest" and filter.may_hold(full):
                    out.append((True, full, 0))
            elif _tfdrift.is_input_name(name) and filter.may_hold(full):
                out.append((False, fs.unstrip_protocol(full), int(e.get("size") or 0)))
        return out

    # Depth first in name order, as the CLI walks, but every directory of one level is listed
    # at once: each is replaced in place by its entries until only files are left.
    from concurrent.futures import ThreadPoolExecutor

    items: List[Tuple[bool, str, int]] = [(True, root, 0)]
    with ThreadPoolExecutor(LIST_CONCURRENCY) as pool:
        while any(is_dir for is_dir, _, _ in items):
            dirs = [path for is_dir, path, _ in items if is_dir]
            listed = dict(zip(dirs, pool.map(children, dirs)))
            items = [entry for item in items for entry in (listed[item[1]] if item[0] else [item])]
    return [(path, size) for _, path, size in items]


_FRAME_COLUMNS = [
    "time", "event", "address", "path", "old", "new", "severity", "who", "source", "account", "region",
    "kind", "event_id", "file",
]


def to_frame(alerts: Iterable[Alert]) -> Any:
    """Returns a pandas DataFrame with one row per change of each alert (an alert without
    changes, a delete say, has one row with ``path``, ``old`` and ``new`` None): ``time``
    (the eventTime as a UTC ``Timestamp``), ``event``, ``address``, ``path``, ``old``,
    ``new`` (the values as in the alert), ``severity`` (the change's), ``who`` (the actor's
    name), ``source`` (how: console, cli, sdk, ...), ``account``, ``region``, then ``kind``,
    ``event_id`` and ``file`` (the input the record came from). Needs pandas."""
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - depends on the install
        raise ImportError("to_frame needs pandas: pip install pandas") from e
    rows = []
    for a in alerts:
        actor = a.get("actor") or {}
        base = {
            "time": a.get("event_time"),
            "event": a.get("event_name"),
            "address": a.get("address"),
            "who": actor.get("name"),
            "source": actor.get("source"),
            "account": a.get("account"),
            "region": a.get("region"),
            "kind": a.get("kind"),
            "event_id": a.get("event_id"),
            "file": (a.get("place") or {}).get("source"),
        }
        changes = a.get("changes") or [None]
        for c in changes:
            row = dict(base)
            row["path"] = c.get("path") if c else None
            row["old"] = c.get("old") if c else None
            row["new"] = c.get("new") if c else None
            row["severity"] = (c.get("severity") if c else None) or a.get("severity")
            rows.append(row)
    frame = pd.DataFrame(rows, columns=_FRAME_COLUMNS)
    frame["time"] = pd.to_datetime(frame["time"], utc=True, errors="coerce")
    return frame


def catalog(format: str = "data") -> Any:
    """Returns the ECS catalog: with ``format="data"`` a dict with ``events`` (name, source,
    resource_type, priority, action, description and the request-key -> attribute
    ``fields``), ``resource_types`` (type, watched, attributes) and ``attribute_aliases``;
    with ``format="text"`` the table that ``tfdrift catalog`` prints."""
    if format == "data":
        return _json.loads(_tfdrift.catalog_json())
    if format == "text":
        return _tfdrift.catalog_text()
    raise ValueError(f'catalog: format is "data" or "text", not {format!r}')


def falco_rules() -> str:
    """Returns Falco rules (YAML) for the catalog's ECS events, using fields that the
    cloudtrail plugin really has."""
    return _tfdrift.falco_rules()

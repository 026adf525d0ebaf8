"""tfdrift: Terraform drift detection for Amazon ECS from CloudTrail, for notebooks and scripts.

    >>> import tfdrift
    >>> d = tfdrift.Detector(state="terraform.tfstate")
    >>> for alert in d.process_file("trail.json.gz"):
    ...     print(alert["address"], alert["changes"])

Alerts are dicts in the ``tfdrift.alert.v1`` schema, field for field what
``tfdrift detect --format ndjson`` prints. ``tfdrift.dask.detect`` spreads the
same work over a Dask cluster.
"""

from __future__ import annotations

import datetime as _datetime
import json as _json
import os as _os
from collections.abc import Iterable as _Iterable
from collections.abc import Mapping as _Mapping
from typing import Any, Dict, List, NoReturn, Optional, Tuple, Union

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


def _state_texts(state: Any) -> List[Tuple[str, bytes]]:
    """Returns (name, text) for each state: paths keep their path as name."""
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


def _config_text(config: Any) -> Optional[Tuple[str, bytes]]:
    """Returns (name, text) of the config, or None for the built-in default."""
    if config is None:
        return None
    if isinstance(config, _Mapping):
        return ("<config>", _dumps(config))
    if isinstance(config, (bytes, bytearray)):
        return ("<config>", bytes(config))
    if isinstance(config, str) and _looks_like_config_text(config):
        return ("<config>", config.encode())
    if isinstance(config, (str, _os.PathLike)):
        return (_os.fsdecode(config), _read_file(config, ConfigError))
    raise TypeError(f"config: expected None, a path, a YAML/JSON string or a dict, not {type(config).__name__}")


def _rebuild(states: List[Tuple[str, bytes]], config: Optional[Tuple[str, bytes]]) -> "Detector":
    d = Detector.__new__(Detector)
    d._build(states, config)
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

    Raises :class:`StateError` or :class:`ConfigError` (with ``id`` and ``where``), or
    ``TypeError`` for an argument of the wrong type.

    Threads: use a Detector from one thread at a time. Calls from several threads at once
    do not corrupt it (each call holds the detector's lock, with the GIL released), but
    they run one after another in an order nobody chose, and deduplication follows it.

    Pickling: a Detector pickles as its config text and state texts and is rebuilt from
    them on unpickling (that is how it ships to Dask workers); the copy starts with fresh
    counters and a fresh deduplication window. ``copy.copy`` does the same.
    """

    def __init__(self, state: Any, config: Any = None) -> None:
        self._build(_state_texts(state), _config_text(config))

    def _build(self, states: List[Tuple[str, bytes]], config: Optional[Tuple[str, bytes]]) -> None:
        try:
            if config is None:
                core = _tfdrift.Detector(None, "")
            else:
                core = _tfdrift.Detector(config[1], config[0])
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

    def __reduce__(self) -> Any:
        return (_rebuild, (self._states, self._config))

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

    def process_file(self, path: PathLike) -> List[Alert]:
        """Returns the alerts of one file, read as the CLI reads it: ``.ndjson`` and
        ``.jsonl`` (optionally ``.gz``) streamed line by line in chunks, so memory stays flat
        however large the file; anything else (``.json``, ``.json.gz``: CloudTrail's S3
        objects) read whole. Gzip is recognised by its magic bytes. Alerts name the file by
        ``path`` as given. Raises :class:`InputError` (``tfdrift.input.read``,
        ``tfdrift.input.gzip``) with the alerts found before the damage.
        """
        try:
            lines = self._core.process_file(_os.fsencode(path))
        except _tfdrift.CoreError as e:
            _raise(e, InputError)
        return [_json.loads(line) for line in lines]

    @property
    def stats(self) -> Dict[str, Any]:
        """Returns the counts so far: ``records_read``, ``bytes_read``, ``outcomes`` (each
        record ends in exactly one: alert, not_ecs, read_only, failed_call, terraform,
        ignored, out_of_scope, untracked, no_change, duplicate, malformed),
        ``alerts_by_severity``, ``alerts_by_kind``, ``by_event`` and the first few
        ``malformed`` places."""
        stats: Dict[str, Any] = _json.loads(self._core.stats_json())
        return stats

    def _fresh(self) -> "Detector":
        return _rebuild(self._states, self._config)

    def __copy__(self) -> "Detector":
        return self._fresh()


def list_input_files(path: PathLike) -> List[str]:
    """Returns the input files a path names, as the CLI walks them: the path itself when it
    is a file; for a directory every ``.json``, ``.ndjson``, ``.jsonl`` (each optionally
    ``.gz``) below it, depth first in name order (CloudTrail's AWSLogs tree comes out in time
    order), skipping hidden entries and CloudTrail-Digest. Raises :class:`InputError`."""
    try:
        return _tfdrift.list_input_files(_os.fsencode(path))
    except _tfdrift.CoreError as e:
        _raise(e, InputError)


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

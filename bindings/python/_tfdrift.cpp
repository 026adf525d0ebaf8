// The pybind11 module tfdrift._tfdrift: converts Python values to the core's types and back, and releases the GIL while the core works.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <tfdrift/awslogs.hpp>
#include <tfdrift/catalog_text.hpp>
#include <tfdrift/config_yaml.hpp>
#include <tfdrift/ecs.hpp>
#include <tfdrift/falco.hpp>
#include <tfdrift/input_gzip.hpp>

namespace py = pybind11;

namespace {

// Returns a Python str of UTF-8 text; invalid bytes (a path, a message quoting input) become U+FFFD.
py::str to_py(const std::string& s) {
  PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
  if (!o) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

py::list to_py(const std::vector<std::string>& lines) {
  py::list out(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) out[i] = to_py(lines[i]);
  return out;
}

// Returns a view of a bytes object's buffer; valid while the caller holds the object.
std::string_view view(const py::bytes& b) {
  char* data = nullptr;
  Py_ssize_t size = 0;
  if (PyBytes_AsStringAndSize(b.ptr(), &data, &size) != 0) throw py::error_already_set();
  return {data, static_cast<std::size_t>(size)};
}

// Raises CoreError(id, where, message, alerts) for the Python layer to turn into its own classes.
[[noreturn]] void raise_core_error(const tfdrift::error& e, const std::vector<std::string>& alerts) {
  py::object type = py::module_::import("tfdrift._tfdrift").attr("CoreError");
  py::object value = type(to_py(e.id()), to_py(e.where()), to_py(e.message()), to_py(alerts));
  PyErr_SetObject(type.ptr(), value.ptr());
  throw py::error_already_set();
}

tfdrift::config make_config(const std::optional<std::string>& text, const std::string& name,
                            const tfdrift::time_range& times) {
  tfdrift::config c = text ? tfdrift::load_config(*text, name) : tfdrift::default_config();
  c.event_times = times;
  return c;
}

tfdrift::time_range make_range(std::optional<std::int64_t> since, std::optional<std::int64_t> until) {
  return tfdrift::time_range{since, until};
}

// One tfdrift::detector. Every call that reaches the core releases the GIL and takes the
// detector's lock, so calls from several threads run one after another, never interleaved.
class py_detector {
 public:
  py_detector(const std::optional<std::string>& config_text, const std::string& config_name,
              const tfdrift::time_range& times)
      : core_(make_config(config_text, config_name, times)) {}

  void load_state(const py::bytes& text, const std::string& name) {
    std::string_view v = view(text);
    py::gil_scoped_release nogil;
    std::lock_guard lock(mutex_);
    core_.load_state(v, name);
  }

  py::list process(const py::bytes& data, const std::string& source) {
    std::string_view v = view(data);
    return run([&](auto&& sink) { core_.process(v, source, sink); });
  }

  // Reads a file as the CLI does: NDJSON (by name, .ndjson or .jsonl, optionally .gz) streamed
  // line by line in chunks; anything else read whole and framed by content.
  py::list process_file(const std::string& path) {
    return run([&](auto&& sink) { tfdrift::process_input_file(core_, path, sink, [](std::size_t) {}); });
  }

  // Reads the raw bytes of a file named `name` (an S3 object) as process_file reads the file.
  py::list process_bytes(const py::bytes& raw, const std::string& name) {
    std::string_view v = view(raw);
    return run([&](auto&& sink) { tfdrift::process_input_bytes(core_, v, name, sink, [](std::size_t) {}); });
  }

  std::string stats_json() {
    py::gil_scoped_release nogil;
    std::lock_guard lock(mutex_);
    return tfdrift::json_text(core_.stats().to_json());
  }

  std::size_t max_malformed_places() const { return core_.settings().max_malformed_places; }
  std::size_t dedup_window() const { return core_.settings().dedup_window; }

 private:
  // Runs core work without the GIL; returns the alerts as tfdrift.alert.v1 JSON lines.
  template <class Work>
  py::list run(Work&& work) {
    std::vector<std::string> alerts;
    std::optional<tfdrift::error> failure;
    {
      py::gil_scoped_release nogil;
      std::lock_guard lock(mutex_);
      try {
        work([&](const tfdrift::alert& a) { alerts.push_back(tfdrift::to_json_line(a)); });
      } catch (const tfdrift::error& e) {
        failure = e;
      }
    }
    if (failure) raise_core_error(*failure, alerts);
    return to_py(alerts);
  }

  tfdrift::detector core_;
  std::mutex mutex_;
};

// The catalog's constexpr tables as JSON: the one shape of catalog_text.hpp (CLI, C ABI, Python).
std::string catalog_json() { return tfdrift::catalog_json().dump(); }

// Wraps a core call that may throw tfdrift::error so that Python sees CoreError.
template <class Fn>
auto guarded(Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const tfdrift::error& e) {
    raise_core_error(e, {});
  }
}

}  // namespace

PYBIND11_MODULE(_tfdrift, m) {
  m.doc() = "The C++ core of tfdrift; use the tfdrift package, not this module.";

  // The Python layer (tfdrift/__init__.py) maps CoreError to tfdrift.Error's subclasses.
  PyObject* core_error = PyErr_NewExceptionWithDoc(
      "tfdrift._tfdrift.CoreError", "A tfdrift::error: args are (id, where, message, alerts made before it).",
      nullptr, nullptr);
  if (!core_error) throw py::error_already_set();
  m.attr("CoreError") = py::reinterpret_steal<py::object>(core_error);

  m.def("version", [] { return std::string(tfdrift::version()); });

  py::class_<py_detector>(m, "Detector")
      .def(py::init([](const std::optional<std::string>& text, const std::string& name,
                       std::optional<std::int64_t> since, std::optional<std::int64_t> until) {
             return guarded([&] { return new py_detector(text, name, make_range(since, until)); });
           }),
           py::arg("config_text"), py::arg("config_name"), py::arg("since") = std::nullopt,
           py::arg("until") = std::nullopt)
      .def("load_state",
           [](py_detector& d, const py::bytes& text, const std::string& name) {
             guarded([&] { d.load_state(text, name); });
           },
           py::arg("text"), py::arg("name"))
      .def("process", &py_detector::process, py::arg("data"), py::arg("source"))
      .def("process_file", &py_detector::process_file, py::arg("path"))
      .def("process_bytes", &py_detector::process_bytes, py::arg("raw"), py::arg("name"))
      .def("stats_json", &py_detector::stats_json)
      .def_property_readonly("max_malformed_places", &py_detector::max_malformed_places)
      .def_property_readonly("dedup_window", &py_detector::dedup_window);

  // The AWSLogs layout filter (awslogs.hpp): the local walk below takes it, and the Python
  // layer asks it about each S3 prefix before listing it.
  py::class_<tfdrift::awslogs_filter>(m, "AWSLogsFilter")
      .def(py::init([](std::optional<std::int64_t> since, std::optional<std::int64_t> until,
                       std::vector<std::string> accounts, std::vector<std::string> regions) {
             return tfdrift::awslogs_filter{make_range(since, until), std::move(accounts), std::move(regions)};
           }),
           py::arg("since") = std::nullopt, py::arg("until") = std::nullopt,
           py::arg("accounts") = std::vector<std::string>{}, py::arg("regions") = std::vector<std::string>{})
      .def("may_hold", [](const tfdrift::awslogs_filter& f, std::string_view path) { return f.may_hold(path); },
           py::arg("path"))
      .def("any", &tfdrift::awslogs_filter::any);

  m.def("parse_utc_time", [](std::string_view text) { return tfdrift::parse_utc_time(text); }, py::arg("text"));
  m.def("is_input_name", [](std::string_view name) { return tfdrift::is_input_name(name); }, py::arg("name"));

  // Paths cross as bytes (os.fsencode) and come back through the file system encoding.
  m.def("list_input_files", [](const std::string& path, const tfdrift::awslogs_filter& filter) {
    std::vector<std::string> files = guarded([&] {
      py::gil_scoped_release nogil;
      return tfdrift::list_input_files(path, filter);
    });
    py::list out(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
      PyObject* o = PyUnicode_DecodeFSDefaultAndSize(files[i].data(), static_cast<Py_ssize_t>(files[i].size()));
      if (!o) throw py::error_already_set();
      out[i] = py::reinterpret_steal<py::str>(o);
    }
    return out;
  }, py::arg("path"), py::arg("filter") = tfdrift::awslogs_filter{});

  m.def("read_input_file", [](const std::string& path) {
    std::string text = guarded([&] {
      py::gil_scoped_release nogil;
      return tfdrift::read_input_file(path);
    });
    return py::bytes(text);
  }, py::arg("path"));

  // The content of a file whose raw bytes were read elsewhere (an S3 object): gunzipped when gzip.
  m.def("decode_input", [](const py::bytes& raw, const std::string& name) {
    std::string_view v = view(raw);
    std::string text = guarded([&] {
      py::gil_scoped_release nogil;
      return tfdrift::decode_input(std::string(v), name);
    });
    return py::bytes(text);
  }, py::arg("raw"), py::arg("name"));

  m.def("catalog_json", &catalog_json);
  m.def("catalog_text", [] { return tfdrift::catalog_text(); });
  m.def("falco_rules", [] { return tfdrift::falco_rules(); });
}

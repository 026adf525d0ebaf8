// Package tfdrift detects Terraform drift in Amazon ECS from CloudTrail records, through
// tfdrift's C ABI (libtfdrift, include/tfdrift/tfdrift.h).
//
// A Detector holds loaded Terraform states, a config and counts:
//
//	d, err := tfdrift.New(nil) // nil: the built-in drift rules
//	if err != nil { ... }
//	defer d.Close()
//	if err := d.LoadState(stateBytes, "terraform.tfstate"); err != nil { ... }
//	alerts, err := d.Process(cloudTrailBytes)
//
// Ownership: the byte slices passed in are only read during the call (the library copies
// what it keeps), and everything returned is Go memory owned by the caller. The C objects
// behind a Detector are freed by Close (or, if Close is never called, when the Detector
// is garbage collected).
//
// Building: cgo needs the header and the shared library. Inside the tfdrift source tree
// the header is found; point the linker at the library, e.g. after a CMake build in build/:
//
//	CGO_LDFLAGS="-L$PWD/build/bindings/c -Wl,-rpath,$PWD/build/bindings/c" go test ./...
//
// With libtfdrift installed in a standard prefix (cmake --install), nothing needs setting.
package tfdrift

/*
#cgo CFLAGS: -I${SRCDIR}/../../include
#cgo LDFLAGS: -ltfdrift
#include <stdlib.h>
#include <tfdrift/tfdrift.h>
*/
import "C"

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unsafe"
)

// ABIVersion is the C ABI version this package was compiled against (TFDRIFT_ABI_VERSION).
const ABIVersion = int(C.TFDRIFT_ABI_VERSION)

// Version returns the version of the loaded library, "MAJOR.MINOR.PATCH".
func Version() string { return C.GoString(C.tfdrift_version()) }

// LibraryABIVersion returns the ABI version of the loaded library; it equals ABIVersion
// unless the program runs against a different libtfdrift than it was built with.
func LibraryABIVersion() int { return int(C.tfdrift_abi_version()) }

// Status is the C ABI's status code of a failed call.
type Status int

// The statuses of the C ABI (tfdrift_status).
const (
	StatusOK              Status = C.TFDRIFT_OK
	StatusInvalidArgument Status = C.TFDRIFT_E_INVALID_ARGUMENT // a wrong argument, or a closed Detector
	StatusState           Status = C.TFDRIFT_E_STATE            // a state could not be loaded (tfdrift.state.*)
	StatusConfig          Status = C.TFDRIFT_E_CONFIG           // the config is not valid (tfdrift.config.*)
	StatusInput           Status = C.TFDRIFT_E_INPUT            // the input cannot be processed at all (tfdrift.input.*)
	StatusNoMemory        Status = C.TFDRIFT_E_NOMEM            // memory ran out
	StatusInternal        Status = C.TFDRIFT_E_INTERNAL         // a bug in tfdrift
)

// String returns the C name of the status, such as "TFDRIFT_E_STATE".
func (s Status) String() string { return C.GoString(C.tfdrift_status_name(C.int(s))) }

// Error is a failure reported by tfdrift: a stable ID (such as "tfdrift.state.parse"), the
// place it was found and a message. Read it with errors.As:
//
//	var e *tfdrift.Error
//	if errors.As(err, &e) && e.ID == "tfdrift.state.version" { ... }
type Error struct {
	Status  Status // the C ABI's status
	ID      string // stable id: tfdrift.state.*, tfdrift.config.*, tfdrift.input.*, tfdrift.c.*, tfdrift.go.*
	Where   string // file, file:line, state name, or the function whose argument was wrong; may be ""
	Message string // what went wrong, without id and place
}

// Error returns "[id] where: message", as the CLI prints errors.
func (e *Error) Error() string {
	s := "[" + e.ID + "] "
	if e.Where != "" {
		s += e.Where + ": "
	}
	return s + e.Message
}

// Is reports whether target is an *Error with the same ID, so errors.Is(err, ErrClosed)
// works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.ID == e.ID
}

// ErrClosed is returned (compare with errors.Is) by methods of a Detector after Close.
var ErrClosed = &Error{Status: StatusInvalidArgument, ID: "tfdrift.go.closed", Message: "the detector is closed"}

// takeError converts (and frees) a C error; a NULL one (memory ran out) becomes an Error
// named after the status.
func takeError(st C.tfdrift_status, e *C.tfdrift_error) error {
	if e == nil {
		return &Error{Status: Status(st), ID: "tfdrift.c." + strings.ToLower(strings.TrimPrefix(Status(st).String(), "TFDRIFT_E_")),
			Message: "the library gave no details"}
	}
	out := &Error{
		Status:  Status(C.tfdrift_error_status(e)),
		ID:      C.GoString(C.tfdrift_error_id(e)),
		Where:   C.GoString(C.tfdrift_error_where(e)),
		Message: C.GoString(C.tfdrift_error_message(e)),
	}
	C.tfdrift_error_free(&e)
	return out
}

// takeBuffer copies a C buffer into Go memory and frees it.
func takeBuffer(b *C.tfdrift_buffer) []byte {
	n := C.tfdrift_buffer_size(b)
	var out []byte
	if n > 0 {
		out = C.GoBytes(unsafe.Pointer(C.tfdrift_buffer_data(b)), C.int(n))
	}
	C.tfdrift_buffer_free(&b)
	return out
}

// bytesArg returns a pointer to b's bytes for the length of one C call (nil for empty b).
// The caller keeps b alive with runtime.KeepAlive until the call returns.
func bytesArg(b []byte) (*C.char, C.size_t) {
	if len(b) == 0 {
		return nil, 0
	}
	return (*C.char)(unsafe.Pointer(&b[0])), C.size_t(len(b))
}

// cString returns a C copy of s (the caller frees it), or an error when s holds a NUL.
func cString(s, what string) (*C.char, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return nil, &Error{Status: StatusInvalidArgument, ID: "tfdrift.go.invalid_argument", Where: what,
			Message: "holds a NUL byte"}
	}
	return C.CString(s), nil
}

// Detector finds drift: it holds the loaded states, the config and the counts. Its methods
// may be called from several goroutines; calls are serialized. Close frees it.
type Detector struct {
	mu        sync.Mutex
	ptr       *C.tfdrift_detector // nil once closed
	maxRecord int                 // the config's limits.max_record_bytes
	cleanup   runtime.Cleanup
}

// New creates a Detector from a config: the JSON form of the CLI's config file (drift
// rules and switches). A nil or empty config takes the built-in rules. Errors are *Error
// with Status StatusConfig and an ID tfdrift.config.*.
func New(config []byte) (*Detector, error) {
	if LibraryABIVersion() != ABIVersion {
		return nil, &Error{Status: StatusInternal, ID: "tfdrift.go.abi", Where: "libtfdrift",
			Message: "the loaded library has ABI version " + strconv.Itoa(LibraryABIVersion()) + ", this package needs " +
				strconv.Itoa(ABIVersion)}
	}
	var ptr *C.tfdrift_detector
	var cerr *C.tfdrift_error
	p, n := bytesArg(config)
	st := C.tfdrift_detector_new(p, n, &ptr, &cerr)
	runtime.KeepAlive(config)
	if st != C.TFDRIFT_OK {
		return nil, takeError(st, cerr)
	}
	d := &Detector{ptr: ptr, maxRecord: int(min(C.tfdrift_detector_max_record_bytes(ptr), C.size_t(math.MaxInt-1)))}
	d.cleanup = runtime.AddCleanup(d, func(p *C.tfdrift_detector) { C.tfdrift_detector_free(&p) }, ptr)
	return d, nil
}

// MaxRecordBytes returns the longest record the detector reads: the config's
// limits.max_record_bytes (64 MiB by default). A longer record is counted as malformed
// (tfdrift.input.size), and ProcessReader keeps at most this many bytes (plus one) of a line.
func (d *Detector) MaxRecordBytes() int { return d.maxRecord }

// Close frees the detector. It is idempotent and safe to call from several goroutines;
// it always returns nil. Other methods return ErrClosed afterwards.
func (d *Detector) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.ptr == nil {
		return nil
	}
	d.cleanup.Stop()
	C.tfdrift_detector_free(&d.ptr)
	return nil
}

// LoadState loads one Terraform state (format version 4) under a name that alerts report
// as their StateFile. Call it once per state file. Errors are *Error with Status
// StatusState and ID tfdrift.state.parse, tfdrift.state.version or tfdrift.state.shape;
// the states loaded before stay.
func (d *Detector) LoadState(data []byte, name string) error {
	cname, err := cString(name, "name")
	if err != nil {
		return err
	}
	defer C.free(unsafe.Pointer(cname))
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.ptr == nil {
		return ErrClosed
	}
	var cerr *C.tfdrift_error
	p, n := bytesArg(data)
	st := C.tfdrift_detector_load_state(d.ptr, p, n, cname, &cerr)
	runtime.KeepAlive(data)
	if st != C.TFDRIFT_OK {
		return takeError(st, cerr)
	}
	return nil
}

// Process reads a buffer (one CloudTrail record, a {"Records":[...]} document, NDJSON or a
// Falco alert) named "<input>" and returns its alerts in input order. Records that cannot
// be read are counted in Stats as malformed, not returned as errors.
func (d *Detector) Process(data []byte) ([]Alert, error) { return d.ProcessNamed(data, "<input>") }

// ProcessNamed is Process with the name alerts report as Place.Source (a file name, say).
func (d *Detector) ProcessNamed(data []byte, source string) ([]Alert, error) {
	out, err := d.processBytes(data, source)
	if err != nil {
		return nil, err
	}
	return parseAlerts(out)
}

// ProcessNDJSON is ProcessNamed returning the alerts as the library wrote them: one
// tfdrift.alert.v1 JSON line per alert, each ending in "\n", byte for byte what
// `tfdrift detect --format ndjson` prints.
func (d *Detector) ProcessNDJSON(data []byte, source string) ([]byte, error) {
	return d.processBytes(data, source)
}

func (d *Detector) processBytes(data []byte, source string) ([]byte, error) {
	csrc, err := cString(source, "source")
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(csrc))
	return d.locked(func(ptr *C.tfdrift_detector, o *bufferOut) C.tfdrift_status {
		p, n := bytesArg(data)
		defer runtime.KeepAlive(data)
		return C.tfdrift_detector_process(ptr, p, n, csrc, &o.buf, &o.cerr)
	})
}

// ProcessReader reads NDJSON (one CloudTrail record or Falco alert per line) from r, named
// "<stream>", and calls fn for each alert as soon as its line is read. Memory stays at one
// line whatever the stream's length: a line longer than MaxRecordBytes is cut to
// MaxRecordBytes+1 bytes, which the library counts as a malformed record
// (tfdrift.input.size) at that line's place. It returns fn's first error,
// r's first error other than io.EOF, or a library error; the counts include every line
// read before. Use Process for a whole {"Records":[...]} document.
func (d *Detector) ProcessReader(r io.Reader, fn func(Alert) error) error {
	return d.ProcessReaderNamed(r, "<stream>", fn)
}

// ProcessReaderNamed is ProcessReader with the name alerts report as Place.Source.
func (d *Detector) ProcessReaderNamed(r io.Reader, source string, fn func(Alert) error) error {
	csrc, err := cString(source, "source")
	if err != nil {
		return err
	}
	defer C.free(unsafe.Pointer(csrc))
	br := bufio.NewReaderSize(r, 64<<10)
	var long []byte
	for lineNo := uint64(1); ; lineNo++ {
		line, rerr := readLine(br, &long, d.maxRecord+1)
		if rerr != nil && (rerr != io.EOF || line == nil) {
			if rerr == io.EOF {
				return nil
			}
			return rerr
		}
		if lineNo == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		alerts, err := d.processLine(line, csrc, lineNo)
		if err != nil {
			return err
		}
		for _, a := range alerts {
			if err := fn(a); err != nil {
				return err
			}
		}
		if rerr == io.EOF {
			return nil
		}
	}
}

// readLine returns the next line without its "\n", cut to max bytes, and r's error: io.EOF
// with a non-nil line for a last line without "\n", io.EOF with a nil line at the end. The
// line is valid until the next call; a line longer than br's buffer is gathered in *long.
func readLine(br *bufio.Reader, long *[]byte, max int) ([]byte, error) {
	if cap(*long) > 1<<20 {
		*long = nil // do not keep a huge line's memory for the rest of the stream
	}
	*long = (*long)[:0]
	gathering := false
	for {
		chunk, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull || gathering {
			gathering = true
			// Up to max bytes and the "\n": a line of exactly max bytes stays whole.
			if room := max + 1 - len(*long); room > 0 {
				*long = append(*long, chunk[:min(room, len(chunk))]...)
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			chunk = *long
		}
		switch {
		case err != nil && err != io.EOF:
			return nil, err
		case err == io.EOF && len(chunk) == 0:
			return nil, io.EOF
		}
		line := bytes.TrimSuffix(chunk, []byte{'\n'})
		if line == nil {
			line = []byte{}
		}
		return line[:min(len(line), max)], err
	}
}

func (d *Detector) processLine(line []byte, csrc *C.char, lineNo uint64) ([]Alert, error) {
	raw, err := d.locked(func(ptr *C.tfdrift_detector, o *bufferOut) C.tfdrift_status {
		p, n := bytesArg(line)
		defer runtime.KeepAlive(line)
		return C.tfdrift_detector_process_line(ptr, p, n, csrc, C.uint64_t(lineNo), &o.buf, &o.cerr)
	})
	if err != nil {
		return nil, err
	}
	return parseAlerts(raw)
}

// Stats returns the counts so far: records read, what became of each (they sum to
// RecordsRead), alerts by severity and kind, counts per event and the first malformed
// records with their places.
func (d *Detector) Stats() (Stats, error) {
	raw, err := d.StatsJSON()
	if err != nil {
		return Stats{}, err
	}
	var s Stats
	if err := json.Unmarshal(raw, &s); err != nil {
		return Stats{}, &Error{Status: StatusInternal, ID: "tfdrift.go.decode", Where: "stats",
			Message: "cannot decode the library's stats JSON: " + err.Error()}
	}
	return s, nil
}

// StatsJSON returns the counts as the library writes them: one line of JSON.
func (d *Detector) StatsJSON() ([]byte, error) {
	return d.locked(func(ptr *C.tfdrift_detector, o *bufferOut) C.tfdrift_status {
		return C.tfdrift_detector_stats_json(ptr, &o.buf, &o.cerr)
	})
}

// bufferOut is where a C call that answers with a buffer writes it, or its error.
type bufferOut struct {
	buf  *C.tfdrift_buffer
	cerr *C.tfdrift_error
}

// take returns the buffer the call wrote, or the error it reported with status st.
func (o *bufferOut) take(st C.tfdrift_status) ([]byte, error) {
	if st != C.TFDRIFT_OK {
		return nil, takeError(st, o.cerr)
	}
	return takeBuffer(o.buf), nil
}

// locked makes one C call on the detector under its lock (ErrClosed after Close) and
// returns the buffer it answered with.
func (d *Detector) locked(call func(*C.tfdrift_detector, *bufferOut) C.tfdrift_status) ([]byte, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.ptr == nil {
		return nil, ErrClosed
	}
	var o bufferOut
	return o.take(call(d.ptr, &o))
}

// Catalog returns the ECS catalog as text: the CloudTrail events tfdrift tracks and the
// Terraform resource types with their watched attributes (what `tfdrift catalog` prints).
func Catalog() (string, error) {
	var o bufferOut
	b, err := o.take(C.tfdrift_catalog_text(&o.buf, &o.cerr))
	return string(b), err
}

// FalcoRules returns Falco rules (YAML) for the ECS events, written with the cloudtrail
// plugin's real fields (what `tfdrift rules` prints).
func FalcoRules() (string, error) {
	var o bufferOut
	b, err := o.take(C.tfdrift_falco_rules(&o.buf, &o.cerr))
	return string(b), err
}

// Text renders the alert as the spec's text, byte for byte what `tfdrift detect --format
// text` prints for it (control bytes from the records escaped).
func (a Alert) Text() (string, error) { return formatAlert(a.Raw, "text") }

// Markdown renders the alert as `tfdrift detect --format markdown` prints it (markup from
// the records escaped).
func (a Alert) Markdown() (string, error) { return formatAlert(a.Raw, "markdown") }

// formatAlert renders an alert's JSON line through the library's own formats. An Alert not
// read by a Detector (no Raw) fails with tfdrift.alert.parse.
func formatAlert(raw []byte, format string) (string, error) {
	cformat := C.CString(format)
	defer C.free(unsafe.Pointer(cformat))
	p, n := bytesArg(raw)
	var o bufferOut
	b, err := o.take(C.tfdrift_alert_format(p, n, cformat, &o.buf, &o.cerr))
	runtime.KeepAlive(raw)
	return string(b), err
}

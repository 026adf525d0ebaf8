// Tests of the Go package: the spec's scenarios, errors, Close, streaming and concurrent detectors.

package tfdrift

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// fixture returns the bytes of a file under tests/data.
func fixture(t testing.TB, relative string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "tests", "data", filepath.FromSlash(relative)))
	if err != nil {
		t.Fatalf("fixture %s: %v", relative, err)
	}
	return b
}

// fixtureRoot returns the bytes of a file relative to the repository's root.
func fixtureRoot(t testing.TB, relative string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(relative)))
	if err != nil {
		t.Fatalf("%s: %v", relative, err)
	}
	return b
}

// newDetector returns a Detector with the built-in rules and tests/data/state/ecs.tfstate loaded.
func newDetector(t testing.TB) *Detector {
	t.Helper()
	d, err := New(nil)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.LoadState(fixture(t, "state/ecs.tfstate"), "ecs.tfstate"); err != nil {
		t.Fatalf("LoadState: %v", err)
	}
	return d
}

// processOne processes one fixture and requires exactly one alert.
func processOne(t *testing.T, d *Detector, relative string) Alert {
	t.Helper()
	alerts, err := d.ProcessNamed(fixture(t, relative), filepath.Base(relative))
	if err != nil {
		t.Fatalf("Process %s: %v", relative, err)
	}
	if len(alerts) != 1 {
		t.Fatalf("Process %s: %d alerts, want 1", relative, len(alerts))
	}
	return alerts[0]
}

type wantChange struct {
	attribute, path, old, new string
	severity                  Severity
}

func checkAlert(t *testing.T, a Alert, address string, kind Kind, sev Severity, changes []wantChange) {
	t.Helper()
	if a.Schema != AlertSchema {
		t.Errorf("schema = %q", a.Schema)
	}
	if a.Address == nil || *a.Address != address {
		t.Errorf("address = %v, want %q", a.Address, address)
	}
	if a.Kind != kind {
		t.Errorf("kind = %q, want %q", a.Kind, kind)
	}
	if a.Severity != sev {
		t.Errorf("severity = %q, want %q", a.Severity, sev)
	}
	if len(a.Changes) != len(changes) {
		t.Fatalf("%d changes, want %d: %+v", len(a.Changes), len(changes), a.Changes)
	}
	for i, w := range changes {
		c := a.Changes[i]
		if c.Attribute != w.attribute || c.Path != w.path || string(c.Old) != w.old || string(c.New) != w.new ||
			c.Severity != w.severity {
			t.Errorf("change %d = {%s %s %s -> %s %s}, want {%s %s %s -> %s %s}", i, c.Attribute, c.Path, c.Old, c.New,
				c.Severity, w.attribute, w.path, w.old, w.new, w.severity)
		}
	}
}

func TestScenario1ServiceScaledOutsideTerraform(t *testing.T) {
	d := newDetector(t)
	a := processOne(t, d, "cloudtrail/update_service_desired_count.json")
	checkAlert(t, a, "aws_ecs_service.main", KindUpdate, SeverityHigh, []wantChange{
		{"desired_count", "desired_count", "3", "5", SeverityHigh},
	})
	if a.Actor.Name != "ops-admin" || a.Actor.IdentityType != "IAMUser" || a.Actor.Source != "cli" {
		t.Errorf("actor = %+v", a.Actor)
	}
	if a.Region != "us-east-1" || a.Account != "123456789012" || a.Priority != "WARNING" {
		t.Errorf("region %q account %q priority %q", a.Region, a.Account, a.Priority)
	}
	if a.ResourceID != "production/my-service" || a.StateFile != "ecs.tfstate" || a.Rule != "ECS Service Configuration" {
		t.Errorf("resource_id %q state_file %q rule %q", a.ResourceID, a.StateFile, a.Rule)
	}
	if a.Place != (Place{Source: "update_service_desired_count.json", Line: 0, Record: 1}) {
		t.Errorf("place = %+v", a.Place)
	}
	if a.EventID != "68679295-0223-4b5d-aecb-656d77977de2" || a.EventName != "UpdateService" ||
		a.EventTime != "2025-03-11T13:04:12Z" {
		t.Errorf("event %q %q %q", a.EventID, a.EventName, a.EventTime)
	}
}

func TestAlertTextAndMarkdownAreTheLibrarys(t *testing.T) {
	d := newDetector(t)
	a := processOne(t, d, "cloudtrail/update_service_desired_count.json")
	text, err := a.Text()
	if err != nil {
		t.Fatal(err)
	}
	want := "🚨 Drift Detected: aws_ecs_service.main\nChanged: desired_count = 3 → 5\n" +
		"User: ops-admin (IAM User, CLI)\nRegion: us-east-1\nSeverity: HIGH\n"
	if text != want {
		t.Errorf("Text() = %q, want %q", text, want)
	}
	md, err := a.Markdown()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(md, "**🚨 Drift Detected: aws\\_ecs\\_service.main**\n- Changed: desired\\_count = 3 → 5\n") ||
		!strings.HasSuffix(md, "- State: ecs.tfstate\n") {
		t.Errorf("Markdown() = %q", md)
	}
	// An Alert the library did not write has no line to render.
	var e *Error
	if _, err := (Alert{}).Text(); !errors.As(err, &e) || e.ID != "tfdrift.alert.parse" || e.Status != StatusInput {
		t.Errorf("Alert{}.Text() error = %v", err)
	}
}

func TestScenario2TaskDefinitionImageNamesTheContainer(t *testing.T) {
	d := newDetector(t)
	a := processOne(t, d, "cloudtrail/register_task_definition_image.json")
	checkAlert(t, a, "aws_ecs_task_definition.web_app", KindCreate, SeverityMedium, []wantChange{
		{"container_definitions", "container_definitions[name=nginx].image", `"nginx:1.20"`, `"nginx:1.21"`, SeverityMedium},
	})
	if a.Actor.Name != "developer@example.com" || a.Actor.IdentityType != "AssumedRole" || a.Actor.Source != "console" {
		t.Errorf("actor = %+v", a.Actor)
	}
}

func TestScenario3ClusterCapacityProviders(t *testing.T) {
	d := newDetector(t)
	a := processOne(t, d, "cloudtrail/put_cluster_capacity_providers.json")
	checkAlert(t, a, "aws_ecs_cluster_capacity_providers.main", KindUpdate, SeverityHigh, []wantChange{
		{"capacity_providers", "capacity_providers", `["FARGATE"]`, `["FARGATE","FARGATE_SPOT"]`, SeverityHigh},
		{"default_capacity_provider_strategy", "default_capacity_provider_strategy",
			`[{"base":0,"capacity_provider":"FARGATE","weight":1}]`,
			`[{"base":0,"capacity_provider":"FARGATE_SPOT","weight":1}]`, SeverityHigh},
	})
	if a.Actor.Name != "admin" || a.Actor.IdentityType != "AssumedRole" {
		t.Errorf("actor = %+v", a.Actor)
	}
}

// The Alert struct covers the schema exactly: decoding every fixture's alerts with unknown
// fields disallowed works, and encoding the struct gives the same JSON value back.
func TestAlertStructMatchesTheSchema(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "tests", "data", "cloudtrail", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	kinds := map[Kind]bool{}
	unmanaged, invokedBy := 0, 0
	for _, f := range files {
		d := newDetector(t)
		raw, err := d.ProcessNDJSON(fixture(t, "cloudtrail/"+filepath.Base(f)), filepath.Base(f))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range bytes.Split(bytes.TrimSuffix(raw, []byte{'\n'}), []byte{'\n'}) {
			if len(line) == 0 {
				continue
			}
			dec := json.NewDecoder(bytes.NewReader(line))
			dec.DisallowUnknownFields()
			var a Alert
			if err := dec.Decode(&a); err != nil {
				t.Fatalf("decode %s: %v", line, err)
			}
			kinds[a.Kind] = true
			if a.Address == nil {
				unmanaged++
			}
			if a.Actor.InvokedBy != "" {
				invokedBy++
			}
			back, err := json.Marshal(a)
			if err != nil {
				t.Fatal(err)
			}
			var want, got any
			if err := json.Unmarshal(line, &want); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(back, &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(want, got) {
				t.Errorf("round trip changed the alert:\n got %s\nwant %s", back, line)
			}
		}
	}
	// The fixtures reach every kind and the optional fields, so the check above saw them.
	for _, k := range []Kind{KindUpdate, KindCreate, KindRecreate, KindDelete, KindActivity, KindUnmanaged} {
		if !kinds[k] {
			t.Errorf("no fixture gave a %q alert", k)
		}
	}
	if unmanaged == 0 {
		t.Errorf("no alert without an address")
	}
	t.Logf("%d kinds, %d unmanaged, %d with invoked_by", len(kinds), unmanaged, invokedBy)
}

func TestRawIsTheLibrarysLine(t *testing.T) {
	d := newDetector(t)
	data := fixture(t, "cloudtrail/update_service_desired_count.json")
	want, err := d.ProcessNDJSON(data, "a.json")
	if err != nil {
		t.Fatal(err)
	}
	d2 := newDetector(t)
	alerts, err := d2.ProcessNamed(data, "a.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(alerts) != 1 || string(alerts[0].Raw)+"\n" != string(want) {
		t.Fatalf("Raw = %q, want %q", alerts[0].Raw, want)
	}
}

func TestStatsCountEveryRecord(t *testing.T) {
	d := newDetector(t)
	alerts, err := d.ProcessNamed(fixture(t, "cloudtrail/stream.ndjson"), "stream.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	if len(alerts) != 2 {
		t.Fatalf("%d alerts, want 2", len(alerts))
	}
	s, err := d.Stats()
	if err != nil {
		t.Fatal(err)
	}
	want := Outcomes{Alert: 2, NotECS: 1, Malformed: 1, Duplicate: 0}
	if s.RecordsRead != 4 || s.Outcomes != want || s.Outcomes.Sum() != s.RecordsRead {
		t.Errorf("records_read %d outcomes %+v", s.RecordsRead, s.Outcomes)
	}
	if s.AlertsBySeverity[SeverityHigh] != 2 || s.AlertsByKind[KindUpdate] != 2 {
		t.Errorf("by severity %v by kind %v", s.AlertsBySeverity, s.AlertsByKind)
	}
	if s.ByEvent["UpdateService"].Alert != 1 {
		t.Errorf("by_event %v", s.ByEvent)
	}
	if len(s.Malformed) != 1 || s.Malformed[0].ID != "tfdrift.input.json" || s.Malformed[0].Line != 3 ||
		s.Malformed[0].Source != "stream.ndjson" {
		t.Errorf("malformed %+v", s.Malformed)
	}
	raw, err := d.StatsJSON()
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var strict Stats
	if err := dec.Decode(&strict); err != nil {
		t.Errorf("the Stats struct does not cover the stats JSON: %v", err)
	}
}

func TestProcessReaderMatchesProcess(t *testing.T) {
	data := fixture(t, "cloudtrail/stream.ndjson")
	whole := newDetector(t)
	want, err := whole.ProcessNDJSON(data, "stream.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	// A BOM, CRLF line ends, and no newline after the last line change nothing.
	crlf := bytes.ReplaceAll(bytes.TrimSuffix(data, []byte{'\n'}), []byte{'\n'}, []byte("\r\n"))
	for name, input := range map[string][]byte{
		"as is": data,
		"crlf":  append([]byte("\xef\xbb\xbf"), crlf...),
	} {
		t.Run(name, func(t *testing.T) {
			d := newDetector(t)
			var got []byte
			err := d.ProcessReaderNamed(bytes.NewReader(input), "stream.ndjson", func(a Alert) error {
				got = append(append(got, a.Raw...), '\n')
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("ProcessReader:\n%s\nProcess:\n%s", got, want)
			}
			a, _ := whole.StatsJSON()
			b, _ := d.StatsJSON()
			if name == "as is" && string(a) != string(b) {
				t.Errorf("stats differ:\n%s\n%s", b, a)
			}
		})
	}
}

func TestProcessReaderStopsAtTheCallbacksError(t *testing.T) {
	d := newDetector(t)
	stop := errors.New("stop")
	calls := 0
	err := d.ProcessReader(bytes.NewReader(fixture(t, "cloudtrail/stream.ndjson")), func(a Alert) error {
		calls++
		if a.Place.Source != "<stream>" || a.Place.Line != 1 {
			t.Errorf("place %+v", a.Place)
		}
		return stop
	})
	if err != stop || calls != 1 {
		t.Fatalf("err %v after %d calls", err, calls)
	}
	s, _ := d.Stats()
	if s.RecordsRead != 1 {
		t.Errorf("records_read %d, want 1: the stream stops at the first alert", s.RecordsRead)
	}
}

type failingReader struct{ data []byte }

func (r *failingReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.ErrUnexpectedEOF
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestProcessReaderReturnsTheReadersError(t *testing.T) {
	d := newDetector(t)
	n := 0
	err := d.ProcessReader(&failingReader{fixture(t, "cloudtrail/stream.ndjson")}, func(Alert) error { n++; return nil })
	if err != io.ErrUnexpectedEOF {
		t.Fatalf("err = %v", err)
	}
	if n != 2 {
		t.Errorf("%d alerts before the error, want 2", n)
	}
}

// Lines longer than the reader's buffer are gathered; one over the record limit is cut and
// counted malformed at its place, and the lines after it are read as usual.
func TestProcessReaderLongLines(t *testing.T) {
	rec := bytes.TrimSpace(fixture(t, "cloudtrail/update_service_desired_count.json"))
	var compact bytes.Buffer
	if err := json.Compact(&compact, rec); err != nil {
		t.Fatal(err)
	}
	// A 300 KiB record (the same call with a long extra field) under a 512 KiB limit, after a
	// 600 KiB line, of which ProcessReader passes on only the limit and one byte.
	const limit = 512 << 10
	long := append([]byte(`{"padding":"`+strings.Repeat("x", 300<<10)+`",`), compact.Bytes()[1:]...)
	huge := append([]byte(`{"eventSource":"ecs.amazonaws.com","x":"`), bytes.Repeat([]byte("y"), 600<<10)...)
	huge = append(huge, `"}`...)
	exact := append([]byte(`{"eventSource":"ecs.amazonaws.com","x":"`), bytes.Repeat([]byte("z"), limit)...)
	exact = append(exact[:limit-2], `"}`...) // exactly at the limit
	stream := bytes.Join([][]byte{huge, long, exact, []byte("")}, []byte{'\n'})

	d, err := New([]byte(`{"limits": {"max_record_bytes": 524288}}`))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.MaxRecordBytes() != limit {
		t.Fatalf("MaxRecordBytes() = %d", d.MaxRecordBytes())
	}
	if err := d.LoadState(fixture(t, "state/ecs.tfstate"), "ecs.tfstate"); err != nil {
		t.Fatal(err)
	}
	var alerts []Alert
	if err := d.ProcessReaderNamed(bytes.NewReader(stream), "long.ndjson", func(a Alert) error {
		alerts = append(alerts, a)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(alerts) != 1 || alerts[0].Place != (Place{"long.ndjson", 2, 2}) {
		t.Fatalf("alerts %d, place %+v", len(alerts), alerts)
	}
	s, err := d.Stats()
	if err != nil {
		t.Fatal(err)
	}
	// The line at the limit is read whole: an ECS record without an eventName (untracked).
	if s.RecordsRead != 3 || s.Outcomes.Malformed != 1 || s.Outcomes.Untracked != 1 || len(s.Malformed) != 1 ||
		s.Malformed[0].ID != "tfdrift.input.size" || s.Malformed[0].Line != 1 ||
		s.BytesRead != uint64(limit+1+len(long)+len(exact)) {
		t.Errorf("stats %+v", s)
	}
	if def := newDetector(t); def.MaxRecordBytes() != 64<<20 {
		t.Errorf("default MaxRecordBytes() = %d", def.MaxRecordBytes())
	}
}

func TestBadStateIsAnErrorWithItsID(t *testing.T) {
	d, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	err = d.LoadState(fixture(t, "state/broken.tfstate"), "broken.tfstate")
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v (%T), want *Error", err, err)
	}
	if e.ID != "tfdrift.state.parse" || e.Where != "broken.tfstate" || e.Status != StatusState || e.Message == "" {
		t.Errorf("error = %+v", e)
	}
	if !strings.HasPrefix(err.Error(), "[tfdrift.state.parse] broken.tfstate: ") {
		t.Errorf("Error() = %q", err.Error())
	}
	err = d.LoadState(fixture(t, "state/v3.tfstate"), "v3.tfstate")
	if !errors.As(err, &e) || e.ID != "tfdrift.state.version" || e.Status != StatusState {
		t.Errorf("v3: %v", err)
	}
	if err := d.LoadState([]byte("{}"), "with\x00nul"); !errors.As(err, &e) || e.ID != "tfdrift.go.invalid_argument" {
		t.Errorf("NUL in a name: %v", err)
	}
	if _, err := d.ProcessNamed(nil, "a\x00b"); !errors.As(err, &e) || e.Status != StatusInvalidArgument {
		t.Errorf("NUL in a source: %v", err)
	}
	// The detector still works after the failures.
	if err := d.LoadState(fixture(t, "state/ecs.tfstate"), "ecs.tfstate"); err != nil {
		t.Fatal(err)
	}
}

func TestBadConfigIsAnErrorWithItsID(t *testing.T) {
	for _, tc := range []struct{ config, id, where string }{
		{`{"drift_rules": [`, "tfdrift.config.parse", "<config>:1:18"},
		{"{\n  \"drift_rulez\": []\n}", "tfdrift.config.unknown_key", "<config>:2:3"},
	} {
		d, err := New([]byte(tc.config))
		var e *Error
		if d != nil || !errors.As(err, &e) || e.Status != StatusConfig || e.ID != tc.id || e.Where != tc.where {
			t.Errorf("New(%q) = %v, %v; want [%s] %s", tc.config, d, err, tc.id, tc.where)
		}
	}
	for _, empty := range [][]byte{nil, {}, []byte(" \n")} {
		d, err := New(empty)
		if err != nil {
			t.Fatalf("New(%q): %v", empty, err)
		}
		d.Close()
	}
}

func TestConfigTakesEffect(t *testing.T) {
	d, err := New([]byte(`{"drift_rules": [{"name": "Scaling", "resource_types": ["aws_ecs_service"],
		"watched_attributes": ["desired_count"], "severity": "critical"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.LoadState(fixture(t, "state/ecs.tfstate"), "ecs.tfstate"); err != nil {
		t.Fatal(err)
	}
	a := processOne(t, d, "cloudtrail/update_service_desired_count.json")
	checkAlert(t, a, "aws_ecs_service.main", KindUpdate, SeverityCritical, []wantChange{
		{"desired_count", "desired_count", "3", "5", SeverityCritical},
	})
	if a.Rule != "Scaling" {
		t.Errorf("rule = %q", a.Rule)
	}
}

func TestCloseTwiceAndUseAfterClose(t *testing.T) {
	d := newDetector(t)
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	_, err := d.Process(fixture(t, "cloudtrail/update_service_desired_count.json"))
	if !errors.Is(err, ErrClosed) {
		t.Errorf("Process after Close: %v", err)
	}
	var e *Error
	if !errors.As(err, &e) || e.ID != "tfdrift.go.closed" {
		t.Errorf("Process after Close: %v", err)
	}
	if err := d.LoadState(nil, "x"); !errors.Is(err, ErrClosed) {
		t.Errorf("LoadState after Close: %v", err)
	}
	if _, err := d.Stats(); !errors.Is(err, ErrClosed) {
		t.Errorf("Stats after Close: %v", err)
	}
	if err := d.ProcessReader(strings.NewReader("{}\n"), func(Alert) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Errorf("ProcessReader after Close: %v", err)
	}
}

func TestConcurrentClose(t *testing.T) {
	d := newDetector(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := d.Close(); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}

// Independent detectors in goroutines give the same alerts as one alone; a shared detector
// used from several goroutines serializes the calls and counts every record.
func TestConcurrentDetectors(t *testing.T) {
	files := []string{
		"cloudtrail/update_service_desired_count.json",
		"cloudtrail/register_task_definition_image.json",
		"cloudtrail/put_cluster_capacity_providers.json",
		"cloudtrail/stream.ndjson",
	}
	inputs := make([][]byte, len(files))
	for i, f := range files {
		inputs[i] = fixture(t, f)
	}
	state := fixture(t, "state/ecs.tfstate")
	run := func(d *Detector) (string, error) {
		var out []byte
		for i, in := range inputs {
			b, err := d.ProcessNDJSON(in, files[i])
			if err != nil {
				return "", err
			}
			out = append(out, b...)
		}
		return string(out), nil
	}
	ref := newDetector(t)
	want, err := run(ref)
	if err != nil || strings.Count(want, "\n") != 3 {
		t.Fatalf("reference run: %d alerts, %v", strings.Count(want, "\n"), err)
	}

	shared := newDetector(t)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := New(nil)
			if err != nil {
				t.Error(err)
				return
			}
			defer d.Close()
			if err := d.LoadState(state, "ecs.tfstate"); err != nil {
				t.Error(err)
				return
			}
			for range 5 {
				d2, _ := New(nil)
				_ = d2.LoadState(state, "ecs.tfstate")
				got, err := run(d2)
				d2.Close()
				if err != nil || got != want {
					t.Errorf("goroutine %d: alerts differ (%v)", g, err)
					return
				}
			}
			if _, err := shared.ProcessNamed(inputs[g%len(inputs)], files[g%len(inputs)]); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	s, err := shared.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if s.RecordsRead != 2*1+2*1+2*1+2*4 || s.Outcomes.Sum() != s.RecordsRead {
		t.Errorf("shared detector: records_read %d, outcomes %+v", s.RecordsRead, s.Outcomes)
	}
}

func TestCatalogAndFalcoRules(t *testing.T) {
	// One detection core: the catalog and the Falco rules that Go gets through the C ABI are, byte
	// for byte, the CLI's `tfdrift catalog` (tests/cli/expected/catalog.txt, checked against the CLI
	// by tests/cli) and the generated rules file (examples/falco, checked against the generator by
	// the C++ tests). Nothing here restates the catalog's size, which grows with each event.
	c, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	if want := string(fixtureRoot(t, "tests/cli/expected/catalog.txt")); c != want {
		t.Errorf("catalog differs from tests/cli/expected/catalog.txt:\n%s", c)
	}
	r, err := FalcoRules()
	if err != nil {
		t.Fatal(err)
	}
	if want := string(fixtureRoot(t, "examples/falco/tfdrift_ecs_rules.yaml")); r != want {
		t.Errorf("falco rules differ from examples/falco/tfdrift_ecs_rules.yaml:\n%s", r)
	}
	// None of the spec's fields that the cloudtrail plugin lacks (NOTES.md).
	if !strings.Contains(r, `ct.name="DeleteService"`) || strings.Contains(r, "%ct.request.service ") ||
		strings.Contains(r, "ct.request.family") || strings.Contains(r, "%ct.account ") {
		t.Errorf("falco rules use a field the cloudtrail plugin lacks:\n%s", r)
	}
}

func TestVersions(t *testing.T) {
	if ABIVersion != 1 || LibraryABIVersion() != ABIVersion {
		t.Errorf("ABI %d, library %d", ABIVersion, LibraryABIVersion())
	}
	hpp := string(fixtureRoot(t, "include/tfdrift/version.hpp"))
	var want []string
	for _, part := range []string{"MAJOR", "MINOR", "PATCH"} {
		m := regexp.MustCompile(`#define TFDRIFT_VERSION_` + part + ` (\d+)`).FindStringSubmatch(hpp)
		if m == nil {
			t.Fatalf("TFDRIFT_VERSION_%s not in version.hpp", part)
		}
		want = append(want, m[1])
	}
	if v := Version(); v != strings.Join(want, ".") {
		t.Errorf("Version() = %q, want %q", v, strings.Join(want, "."))
	}
	if StatusState.String() != "TFDRIFT_E_STATE" || Status(99).String() != "TFDRIFT_E_UNKNOWN" {
		t.Errorf("status names %s %s", StatusState, Status(99))
	}
}

// A request member the catalog does not compare is reported, never silent: the change says it was
// not compared, with the value sent and no old value, and the stats count it.
func TestUnknownRequestMemberIsReportedNotCompared(t *testing.T) {
	var rec map[string]any
	if err := json.Unmarshal(fixture(t, "cloudtrail/update_service_desired_count.json"), &rec); err != nil {
		t.Fatal(err)
	}
	rec["requestParameters"] = map[string]any{"cluster": "production", "service": "my-service", "madeUpMember": 7}
	line, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	d := newDetector(t)
	alerts, err := d.Process(line)
	if err != nil {
		t.Fatal(err)
	}
	if len(alerts) != 1 || len(alerts[0].Changes) != 1 {
		t.Fatalf("alerts %+v", alerts)
	}
	c := alerts[0].Changes[0]
	if c.Path != "madeUpMember" || string(c.Old) != "null" || string(c.New) != "7" || c.Compared == nil || *c.Compared ||
		c.Reason == "" {
		t.Errorf("change %+v (compared %v)", c, c.Compared)
	}
	s, err := d.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if s.NotCompared != 1 || s.Outcomes.Alert != 1 {
		t.Errorf("not_compared %d, alert outcomes %d", s.NotCompared, s.Outcomes.Alert)
	}
}

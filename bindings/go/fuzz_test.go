// Fuzz test of Process: any bytes are counted, never fail, and give only well-formed alerts.

package tfdrift

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func FuzzProcess(f *testing.F) {
	for _, pattern := range []string{"cloudtrail/*.json", "cloudtrail/*.ndjson", "falco/*.json"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "tests", "data", filepath.FromSlash(pattern)))
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Add([]byte(`{"Records":[{"eventSource":"ecs.amazonaws.com","eventName":"DeleteService",` +
		`"requestParameters":{"cluster":"production","service":"my-service"}}]}`))
	f.Add([]byte("{\"eventSource\":\"ecs.amazonaws.com\"}\n{]\n\n"))
	state := fixture(f, "state/ecs.tfstate")

	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := New(nil)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		if err := d.LoadState(state, "ecs.tfstate"); err != nil {
			t.Fatal(err)
		}
		alerts, err := d.Process(data)
		if err != nil {
			t.Fatalf("Process failed: %v", err)
		}
		s, err := d.Stats()
		if err != nil {
			t.Fatal(err)
		}
		if s.Outcomes.Sum() != s.RecordsRead {
			t.Fatalf("outcomes %+v sum to %d, records_read %d", s.Outcomes, s.Outcomes.Sum(), s.RecordsRead)
		}
		if s.Outcomes.Alert != uint64(len(alerts)) {
			t.Fatalf("%d alerts, counted %d", len(alerts), s.Outcomes.Alert)
		}
		for _, a := range alerts {
			if a.Schema != AlertSchema || a.Severity.Rank() < 0 || !json.Valid(a.Raw) {
				t.Fatalf("bad alert %s", a.Raw)
			}
			if (a.Address == nil) != (a.Kind == KindUnmanaged) {
				t.Fatalf("address %v with kind %q", a.Address, a.Kind)
			}
			for _, c := range a.Changes {
				if c.Severity.Rank() < 0 || c.Path == "" || !json.Valid(c.Old) || !json.Valid(c.New) {
					t.Fatalf("bad change %+v in %s", c, a.Raw)
				}
			}
		}
	})
}

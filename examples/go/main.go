// Reads CloudTrail records (or Falco alerts) as NDJSON from stdin and prints tfdrift's drift alerts.
//
//	go run . -state ../ecs/terraform.tfstate < ../ecs/trail.ndjson
//
// Each alert is printed as it is found, in the spec's text form or (-json) as the
// tfdrift.alert.v1 line the CLI's --format ndjson prints; a summary of the counts goes to
// stderr at the end. Exit status: 0 with no alert, 1 with alerts, 2 on errors.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	tfdrift "tfdrift/bindings/go"
)

type stateFiles []string

func (s *stateFiles) String() string     { return strings.Join(*s, ",") }
func (s *stateFiles) Set(v string) error { *s = append(*s, v); return nil }

func main() {
	var states stateFiles
	flag.Var(&states, "state", "Terraform state file (format 4); repeat for several")
	configPath := flag.String("config", "", "config file in JSON (default: the built-in drift rules)")
	asJSON := flag.Bool("json", false, "print each alert as its tfdrift.alert.v1 JSON line")
	source := flag.String("source", "-", "name of the input in each alert's place")
	flag.Parse()
	if len(states) == 0 || flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: tfdrift-example -state FILE [-state FILE...] [-config FILE] [-json] < trail.ndjson")
		os.Exit(2)
	}
	n, err := run(os.Stdin, os.Stdout, states, *configPath, *asJSON, *source)
	if err != nil {
		var e *tfdrift.Error
		if errors.As(err, &e) {
			fmt.Fprintf(os.Stderr, "tfdrift-example: %s\n", e) // [id] where: message
		} else {
			fmt.Fprintf(os.Stderr, "tfdrift-example: %v\n", err)
		}
		os.Exit(2)
	}
	if n > 0 {
		os.Exit(1)
	}
}

// run loads the states, streams stdin through a detector and returns the number of alerts.
func run(in io.Reader, out io.Writer, states []string, configPath string, asJSON bool, source string) (int, error) {
	var config []byte
	if configPath != "" {
		b, err := os.ReadFile(configPath)
		if err != nil {
			return 0, err
		}
		config = b
	}
	d, err := tfdrift.New(config)
	if err != nil {
		return 0, err
	}
	defer d.Close()
	for _, path := range states {
		b, err := os.ReadFile(path)
		if err != nil {
			return 0, err
		}
		if err := d.LoadState(b, path); err != nil {
			return 0, err
		}
	}
	n := 0
	err = d.ProcessReaderNamed(in, source, func(a tfdrift.Alert) error {
		n++
		if asJSON {
			_, err := fmt.Fprintf(out, "%s\n", a.Raw)
			return err
		}
		_, err := io.WriteString(out, text(a))
		return err
	})
	if err != nil {
		return n, err
	}
	s, err := d.Stats()
	if err != nil {
		return n, err
	}
	o := s.Outcomes
	fmt.Fprintf(os.Stderr, "%d records read: %d alerts, %d not ECS, %d read-only, %d failed calls, %d by Terraform, "+
		"%d ignored, %d out of scope, %d untracked, %d without change, %d duplicates, %d malformed\n",
		s.RecordsRead, o.Alert, o.NotECS, o.ReadOnly, o.FailedCall, o.Terraform, o.Ignored, o.OutOfScope,
		o.Untracked, o.NoChange, o.Duplicate, o.Malformed)
	for _, m := range s.Malformed {
		fmt.Fprintf(os.Stderr, "  malformed: [%s] %s: %s\n", m.ID, tfdrift.Place{Source: m.Source, Line: m.Line, Record: m.Record}, m.Message)
	}
	return n, nil
}

// text renders an alert in the spec's form:
//
//	🚨 Drift Detected: aws_ecs_service.main
//	Changed: desired_count = 3 → 5
//	User: ops-admin (IAMUser, cli)
//	Region: us-east-1
//	Severity: HIGH
func text(a tfdrift.Alert) string {
	var b strings.Builder
	subject := a.ResourceType + " " + a.ResourceID + " (not in Terraform state)"
	if a.Address != nil {
		subject = *a.Address
	}
	fmt.Fprintf(&b, "🚨 Drift Detected: %s\n", clean(subject))
	if a.Kind != tfdrift.KindUpdate && a.Kind != tfdrift.KindCreate {
		fmt.Fprintf(&b, "Event: %s (%s)\n", clean(a.EventName), a.Kind)
	}
	for _, c := range a.Changes {
		fmt.Fprintf(&b, "Changed: %s = %s → %s\n", clean(c.Path), clean(value(c.Old)), clean(value(c.New)))
	}
	fmt.Fprintf(&b, "User: %s (%s, %s)\n", clean(a.Actor.Name), clean(a.Actor.IdentityType), clean(a.Actor.Source))
	fmt.Fprintf(&b, "Region: %s\n", clean(a.Region))
	fmt.Fprintf(&b, "Severity: %s\n\n", strings.ToUpper(string(a.Severity)))
	return b.String()
}

// value renders a JSON value: a string without its quotes, anything else as JSON.
func value(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// clean keeps control characters from the records (escape sequences) off the terminal.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return '?'
		}
		return r
	}, s)
}

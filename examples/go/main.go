// Reads CloudTrail records (or Falco alerts) as NDJSON from stdin and prints tfdrift's drift alerts.
//
//	go run . -state ../ecs/terraform.tfstate < ../ecs/trail.ndjson
//
// Each alert is printed as it is found, in the spec's text form as the CLI's --format text
// prints it, or (-json) as the tfdrift.alert.v1 line the CLI's --format ndjson prints; a
// summary of the counts goes to stderr at the end. Exit status: 0 with no alert, 1 with alerts, 2 on errors.
package main

import (
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
		// The library's own text form, as `tfdrift detect --format text` prints it: a blank
		// line between alerts.
		text, err := a.Text()
		if err != nil {
			return err
		}
		if n > 1 {
			text = "\n" + text
		}
		_, err = io.WriteString(out, text)
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

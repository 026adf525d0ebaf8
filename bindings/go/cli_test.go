// Parity with the tfdrift command: the same alert bytes on the bundled example, the same catalog and rules.

package tfdrift

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// repoRoot is the repository's root, where the CLI is run so that names match.
const repoRoot = "../.."

// cli returns the path of the tfdrift command: $TFDRIFT_CLI, else build/tools/tfdrift. The
// parity tests need it and fail (they do not skip) without it.
func cli(t *testing.T) string {
	t.Helper()
	path := os.Getenv("TFDRIFT_CLI")
	if path == "" {
		path = filepath.Join(repoRoot, "build", "tools", "tfdrift")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(abs); err != nil {
		t.Fatalf("the tfdrift command is needed for this test: build it (cmake --build build) "+
			"or set TFDRIFT_CLI: %v", err)
	}
	return abs
}

// runCLI runs the command in the repository's root; exit status 1 means "drift found".
func runCLI(t *testing.T, stdin io.Reader, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(cli(t), args...)
	cmd.Dir = repoRoot
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if exit, ok := err.(*exec.ExitError); err != nil && !(ok && exit.ExitCode() == 1) {
		t.Fatalf("tfdrift %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return stdout.Bytes()
}

// inputFiles lists the files the CLI reads below a directory: depth first, each directory's
// entries in name order, .json/.ndjson/.jsonl (and .gz), no hidden entries, no
// CloudTrail-Digest directories.
func inputFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	var out []string
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, "."):
		case e.IsDir():
			if name != "CloudTrail-Digest" {
				out = append(out, inputFiles(t, filepath.Join(dir, name))...)
			}
		default:
			base := strings.TrimSuffix(strings.ToLower(name), ".gz")
			if strings.HasSuffix(base, ".json") || strings.HasSuffix(base, ".ndjson") || strings.HasSuffix(base, ".jsonl") {
				out = append(out, filepath.Join(dir, name))
			}
		}
	}
	return out
}

// readInput returns a file's bytes, decompressed when they start with gzip's magic bytes.
func readInput(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		return b
	}
	z, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	out, err := io.ReadAll(z)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

func TestAlertsEqualTheCLIsNDJSONOnTheBundledExample(t *testing.T) {
	const state = "examples/ecs/terraform.tfstate"
	const logs = "examples/ecs/AWSLogs"
	want := runCLI(t, nil, "detect", "--format", "ndjson", "--no-summary", "--state", state, logs)
	if n := bytes.Count(want, []byte{'\n'}); n != 3 {
		t.Errorf("the CLI printed %d alerts on the example, the spec's scenarios are 3", n)
	}
	compareWithCLI(t, nil, want)
}

// With the same config (JSON), the CLI and the C ABI give the same alerts.
func TestAlertsEqualTheCLIsWithAConfig(t *testing.T) {
	const state = "examples/ecs/terraform.tfstate"
	const logs = "examples/ecs/AWSLogs"
	config := []byte(`{"drift_rules": [{"name": "Scaling", "resource_types": ["aws_ecs_service"],
		"watched_attributes": ["desired_count"], "severity": "critical"}],
		"report_unwatched": false, "ignore": {"principals": ["developer@example.com"]}}`)
	path := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(path, config, 0o644); err != nil {
		t.Fatal(err)
	}
	want := runCLI(t, nil, "detect", "--format", "ndjson", "--no-summary", "--config", path, "--state", state, logs)
	if !bytes.Contains(want, []byte(`"severity":"critical","priority":"WARNING","rule":"Scaling"`)) ||
		bytes.Contains(want, []byte("developer@example.com")) {
		t.Errorf("the config did not take effect in the CLI:\n%s", want)
	}
	compareWithCLI(t, config, want)
}

// compareWithCLI runs the example's inputs through a detector with the config and compares
// the NDJSON with the CLI's.
func compareWithCLI(t *testing.T, config, want []byte) {
	t.Helper()
	const state = "examples/ecs/terraform.tfstate"
	const logs = "examples/ecs/AWSLogs"
	d, err := New(config)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.LoadState(readInput(t, filepath.Join(repoRoot, state)), state); err != nil {
		t.Fatal(err)
	}
	files := inputFiles(t, filepath.Join(repoRoot, logs))
	if len(files) == 0 {
		t.Fatal("no input files in the example")
	}
	var got []byte
	for _, f := range files {
		name := filepath.ToSlash(strings.TrimPrefix(f, repoRoot+string(filepath.Separator)))
		b, err := d.ProcessNDJSON(readInput(t, f), name)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, b...)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("C ABI (%d files):\n%s\nCLI:\n%s", len(files), got, want)
	}
}

// The stream form (stdin, "-") gives the same bytes as `tfdrift detect -`.
func TestProcessReaderEqualsTheCLIOnStdin(t *testing.T) {
	const state = "examples/ecs/terraform.tfstate"
	trail := readInput(t, filepath.Join(repoRoot, "examples/ecs/trail.ndjson"))
	want := runCLI(t, bytes.NewReader(trail), "detect", "--format", "ndjson", "--no-summary", "--state", state, "-")

	d, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.LoadState(readInput(t, filepath.Join(repoRoot, state)), state); err != nil {
		t.Fatal(err)
	}
	var got []byte
	if err := d.ProcessReaderNamed(bytes.NewReader(trail), "-", func(a Alert) error {
		got = append(append(got, a.Raw...), '\n')
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 || !bytes.Equal(got, want) {
		t.Errorf("ProcessReader:\n%s\nCLI:\n%s", got, want)
	}
}

func TestCatalogEqualsTheCLIs(t *testing.T) {
	want := runCLI(t, nil, "catalog")
	got, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("Catalog():\n%s\ntfdrift catalog:\n%s", got, want)
	}
}

func TestFalcoRulesEqualTheCLIs(t *testing.T) {
	want := runCLI(t, nil, "rules", "--format", "falco")
	got, err := FalcoRules()
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 || got != string(want) {
		t.Errorf("FalcoRules():\n%s\ntfdrift rules:\n%s", got, want)
	}
}

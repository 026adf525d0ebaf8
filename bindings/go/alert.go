// Go types for tfdrift's JSON: alerts (schema tfdrift.alert.v1) and the detector's counts.

package tfdrift

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// AlertSchema is the schema name every alert carries in its "schema" field.
const AlertSchema = "tfdrift.alert.v1"

// Kind says what an alert reports happened to a resource.
type Kind string

// The kinds of alert.
const (
	KindUpdate    Kind = "update"    // a managed resource changed outside Terraform
	KindCreate    Kind = "create"    // a new task definition revision in a family a state manages
	KindRecreate  Kind = "recreate"  // a Create* for an address a state already has
	KindDelete    Kind = "delete"    // a managed resource was deleted or deregistered
	KindActivity  Kind = "activity"  // an operation on a managed resource that changes no configuration
	KindUnmanaged Kind = "unmanaged" // an ECS write on a resource no loaded state manages
	KindResolved  Kind = "resolved"  // open drifts closed: an event set the values back to the state's
)

// Severity is how serious a change is, from the drift rules (not Falco's priority).
type Severity string

// The severities, from least to most serious.
const (
	SeverityLow      Severity = "low"
	SeverityMedium   Severity = "medium"
	SeverityHigh     Severity = "high"
	SeverityCritical Severity = "critical"
)

// Rank returns 0 for low up to 3 for critical, and -1 for anything else, so severities
// can be compared.
func (s Severity) Rank() int {
	switch s {
	case SeverityLow:
		return 0
	case SeverityMedium:
		return 1
	case SeverityHigh:
		return 2
	case SeverityCritical:
		return 3
	}
	return -1
}

// Alert is one drift alert, field for field the tfdrift.alert.v1 JSON that the CLI's
// --format ndjson prints.
type Alert struct {
	Schema       string    `json:"schema"`             // always AlertSchema
	EventID      string    `json:"event_id"`           // CloudTrail eventID
	EventName    string    `json:"event_name"`         // CloudTrail eventName, e.g. "UpdateService"
	EventTime    string    `json:"event_time"`         // CloudTrail eventTime, RFC 3339
	Kind         Kind      `json:"kind"`               // what happened
	Address      *string   `json:"address"`            // Terraform address; nil when no state manages the resource
	ResourceType string    `json:"resource_type"`      // aws_ecs_service, ...
	ResourceID   string    `json:"resource_id"`        // the resource as the request named it, e.g. "production/my-service"
	Changes      []Change  `json:"changes"`            // each changed attribute (empty for deletes)
	Security     []Finding `json:"security,omitempty"` // security findings (docs/security.md); nil when none fired
	Actor        Actor     `json:"actor"`              // who made the call, and with what
	Region       string    `json:"region"`             // where the resource lives
	Account      string    `json:"account"`            // the resource's account
	Severity     Severity  `json:"severity"`           // from the drift rules, raised to the highest security finding
	Priority     string    `json:"priority"`           // Falco priority of the event: WARNING or CRITICAL
	Rule         string    `json:"rule"`               // the drift rule behind the severity ("" when none)
	Description  string    `json:"description"`        // the catalog's description of the event
	StateFile    string    `json:"state_file"`         // the state that manages the resource ("" when unmanaged)
	Place        Place     `json:"place"`              // where the record was read

	// Raw is the alert's JSON exactly as the library wrote it (one line, no newline):
	// forward it to keep the bytes the CLI would print. Not part of the JSON.
	Raw []byte `json:"-"`
}

// Change is one changed attribute: its value in state and the value the request set.
type Change struct {
	Attribute string          `json:"attribute"` // top-level Terraform attribute, e.g. "container_definitions"
	Path      string          `json:"path"`      // full path, e.g. "container_definitions[name=nginx].image"
	Old       json.RawMessage `json:"old"`       // JSON value in the state file (null when unset)
	New       json.RawMessage `json:"new"`       // JSON value the request set (null when it unsets it)
	Severity  Severity        `json:"severity"`  // from the drift rules
	// Compared is false (and Reason set) for a request member the catalog does not compare:
	// then Attribute and Path name the request member and Old is null (unknown).
	Compared *bool  `json:"compared,omitempty"`
	Reason   string `json:"reason,omitempty"`
}

// Finding is one security check that fired on an alert; the alert's Severity is at least its.
type Finding struct {
	Check    string   `json:"check"`    // the check's id, e.g. "iam.role_changed"
	Severity Severity `json:"severity"` // the finding's severity
	Detail   string   `json:"detail"`   // what the check saw, for people
}

// Actor is who made the call, and from where.
type Actor struct {
	Name         string `json:"name"`                 // IAM user, "root", role session name or AWS service
	IdentityType string `json:"identity_type"`        // CloudTrail userIdentity.type: IAMUser, AssumedRole, ...
	ARN          string `json:"arn"`                  // userIdentity.arn ("" for AWS services)
	Account      string `json:"account"`              // the caller's account
	Source       string `json:"source"`               // console, cli, sdk, terraform, aws-service or unknown
	UserAgent    string `json:"user_agent"`           // the raw userAgent
	InvokedBy    string `json:"invoked_by,omitempty"` // userIdentity.invokedBy, when an AWS service acted
}

// Place is where a record was read.
type Place struct {
	Source string `json:"source"` // the source name given to Process, ProcessNamed or ProcessReaderNamed
	Line   uint64 `json:"line"`   // 1-based line for line-framed input, 0 when not known
	Record uint64 `json:"record"` // 1-based record number within the source
}

// String returns "source:line" when the line is known, else "source#record", as the
// library's messages write places.
func (p Place) String() string {
	if p.Line != 0 {
		return p.Source + ":" + strconv.FormatUint(p.Line, 10)
	}
	return p.Source + "#" + strconv.FormatUint(p.Record, 10)
}

// Outcomes counts what became of records; every record read ends in exactly one.
type Outcomes struct {
	Alert      uint64 `json:"alert"`        // an alert was emitted
	NotECS     uint64 `json:"not_ecs"`      // not an ECS record
	ReadOnly   uint64 `json:"read_only"`    // Describe*/List*
	FailedCall uint64 `json:"failed_call"`  // errorCode set: the call changed nothing
	Terraform  uint64 `json:"terraform"`    // Terraform's own call
	Ignored    uint64 `json:"ignored"`      // silenced by the config: an ignore rule, or only ignored or unwatched changes
	OutOfScope uint64 `json:"out_of_scope"` // an account or region that the config does not watch
	OutOfRange uint64 `json:"out_of_range"` // an eventTime outside the time range asked for
	Untracked  uint64 `json:"untracked"`    // an ECS write the catalog does not cover
	NoChange   uint64 `json:"no_change"`    // every value the request set equals the state
	Duplicate  uint64 `json:"duplicate"`    // an eventID already seen
	Malformed  uint64 `json:"malformed"`    // not a readable record
}

// Sum returns the total of all outcomes.
func (o Outcomes) Sum() uint64 {
	return o.Alert + o.NotECS + o.ReadOnly + o.FailedCall + o.Terraform + o.Ignored + o.OutOfScope + o.OutOfRange +
		o.Untracked + o.NoChange + o.Duplicate + o.Malformed
}

// MalformedRecord is a record that could not be read, and where it was.
type MalformedRecord struct {
	Source  string `json:"source"`
	Line    uint64 `json:"line"`
	Record  uint64 `json:"record"`
	ID      string `json:"id"` // tfdrift.input.json, tfdrift.input.depth, tfdrift.input.size, tfdrift.input.shape
	Message string `json:"message"`
}

// Stats are a detector's counts so far. RecordsRead always equals Outcomes.Sum().
type Stats struct {
	RecordsRead      uint64              `json:"records_read"`
	BytesRead        uint64              `json:"bytes_read"`
	Outcomes         Outcomes            `json:"outcomes"`
	AlertsBySeverity map[Severity]uint64 `json:"alerts_by_severity"`
	AlertsByKind     map[Kind]uint64     `json:"alerts_by_kind"`
	NotCompared      uint64              `json:"not_compared"` // request members reported as not compared (Change.Compared false)
	ByEvent          map[string]Outcomes `json:"by_event"`     // ECS records by eventName
	Malformed        []MalformedRecord   `json:"malformed"`    // the first few malformed records
}

// parseAlerts decodes the library's NDJSON: one tfdrift.alert.v1 object per line.
func parseAlerts(ndjson []byte) ([]Alert, error) {
	if len(ndjson) == 0 {
		return nil, nil
	}
	alerts := make([]Alert, 0, bytes.Count(ndjson, []byte{'\n'}))
	for len(ndjson) > 0 {
		// Capped slices: appending to one alert's Raw must not write over the next.
		line, rest := ndjson[:len(ndjson):len(ndjson)], []byte(nil)
		if i := bytes.IndexByte(ndjson, '\n'); i >= 0 {
			line, rest = ndjson[:i:i], ndjson[i+1:]
		}
		ndjson = rest
		var a Alert
		if err := json.Unmarshal(line, &a); err != nil {
			return alerts, &Error{Status: StatusInternal, ID: "tfdrift.go.decode", Where: "alert",
				Message: "cannot decode the library's alert JSON: " + err.Error()}
		}
		a.Raw = line
		alerts = append(alerts, a)
	}
	return alerts, nil
}

package importer

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// KindName is a Kind's name as the API's ImportKind enum carries it.
type KindName string

// MarshalGQL implements graphql.Marshaler.
func (k KindName) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(k))) }

// UnmarshalGQL implements graphql.Unmarshaler; the schema has already
// checked the value against the enum.
func (k *KindName) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("enums must be strings")
	}
	*k = KindName(s)
	return nil
}

// Status is where a batch stands.
type Status string

const (
	// Checking: the dry run is queued or running.
	Checking Status = "CHECKING"
	// Checked: the report is ready; applyImport may follow when it lists
	// no problem.
	Checked Status = "CHECKED"
	// Applying: the apply is queued or running.
	Applying Status = "APPLYING"
	// Applied: every row was written, in one transaction.
	Applied Status = "APPLIED"
	// Refused: the apply found problems (the data changed since the
	// check) and wrote nothing; the report lists them.
	Refused Status = "REFUSED"
	// Failed: a fault (the database, an interrupted server) ended the
	// run; nothing was written.
	Failed Status = "FAILED"
)

// Running reports whether a run of the batch is queued or under way.
func (s Status) Running() bool { return s == Checking || s == Applying }

// MarshalGQL implements graphql.Marshaler.
func (s Status) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(s))) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (s *Status) UnmarshalGQL(v any) error {
	str, ok := v.(string)
	if !ok {
		return fmt.Errorf("enums must be strings")
	}
	*s = Status(str)
	return nil
}

// Format is a file's format.
type Format string

const (
	XLSX Format = "XLSX"
	CSV  Format = "CSV"
)

// MarshalGQL implements graphql.Marshaler.
func (f Format) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(f))) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (f *Format) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("enums must be strings")
	}
	*f = Format(s)
	return nil
}

// textOf splits a product message "中文 / English" into its two languages;
// a message without the separator is the same in both.
func textOf(msg string) Text {
	if zh, en, ok := strings.Cut(msg, " / "); ok {
		return Text{Zh: strings.TrimSpace(zh), En: strings.TrimSpace(en)}
	}
	return Text{Zh: msg, En: msg}
}

// String is the text as the product writes messages: "中文 / English".
func (t Text) String() string {
	if t.Zh == t.En {
		return t.Zh
	}
	return t.Zh + " / " + t.En
}

// Package importer brings an agency's spreadsheets in and takes them out
// again, in the same columns: departments, staff, accounts, the
// responsibility list, the work calendar. A file is checked first (a dry
// run: every row applied inside a transaction that is then rolled back, so
// the report sees exactly what applying would do) and applied on
// confirmation in one transaction, all or nothing.
//
// This file is the contract between the engine (reading .xlsx and .csv,
// the runs, the reports, the templates and exports) and the domain
// packages that know each table (internal/org, internal/responsibility,
// internal/calendar), which describe their tables as Kinds.
package importer

import (
	"context"
	"fmt"
	"sort"

	"xiaoneng/ent"
)

// Text is a message or a label in the product's two languages.
type Text struct{ Zh, En string }

// Column is one column of a table: its header in the template and the
// export, whether a row must fill it, an example value for the template's
// example row and a note on what it holds.
type Column struct {
	Key      string // stable name, used by Row.Values and Problem.Column
	Header   Text   // the template's header; a file may use either language
	Required bool
	Example  string
	Note     Text
}

// Row is one line of a file: its values by Column.Key, trimmed; a column
// the file lacks is absent.
type Row struct {
	Sheet  string
	Line   int // 1-based line of the sheet (the header is line 1)
	Values map[string]string
}

// Outcome says what applying a row did (or, in a dry run, would do).
type Outcome int

const (
	Created Outcome = iota + 1
	Updated
	Unchanged
)

// Problem is a mistake in the file, reported with where it is.
type Problem struct {
	Line    int    // the row's line; 0 for the file as a whole
	Column  string // a Column.Key; "" for the row as a whole
	Message Text
}

// Secret is a one-time password made for an account the file creates: shown
// once, in the applied report, never stored in plain.
type Secret struct{ Login, Password string }

// Run is one file's pass over a table, inside the engine's transaction.
type Run interface {
	// Row checks one row against the database as the run has left it and
	// writes it. Problems are the row's mistakes (the row is then not
	// written); an error is a fault (the database failed) and ends the run.
	// The engine runs each row inside a savepoint: a row with problems is
	// rolled back whatever it wrote, and an error meant for the caller
	// (an *apperr.Error other than INTERNAL, a privacy denial, an ent
	// validation or constraint error) is reported as the row's problem
	// rather than ending the run.
	Row(ctx context.Context, r Row) (Outcome, []Problem, error)
	// Finish checks and writes what only the whole file shows (a parent
	// given in a later row, a cycle in the tree).
	Finish(ctx context.Context) ([]Problem, error)
}

// SecretsRun is a Run that makes one-time passwords (accounts).
type SecretsRun interface {
	Run
	Secrets() []Secret
}

// Kind is one importable table.
type Kind struct {
	Name    string // the GraphQL ImportKind value: DEPARTMENTS, STAFF, ACCOUNTS, …
	Title   Text   // the sheet's name in templates and exports
	Columns []Column
	// SessionOnly tables (accounts: they set passwords) are imported from a
	// login session only, never with an API token.
	SessionOnly bool
	// Authorize, when set, refuses a viewer (ctx) who may not import this
	// table at all, before anything is stored or run (an *apperr.Error,
	// FORBIDDEN). Nil: the credential (write:org) admits the caller and
	// the rows' privacy rules decide the rest.
	Authorize func(ctx context.Context) error
	// Start begins a run inside tx (a dry run and an apply alike). ctx
	// carries the transaction too (ent.TxFromContext), for work after the
	// commit (tx.OnCommit: dropping a cache).
	Start func(ctx context.Context, tx *ent.Client) (Run, error)
	// Export calls row with every row of the table, in Columns' order, as
	// the viewer of ctx may read them; importing the export changes nothing.
	Export func(ctx context.Context, c *ent.Client, row func(values []string) error) error
}

// Registry is the importable kinds; internal/app builds it from every
// domain's kinds and hands it to the engine and the API.
type Registry struct{ kinds map[string]Kind }

// NewRegistry returns the registry of ks. A name given twice is a
// programming error.
func NewRegistry(ks ...Kind) *Registry {
	r := &Registry{kinds: map[string]Kind{}}
	for _, k := range ks {
		if _, dup := r.kinds[k.Name]; dup {
			panic(fmt.Sprintf("importer: kind %s given twice", k.Name))
		}
		r.kinds[k.Name] = k
	}
	return r
}

// Lookup returns the kind of that name.
func (r *Registry) Lookup(name string) (Kind, bool) {
	k, ok := r.kinds[name]
	return k, ok
}

// Kinds lists the kinds by name.
func (r *Registry) Kinds() []Kind {
	out := make([]Kind, 0, len(r.kinds))
	for _, k := range r.kinds {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

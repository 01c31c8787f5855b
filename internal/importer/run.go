package importer

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"xiaoneng/ent"
	"xiaoneng/ent/privacy"
	"xiaoneng/internal/apperr"
)

// MaxReportedProblems caps the problems a report lists; ProblemCount
// counts them all.
const MaxReportedProblems = 1000

// Report is what a run found: the counts and every problem, with where it
// is. A dry run's report is exactly what applying the same file to the
// same data does.
type Report struct {
	Format     Format `json:"format"`
	Encoding   string `json:"encoding,omitempty"`
	Sheet      string `json:"sheet"`
	HeaderLine int    `json:"headerLine"`
	// Rows are the data rows run (empty rows and the template's example
	// row not counted).
	Rows      int `json:"rows"`
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	// ProblemCount counts every problem; Problems lists the first
	// MaxReportedProblems, by line.
	ProblemCount   int             `json:"problemCount"`
	Problems       []ReportProblem `json:"problems"`
	IgnoredColumns []string        `json:"ignoredColumns"`
	ExampleLines   []int           `json:"exampleLines"`
}

// ReportProblem is a Problem with the sheet and the header it concerns.
type ReportProblem struct {
	Sheet   string `json:"sheet"`
	Line    int    `json:"line"`
	Column  string `json:"column,omitempty"` // a Column.Key
	Header  string `json:"header,omitempty"` // that column's header in the file (or the template's)
	Message Text   `json:"message"`
}

// OK reports whether the file may be applied: no problem at all.
func (r *Report) OK() bool { return r != nil && r.ProblemCount == 0 }

func (r *Report) add(p ReportProblem) {
	r.ProblemCount++
	if len(r.Problems) < MaxReportedProblems {
		r.Problems = append(r.Problems, p)
	}
}

// fault is an error that ends a run: the database failed, or the run was
// cancelled. Nothing is written.
type fault struct{ err error }

func (f *fault) Error() string { return f.err.Error() }
func (f *fault) Unwrap() error { return f.err }

// runResult is a run's report and, for an apply, the one-time passwords
// its rows made.
type runResult struct {
	report  *Report
	secrets []Secret
}

// runTable applies t's rows through k inside one transaction of client.
// A dry run rolls the transaction back; an apply commits it — after
// beforeCommit, in the same transaction — only when no row and not Finish
// found a problem. progress is told the rows done. A file-level problem
// (t.problems) runs nothing.
func runTable(ctx context.Context, client *ent.Client, k Kind, t *table, apply bool,
	progress func(done int), beforeCommit func(ctx context.Context, tx *ent.Client, res *runResult) error) (*runResult, error) {
	rep := &Report{Format: t.format, Encoding: t.encoding, Sheet: t.sheet, HeaderLine: t.headerLine,
		Rows: len(t.rows), IgnoredColumns: t.ignored, ExampleLines: t.examples, Problems: []ReportProblem{}}
	if rep.IgnoredColumns == nil {
		rep.IgnoredColumns = []string{}
	}
	if rep.ExampleLines == nil {
		rep.ExampleLines = []int{}
	}
	res := &runResult{report: rep}
	if len(t.problems) > 0 {
		for _, p := range t.problems {
			rep.add(p)
		}
		return res, nil
	}
	tx, err := client.Tx(ctx)
	if err != nil {
		return nil, &fault{err}
	}
	committed := false
	defer func() {
		if !committed {
			_ = tx.Rollback()
		}
	}()
	tctx := ent.NewTxContext(ctx, tx)
	txc := tx.Client()
	run, err := k.Start(tctx, txc)
	if err != nil {
		if p, ok := problemOf(err); ok {
			rep.add(t.report(k, p))
			return res, nil
		}
		return nil, &fault{fmt.Errorf("starting %s: %w", k.Name, err)}
	}
	if _, err := txc.ExecContext(tctx, savepoint); err != nil {
		return nil, &fault{err}
	}
	for i, r := range t.rows {
		if err := ctx.Err(); err != nil {
			return nil, &fault{err}
		}
		problems := preflight(k, r)
		var outcome Outcome
		if len(problems) == 0 {
			outcome, problems, err = rowInSavepoint(tctx, txc, run, r)
			if err != nil {
				return nil, err
			}
		}
		if len(problems) > 0 {
			for _, p := range problems {
				if p.Line == 0 {
					p.Line = r.Line
				}
				rep.add(t.report(k, p))
			}
		} else {
			switch outcome {
			case Created:
				rep.Created++
			case Updated:
				rep.Updated++
			case Unchanged:
				rep.Unchanged++
			default:
				return nil, &fault{fmt.Errorf("%s: row %d: no outcome", k.Name, r.Line)}
			}
		}
		if progress != nil {
			progress(i + 1)
		}
	}
	problems, err := run.Finish(tctx)
	if err != nil {
		p, ok := problemOf(err)
		if !ok {
			return nil, &fault{fmt.Errorf("%s: finishing: %w", k.Name, err)}
		}
		problems = append(problems, p)
	}
	for _, p := range problems {
		rep.add(t.report(k, p))
	}
	sort.SliceStable(rep.Problems, func(i, j int) bool { return rep.Problems[i].Line < rep.Problems[j].Line })
	if !apply || !rep.OK() {
		return res, nil
	}
	if sr, ok := run.(SecretsRun); ok {
		res.secrets = sr.Secrets()
	}
	if beforeCommit != nil {
		if err := beforeCommit(tctx, txc, res); err != nil {
			return nil, &fault{err}
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, &fault{err}
	}
	committed = true
	return res, nil
}

// The savepoint every row runs in: a row with problems is undone whatever
// it wrote, and on PostgreSQL a failed statement does not abort the rest.
// One savepoint is open at a time: a row that passes releases it and opens
// the next one in one statement (one round trip); a row rolled back to it
// leaves it open for the next row.
const (
	savepoint   = "SAVEPOINT xn_import_row"
	nextRow     = "RELEASE SAVEPOINT xn_import_row; SAVEPOINT xn_import_row"
	rollbackRow = "ROLLBACK TO SAVEPOINT xn_import_row"
)

func rowInSavepoint(ctx context.Context, tx *ent.Client, run Run, r Row) (Outcome, []Problem, error) {
	outcome, problems, err := run.Row(ctx, r)
	if err != nil {
		p, ok := problemOf(err)
		if !ok || ctx.Err() != nil {
			return 0, nil, &fault{err}
		}
		problems = append(problems, p)
	}
	next := nextRow
	if len(problems) > 0 {
		next = rollbackRow
	}
	if _, err := tx.ExecContext(ctx, next); err != nil {
		return 0, nil, &fault{err}
	}
	return outcome, problems, nil
}

// problemOf turns an error meant for the caller into a problem: a coded
// error of the domain (its field as the column when it names one), a
// privacy denial, an ent validation or constraint error.
func problemOf(err error) (Problem, bool) {
	if ae, ok := apperr.As(err); ok && ae.Code != apperr.Internal && ae.Code != apperr.Timeout {
		return Problem{Column: ae.Field, Message: textOf(ae.Message)}, true
	}
	switch {
	case errors.Is(err, privacy.Deny):
		return Problem{Message: Text{Zh: "无权修改此行", En: "you may not change this row"}}, true
	case ent.IsValidationError(err):
		var ve *ent.ValidationError
		errors.As(err, &ve)
		return Problem{Column: ve.Name, Message: Text{Zh: "值无效：" + ve.Name, En: "invalid value: " + ve.Name}}, true
	case ent.IsConstraintError(err):
		return Problem{Message: Text{Zh: "与已有数据冲突（须唯一的值已被占用）", En: "conflicts with the data: a value that must be unique is taken"}}, true
	}
	return Problem{}, false
}

// report places a Problem in the sheet; a column the kind does not know is
// left out (a field of the domain's that is no column).
func (t *table) report(k Kind, p Problem) ReportProblem {
	key := ""
	for _, c := range k.Columns {
		if c.Key == p.Column {
			key = c.Key
		}
	}
	return ReportProblem{Sheet: t.sheet, Line: p.Line, Column: key, Header: t.headerOf(k, key), Message: p.Message}
}

package importer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"entgo.io/ent/dialect"

	"xiaoneng/ent"
	"xiaoneng/ent/importbatch"
	"xiaoneng/ent/privacy"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
)

// How batches live.
const (
	// RunTimeout bounds one run (a check or an apply) in the background.
	RunTimeout = 30 * time.Minute
	// DefaultInlineWait is how long checkImport and applyImport wait for
	// their run before answering with the batch as it stands (a small
	// file's report comes with the answer; a large one is polled).
	DefaultInlineWait = 10 * time.Second
	// Retention: batches are deleted this long after their upload.
	Retention = 7 * 24 * time.Hour
	// KeptPerAccount: an account's older batches beyond this many are
	// deleted when it uploads another.
	KeptPerAccount = 20
	// heartbeatEvery: a running batch's progress is written this often
	// (PostgreSQL), so that every replica shows it.
	heartbeatEvery = time.Second
	// StaleAfter: a running batch whose heartbeat is older ran on a server
	// that stopped (PostgreSQL).
	StaleAfter = time.Minute
	// MaxSecretsKeyChars caps importSecrets' key (a key is 43).
	MaxSecretsKeyChars = 64
	// maxFileName caps the stored file name, in characters.
	maxFileName = 255
)

// File is an uploaded file.
type File struct {
	Name    string
	Content io.Reader
}

// Progress is a running batch's rows done of its rows.
type Progress struct{ Done, Total int }

// Batch is an import batch as the API shows it.
type Batch struct {
	ID        int
	Kind      KindName
	FileName  string
	Size      int
	SHA256    string
	Status    Status
	Progress  Progress
	Report    *Report
	Failure   *Text
	CanApply  bool
	AccountID int
	CreatedAt time.Time
	CheckedAt *time.Time
	AppliedAt *time.Time
}

// Engine checks and applies files in the background and keeps their
// batches. One run at a time per server process; runs of other processes
// are serialised by the database.
type Engine struct {
	client  *ent.Client
	kinds   *Registry
	dialect string
	// Now is the clock; InlineWait how long a mutation waits for its run.
	Now        func() time.Time
	InlineWait time.Duration

	sem  chan struct{}
	base context.Context
	stop context.CancelFunc
	wg   sync.WaitGroup
	mu   sync.Mutex
	live map[int]*liveRun
	// closed: Close was called; no run starts any more.
	closed bool
}

// liveRun is a run of this process: its progress, and a channel closed
// when it ends.
type liveRun struct {
	done, total atomic.Int64
	finished    chan struct{}
}

// NewEngine returns the engine over client's database (dialect: the
// store's) for kinds.
func NewEngine(client *ent.Client, kinds *Registry, dia string) *Engine {
	base, stop := context.WithCancel(context.Background())
	return &Engine{client: client, kinds: kinds, dialect: dia, Now: time.Now, InlineWait: DefaultInlineWait,
		sem: make(chan struct{}, 1), base: base, stop: stop, live: map[int]*liveRun{}}
}

// Kinds is the registry the engine runs.
func (e *Engine) Kinds() *Registry { return e.kinds }

// Close cancels the runs under way (their transactions roll back and their
// batches fail) and waits for them.
func (e *Engine) Close() {
	e.mu.Lock()
	e.closed = true
	e.mu.Unlock()
	e.stop()
	e.wg.Wait()
}

func system(ctx context.Context) context.Context { return privacy.DecisionContext(ctx, privacy.Allow) }

var (
	interrupted = Text{Zh: "服务器停止，导入中断，未写入任何数据", En: "the server stopped: the run was interrupted and nothing was written"}
	timedOut    = Text{Zh: fmt.Sprintf("运行超过 %d 分钟已停止，未写入任何数据", int(RunTimeout.Minutes())),
		En: fmt.Sprintf("the run took longer than %d minutes and was stopped; nothing was written", int(RunTimeout.Minutes()))}
	dbFailed = Text{Zh: "数据库出错，未写入任何数据，请稍后重试", En: "the database failed; nothing was written, try again later"}
)

// Recover marks the running batches a stopped server left as failed: on
// SQLite every one (one server process owns the file), on PostgreSQL those
// whose heartbeat is older than StaleAfter. The server calls it at start.
func (e *Engine) Recover(ctx context.Context) error {
	q := e.client.ImportBatch.Update().Where(importbatch.StatusIn(importbatch.StatusCHECKING, importbatch.StatusAPPLYING))
	if e.dialect != dialect.SQLite {
		q.Where(importbatch.HeartbeatAtLT(e.Now().Add(-StaleAfter)))
	}
	n, err := q.SetStatus(importbatch.StatusFAILED).SetFailure(interrupted.String()).ClearContent().Save(system(ctx))
	if n > 0 {
		slog.WarnContext(ctx, "import runs interrupted by a stopped server marked failed", "batches", n)
	}
	return err
}

// mayImport: importing is organisation maintenance, write:org — held by
// the credential, and a scope the viewer's role may hold (ADMIN, LEADER).
func mayImport(v *auth.Viewer) error {
	switch {
	case v == nil:
		return apperr.New(apperr.Unauthenticated, "请先登录 / login required")
	case !v.HasScope(auth.ScopeWriteOrg):
		return &apperr.Error{Code: apperr.Forbidden, Scope: auth.ScopeWriteOrg,
			Message: "接口令牌缺少权限范围 write:org / the API token lacks the scope write:org"}
	case !slices.Contains(auth.AllowedScopes(v.Role), auth.ScopeWriteOrg):
		return apperr.Forbiddenf("只有管理员和领导可以导入 / only ADMIN and LEADER accounts import")
	}
	return nil
}

// authorize: the credential (mayImport; a session for SessionOnly kinds)
// and the kind's own rule.
func authorize(ctx context.Context, k Kind) (*auth.Viewer, error) {
	v := auth.FromContext(ctx)
	if err := mayImport(v); err != nil {
		return nil, err
	}
	if k.SessionOnly && v.TokenID != 0 {
		return nil, apperr.Forbiddenf("该表只能在登录会话中导入，接口令牌不可用 / this table is imported from a login session only, not with an API token")
	}
	if k.Authorize != nil {
		if err := k.Authorize(ctx); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func (e *Engine) lookup(name KindName, field string) (Kind, error) {
	k, ok := e.kinds.Lookup(string(name))
	if !ok {
		return Kind{}, apperr.BadInput(field, "本系统不导入 %s / this server does not import %s", name, name)
	}
	return k, nil
}

// Check stores f as a batch of kind and checks it in the background: a dry
// run whose report is exactly what applying it would do. It waits up to
// InlineWait for the report and returns the batch as it stands.
func (e *Engine) Check(ctx context.Context, kind KindName, f File) (*Batch, error) {
	k, err := e.lookup(kind, "kind")
	if err != nil {
		return nil, err
	}
	v, err := authorize(ctx, k)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f.Content, MaxFileBytes+1))
	switch {
	case err != nil:
		return nil, apperr.BadInput("file", "无法读取上传的文件 / the uploaded file could not be read")
	case len(data) > MaxFileBytes:
		return nil, apperr.BadInput("file", "文件超过 %d MiB / the file is larger than %d MiB", MaxFileBytes>>20, MaxFileBytes>>20)
	case len(data) == 0:
		return nil, apperr.BadInput("file", "文件为空 / the file is empty")
	}
	if err := e.cleanup(ctx, v.AccountID); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	b, err := e.client.ImportBatch.Create().SetKind(k.Name).SetFileName(fileName(f.Name)).
		SetSize(int64(len(data))).SetSha256(hex.EncodeToString(sum[:])).SetContent(data).
		SetAccountID(v.AccountID).SetHeartbeatAt(e.Now()).Save(ctx)
	if err != nil {
		return nil, err
	}
	lr := e.start(ctx, b.ID, k, false, "")
	e.waitInline(ctx, lr)
	return e.Batch(ctx, b.ID)
}

// fileName is the uploaded file's base name, valid UTF-8 without control
// characters (a NUL is no text to PostgreSQL), at most maxFileName
// characters.
func fileName(name string) string {
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(strings.TrimSpace(name), "\uFFFD"))
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == "/" {
		name = ""
	}
	if utf8.RuneCountInString(name) > maxFileName {
		name = string([]rune(name)[:maxFileName])
	}
	return name
}

// Apply applies a checked batch in the background, in one transaction, all
// or nothing: a problem found now (the data changed since the check)
// refuses the whole file. Only the batch's uploader applies it. The key
// opens the one-time passwords the apply makes (Secrets); it is not kept.
func (e *Engine) Apply(ctx context.Context, id int) (*Batch, string, error) {
	b, err := e.own(ctx, id, "batch")
	if err != nil {
		return nil, "", err
	}
	k, err := e.lookup(KindName(b.Kind), "batch")
	if err != nil {
		return nil, "", err
	}
	if _, err := authorize(ctx, k); err != nil {
		return nil, "", err
	}
	view := e.view(b)
	switch {
	case view.Status == Checking:
		return nil, "", apperr.Conflictf("batch", "文件仍在检查中 / the file is still being checked")
	case view.Status != Checked:
		return nil, "", apperr.Conflictf("batch", "该批次已处理（%s），请重新上传 / the batch is %s: upload the file again", view.Status, view.Status)
	case !view.CanApply:
		return nil, "", apperr.Conflictf("batch", "检查报告列有问题，请修改文件后重新检查 / the report lists problems: fix the file and check it again")
	}
	n, err := e.client.ImportBatch.Update().
		Where(importbatch.ID(id), importbatch.StatusEQ(importbatch.StatusCHECKED)).
		SetStatus(importbatch.StatusAPPLYING).SetRowsDone(0).SetHeartbeatAt(e.Now()).Save(ctx)
	if err != nil {
		return nil, "", err
	}
	if n == 0 {
		return nil, "", apperr.Conflictf("batch", "该批次已在导入 / the batch is already being applied")
	}
	key, err := NewSecretsKey()
	if err != nil {
		return nil, "", err
	}
	lr := e.start(ctx, id, k, true, key)
	e.waitInline(ctx, lr)
	out, err := e.Batch(ctx, id)
	return out, key, err
}

// own reads batch id as the viewer, which must be its uploader.
func (e *Engine) own(ctx context.Context, id int, field string) (*ent.ImportBatch, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return nil, apperr.New(apperr.Unauthenticated, "请先登录 / login required")
	}
	b, err := e.client.ImportBatch.Get(ctx, id)
	switch {
	case ent.IsNotFound(err):
		return nil, apperr.NotFoundf(field, "没有这个导入批次 / no such import batch")
	case err != nil:
		return nil, err
	case b.AccountID != v.AccountID:
		return nil, apperr.Forbiddenf("只有上传者可以处理该批次 / only the uploader acts on an import batch")
	}
	return b, nil
}

// Secrets returns, once, the one-time passwords the apply of batch id
// made, opened with the key applyImport gave; they are deleted as they are
// handed out.
func (e *Engine) Secrets(ctx context.Context, id int, key string) ([]Secret, error) {
	if utf8.RuneCountInString(key) > MaxSecretsKeyChars {
		return nil, apperr.BadInput("key", "密钥最多 %d 个字符 / the key is longer than %d characters", MaxSecretsKeyChars, MaxSecretsKeyChars)
	}
	if err := mayImport(auth.FromContext(ctx)); err != nil {
		return nil, err
	}
	b, err := e.own(ctx, id, "batch")
	if err != nil {
		return nil, err
	}
	if b.Status != importbatch.StatusAPPLIED || len(b.SecretsSealed) == 0 {
		return nil, apperr.Conflictf("batch", "没有待显示的初始密码（已显示过或未生成）/ no one-time passwords to show (shown already, or none made)")
	}
	secrets, err := openSecrets(key, b.SecretsSealed)
	if errors.Is(err, errWrongKey) {
		return nil, apperr.BadInput("key", "密钥不对 / the key does not open these passwords")
	}
	if err != nil {
		return nil, err
	}
	var taken bool
	err = inTx(ctx, e.client, func(tx *ent.Client) error {
		n, err := tx.ImportBatch.Update().Where(importbatch.ID(id), importbatch.SecretsSealedNotNil()).
			ClearSecretsSealed().Save(ctx)
		if err != nil || n == 0 {
			return err
		}
		taken = true
		return audit.Record(ctx, tx, "show_import_secrets", "import_batch", id, map[string]any{"count": len(secrets)})
	})
	if err != nil {
		return nil, err
	}
	if !taken {
		return nil, apperr.Conflictf("batch", "初始密码已显示过 / the one-time passwords were shown already")
	}
	return secrets, nil
}

func inTx(ctx context.Context, client *ent.Client, fn func(tx *ent.Client) error) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	if err := fn(tx.Client()); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Batch is batch id as the viewer may read it (its uploader, ADMIN).
func (e *Engine) Batch(ctx context.Context, id int) (*Batch, error) {
	if err := mayImport(auth.FromContext(ctx)); err != nil {
		return nil, err
	}
	b, err := e.client.ImportBatch.Query().Where(importbatch.ID(id)).
		Select(batchColumns...).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("id", "没有这个导入批次 / no such import batch")
	}
	if err != nil {
		return nil, err
	}
	return e.view(b), nil
}

// batchColumns are the columns a view reads: never the file.
var batchColumns = []string{importbatch.FieldKind, importbatch.FieldFileName, importbatch.FieldSize,
	importbatch.FieldSha256, importbatch.FieldStatus, importbatch.FieldReport, importbatch.FieldFailure,
	importbatch.FieldRowsTotal, importbatch.FieldRowsDone, importbatch.FieldAccountID, importbatch.FieldCreatedAt,
	importbatch.FieldCheckedAt, importbatch.FieldAppliedAt, importbatch.FieldHeartbeatAt}

// Batches are the viewer's own latest batches (of kind, when given), newest
// first, at most n.
func (e *Engine) Batches(ctx context.Context, kind *KindName, n int) ([]*Batch, error) {
	v := auth.FromContext(ctx)
	if err := mayImport(v); err != nil {
		return nil, err
	}
	q := e.client.ImportBatch.Query().Where(importbatch.AccountID(v.AccountID))
	if kind != nil {
		q.Where(importbatch.Kind(string(*kind)))
	}
	bs, err := q.Order(ent.Desc(importbatch.FieldCreatedAt), ent.Desc(importbatch.FieldID)).Limit(n).
		Select(batchColumns...).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*Batch, len(bs))
	for i, b := range bs {
		out[i] = e.view(b)
	}
	return out, nil
}

// view is b as the API shows it; a run of this process gives its live
// progress, a run nobody drives any more shows as failed.
func (e *Engine) view(b *ent.ImportBatch) *Batch {
	out := &Batch{ID: b.ID, Kind: KindName(b.Kind), FileName: b.FileName, Size: int(b.Size), SHA256: b.Sha256,
		Status: Status(b.Status), Progress: Progress{Done: b.RowsDone, Total: b.RowsTotal}, AccountID: b.AccountID,
		CreatedAt: b.CreatedAt, CheckedAt: b.CheckedAt, AppliedAt: b.AppliedAt}
	if b.Report != "" {
		var r Report
		if err := json.Unmarshal([]byte(b.Report), &r); err == nil {
			out.Report = &r
		}
	}
	if b.Failure != "" {
		t := textOf(b.Failure)
		out.Failure = &t
	}
	if out.Status.Running() {
		e.mu.Lock()
		lr := e.live[b.ID]
		e.mu.Unlock()
		switch {
		case lr != nil:
			out.Progress = Progress{Done: int(lr.done.Load()), Total: int(lr.total.Load())}
		case e.stale(b):
			why := interrupted
			out.Status, out.Failure = Failed, &why
		}
	}
	out.CanApply = out.Status == Checked && out.Report.OK()
	return out
}

// stale: a running batch no run of this process drives was left by a
// stopped server — on SQLite always (one process owns the file), on
// PostgreSQL once its heartbeat is old.
func (e *Engine) stale(b *ent.ImportBatch) bool {
	if e.dialect == dialect.SQLite {
		return true
	}
	return b.HeartbeatAt == nil || b.HeartbeatAt.Before(e.Now().Add(-StaleAfter))
}

// cleanup deletes batches past Retention and the account's beyond
// KeptPerAccount (the one about to be stored counted), runs under way
// excepted, and marks failed the runs a stopped server left.
func (e *Engine) cleanup(ctx context.Context, account int) error {
	sctx := system(ctx)
	notRunning := importbatch.StatusNotIn(importbatch.StatusCHECKING, importbatch.StatusAPPLYING)
	if _, err := e.client.ImportBatch.Delete().
		Where(importbatch.CreatedAtLT(e.Now().Add(-Retention)), notRunning).Exec(sctx); err != nil {
		return err
	}
	old, err := e.client.ImportBatch.Query().Where(importbatch.AccountID(account)).
		Order(ent.Desc(importbatch.FieldCreatedAt), ent.Desc(importbatch.FieldID)).
		Offset(KeptPerAccount - 1).IDs(sctx)
	if err != nil {
		return err
	}
	if len(old) > 0 {
		if _, err := e.client.ImportBatch.Delete().Where(importbatch.IDIn(old...), notRunning).Exec(sctx); err != nil {
			return err
		}
	}
	if e.dialect != dialect.SQLite {
		return e.Recover(ctx)
	}
	return nil
}

// start runs batch id in the background with the viewer and client address
// of ctx; the returned run's channel closes when it ends.
func (e *Engine) start(ctx context.Context, id int, k Kind, apply bool, key string) *liveRun {
	lr := &liveRun{finished: make(chan struct{})}
	runCtx := audit.WithClientAddr(auth.NewContext(e.base, auth.FromContext(ctx)), audit.ClientAddr(ctx))
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		e.finishFailed(runCtx, id, context.Canceled)
		close(lr.finished)
		return lr
	}
	e.live[id] = lr
	e.wg.Add(1)
	e.mu.Unlock()
	go func() {
		defer e.wg.Done()
		defer close(lr.finished)
		defer func() {
			e.mu.Lock()
			delete(e.live, id)
			e.mu.Unlock()
		}()
		ctx, cancel := context.WithTimeout(runCtx, RunTimeout)
		defer cancel()
		beat := e.heartbeat(ctx, id, lr)
		defer beat.stop()
		select {
		case e.sem <- struct{}{}:
			defer func() { <-e.sem }()
		case <-ctx.Done():
			e.finishFailed(ctx, id, ctx.Err())
			return
		}
		e.execute(ctx, id, k, apply, key, lr, beat)
	}()
	return lr
}

func (e *Engine) waitInline(ctx context.Context, lr *liveRun) {
	t := time.NewTimer(e.InlineWait)
	defer t.Stop()
	select {
	case <-lr.finished:
	case <-t.C:
	case <-ctx.Done():
	}
}

// Wait blocks until batch id's run in this process ends (tests, tools).
func (e *Engine) Wait(id int) {
	e.mu.Lock()
	lr := e.live[id]
	e.mu.Unlock()
	if lr != nil {
		<-lr.finished
	}
}

// beat writes a running batch's progress every heartbeatEvery on
// PostgreSQL. On SQLite the run's transaction holds the database's write
// lock, so the progress lives in this process only (one process owns the
// file and answers every poll).
type beat struct {
	once sync.Once
	quit chan struct{}
	done chan struct{}
}

func (b *beat) stop() {
	b.once.Do(func() { close(b.quit) })
	<-b.done
}

func (e *Engine) heartbeat(ctx context.Context, id int, lr *liveRun) *beat {
	b := &beat{quit: make(chan struct{}), done: make(chan struct{})}
	if e.dialect == dialect.SQLite {
		close(b.done)
		return b
	}
	go func() {
		defer close(b.done)
		t := time.NewTicker(heartbeatEvery)
		defer t.Stop()
		for {
			select {
			case <-b.quit:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				err := e.client.ImportBatch.UpdateOneID(id).SetHeartbeatAt(e.Now()).
					SetRowsDone(int(lr.done.Load())).SetRowsTotal(int(lr.total.Load())).Exec(system(ctx))
				if err != nil && ctx.Err() == nil {
					slog.WarnContext(ctx, "import: writing progress", "batch", id, "err", err)
				}
			}
		}
	}()
	return b
}

// execute reads the batch's file and runs it; the outcome is written to
// the batch (an apply's in its own transaction).
func (e *Engine) execute(ctx context.Context, id int, k Kind, apply bool, key string, lr *liveRun, bt *beat) {
	sctx := system(ctx)
	b, err := e.client.ImportBatch.Get(sctx, id)
	if err != nil {
		e.finishFailed(ctx, id, err)
		return
	}
	var t *table
	if len(b.Content) == 0 {
		e.finishFailed(ctx, id, errors.New("the batch has no file"))
		return
	}
	s, err := readSheet(b.Content, k)
	var fe *fileError
	switch {
	case errors.As(err, &fe):
		t = &table{sheet: k.Title.Zh, format: CSV, problems: []ReportProblem{{Sheet: k.Title.Zh, Message: fe.msg}}}
		if bytes.HasPrefix(b.Content, zipMagic) {
			t.format = XLSX
		}
	case err != nil:
		e.finishFailed(ctx, id, err)
		return
	default:
		t = buildTable(s, k)
	}
	lr.total.Store(int64(len(t.rows)))
	var applied bool
	res, err := runTable(ctx, e.client, k, t, apply, func(done int) { lr.done.Store(int64(done)) },
		func(ctx context.Context, tx *ent.Client, res *runResult) error {
			bt.stop() // no progress write may race the outcome's
			upd := tx.ImportBatch.UpdateOneID(id).SetStatus(importbatch.StatusAPPLIED).SetAppliedAt(e.Now()).
				SetReport(reportJSON(res.report)).SetRowsTotal(len(t.rows)).SetRowsDone(len(t.rows)).ClearContent()
			if len(res.secrets) > 0 {
				sealed, err := SealSecrets(key, res.secrets)
				if err != nil {
					return err
				}
				upd.SetSecretsSealed(sealed)
			}
			if err := upd.Exec(system(ctx)); err != nil {
				return err
			}
			applied = true
			r := res.report
			return audit.Record(ctx, tx, "apply_import", "import_batch", id, map[string]any{
				"kind": k.Name, "file": b.FileName, "sha256": b.Sha256, "rows": r.Rows,
				"created": r.Created, "updated": r.Updated, "unchanged": r.Unchanged,
			})
		})
	bt.stop()
	if err != nil {
		e.finishFailed(ctx, id, err)
		return
	}
	if applied {
		return
	}
	wctx, cancel := outcomeContext(ctx)
	defer cancel()
	upd := e.client.ImportBatch.UpdateOneID(id).SetReport(reportJSON(res.report)).
		SetRowsTotal(len(t.rows)).SetRowsDone(len(t.rows))
	if apply {
		upd.SetStatus(importbatch.StatusREFUSED).ClearContent()
	} else {
		upd.SetStatus(importbatch.StatusCHECKED).SetCheckedAt(e.Now())
	}
	if err := upd.Exec(system(wctx)); err != nil {
		slog.ErrorContext(ctx, "import: writing the report", "batch", id, "err", err)
	}
}

// outcomeContext is a context for writing a run's outcome even when the
// run's own was cancelled.
func outcomeContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
}

func (e *Engine) finishFailed(ctx context.Context, id int, err error) {
	why := dbFailed
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		why = timedOut
	case errors.Is(err, context.Canceled):
		why = interrupted
	default:
		slog.ErrorContext(ctx, "import run failed", "batch", id, "err", err)
	}
	wctx, cancel := outcomeContext(ctx)
	defer cancel()
	if err := e.client.ImportBatch.UpdateOneID(id).SetStatus(importbatch.StatusFAILED).
		SetFailure(why.String()).ClearContent().Exec(system(wctx)); err != nil {
		slog.ErrorContext(ctx, "import: marking a run failed", "batch", id, "err", err)
	}
}

func reportJSON(r *Report) string {
	b, _ := json.Marshal(r)
	return string(b)
}

package responsibility

import (
	"context"
	"strings"

	"xiaoneng/ent"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/store"
)

// The shared synonym groups (ADMIN): words 找谁办 treats as one across the
// whole list. A word that belongs to one item is better kept as that item's
// synonym, which a LEADER can maintain too.

// MaxNote bounds a synonym group's note, in characters.
const MaxNote = 200

// SynonymGroupInput is createSynonymGroup's input and, with terms optional,
// updateSynonymGroup's.
type SynonymGroupInput struct {
	Terms []string
	Note  *string
}

func requireAdmin(ctx context.Context) error {
	v := auth.FromContext(ctx)
	switch {
	case v == nil:
		return apperr.New(apperr.Unauthenticated, "请先登录 / login required")
	case !v.IsAdmin():
		return apperr.Forbiddenf("只有管理员可以维护共用同义词 / only an admin maintains the shared synonym groups")
	}
	return nil
}

// checkGroup normalizes and checks a group's words and note (fields named
// as in the mutations' arguments).
func checkGroup(terms []string, note string) ([]string, string, error) {
	ts, p := normalizeTerms("terms", terms)
	if p != nil {
		return nil, "", p.API("")
	}
	if len(ts) < 2 {
		return nil, "", apperr.BadInput("terms", "同义词组至少要有两个不同的词 / a synonym group needs at least two different words")
	}
	note = strings.TrimSpace(note)
	if p := line("note", note, MaxNote, false); p != nil {
		return nil, "", p.API("")
	}
	return ts, note, nil
}

// CreateSynonymGroup is createSynonymGroup.
func CreateSynonymGroup(ctx context.Context, client *ent.Client, terms []string, note *string) (*ent.SynonymGroup, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	n := ""
	setString(&n, note)
	ts, n, err := checkGroup(terms, n)
	if err != nil {
		return nil, err
	}
	var g *ent.SynonymGroup
	err = store.InTx(ctx, client, func(tx *ent.Client) error {
		var err error
		if g, err = tx.SynonymGroup.Create().SetTerms(ts).SetNote(n).Save(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "create_synonym_group", "synonym_group", g.ID, map[string]any{"terms": ts, "note": n})
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// UpdateSynonymGroup is updateSynonymGroup: terms given replace the
// group's words, a note given replaces its note.
func UpdateSynonymGroup(ctx context.Context, client *ent.Client, id int, terms []string, note *string) (*ent.SynonymGroup, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	var g *ent.SynonymGroup
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		before, err := tx.SynonymGroup.Get(ctx, id)
		if ent.IsNotFound(err) {
			return apperr.NotFoundf("id", "同义词组不存在 / no such synonym group")
		}
		if err != nil {
			return err
		}
		ts, n := before.Terms, before.Note
		if terms != nil {
			ts = terms
		}
		setString(&n, note)
		if ts, n, err = checkGroup(ts, n); err != nil {
			return err
		}
		if g, err = tx.SynonymGroup.UpdateOneID(id).SetTerms(ts).SetNote(n).Save(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "update_synonym_group", "synonym_group", id, map[string]any{
			"terms": [2]any{before.Terms, ts}, "note": [2]any{before.Note, n},
		})
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// DeleteSynonymGroup is deleteSynonymGroup.
func DeleteSynonymGroup(ctx context.Context, client *ent.Client, id int) (int, error) {
	if err := requireAdmin(ctx); err != nil {
		return 0, err
	}
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		before, err := tx.SynonymGroup.Get(ctx, id)
		if ent.IsNotFound(err) {
			return apperr.NotFoundf("id", "同义词组不存在 / no such synonym group")
		}
		if err != nil {
			return err
		}
		if err := tx.SynonymGroup.DeleteOneID(id).Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "delete_synonym_group", "synonym_group", id, map[string]any{"terms": before.Terms, "note": before.Note})
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

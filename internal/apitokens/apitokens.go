// Package apitokens lets integrators mint scoped API tokens for their own
// account and revoke them. Only the token's hash is stored; the secret is
// shown once, at creation.
package apitokens

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"xiaoneng/ent"
	"xiaoneng/ent/account"
	"xiaoneng/ent/apitoken"
	"xiaoneng/ent/rule"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/store"
)

// MaxName bounds a token's name, in characters.
const MaxName = 100

// Created is a new token with its one-time secret.
type Created struct {
	Token  *ent.ApiToken
	Secret string
}

// Create mints a token for the viewer with scopes within the viewer's role.
func Create(ctx context.Context, client *ent.Client, name string, scopes []string, expiresAt *time.Time, now time.Time) (*Created, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return nil, apperr.New(apperr.Unauthenticated, "login required")
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, apperr.BadInput("name", "令牌名称不能为空 / name is required")
	}
	if utf8.RuneCountInString(name) > MaxName {
		return nil, apperr.BadInput("name", "令牌名称最多 %d 字 / name is limited to %d characters", MaxName, MaxName)
	}
	if err := auth.ValidateScopes(v.Role, scopes); err != nil {
		return nil, apperr.BadInput("scopes", "%v", err)
	}
	scopes = distinct(scopes) // every one is known: at most all of them are stored
	if expiresAt != nil && !expiresAt.After(now) {
		return nil, apperr.BadInput("expiresAt", "过期时间必须晚于现在 / expiresAt must be in the future")
	}
	plain, hash, err := auth.NewOpaqueToken(auth.APITokenPrefix)
	if err != nil {
		return nil, err
	}
	var out *Created
	err = store.InTx(ctx, client, func(tx *ent.Client) error {
		// The session asking must still be the account's current one, or a
		// token minted while a password reset commits would outlive it. The
		// conditional write locks the account row until this transaction
		// ends: a reset either commits first (and this finds no row) or
		// waits, then revokes this token with the others.
		n, err := tx.Account.Update().
			Where(account.ID(v.AccountID), account.SessionVersion(v.SessionVersion)).
			SetSessionVersion(v.SessionVersion).Save(rule.System(ctx))
		if err != nil {
			return err
		}
		if n == 0 {
			return apperr.New(apperr.Unauthenticated, "会话已结束，请重新登录 / your session has ended: log in again")
		}
		tok, err := tx.ApiToken.Create().
			SetName(name).SetScopes(scopes).SetAccountID(v.AccountID).
			SetTokenHash(hash).SetNillableExpiresAt(expiresAt).Save(ctx)
		if err != nil {
			return err
		}
		out = &Created{Token: tok, Secret: plain}
		return audit.Record(ctx, tx, "create_api_token", "api_token", tok.ID, map[string]any{"name": name, "scopes": scopes})
	})
	return out, err
}

// distinct is ss without repeats, in order.
func distinct(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Revoke ends a token (the owner's own, or any for ADMIN); a token already
// revoked is a CONFLICT.
func Revoke(ctx context.Context, client *ent.Client, id int, now time.Time) (*ent.ApiToken, error) {
	var out *ent.ApiToken
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		tok, err := tx.ApiToken.Get(ctx, id)
		if ent.IsNotFound(err) {
			return apperr.NotFoundf("id", "API token not found")
		}
		if err != nil {
			return err
		}
		if tok.RevokedAt != nil {
			return apperr.Conflictf("id", "令牌已吊销 / the token is already revoked")
		}
		// Conditional: of two revokes at once, the second finds no row.
		out, err = tx.ApiToken.UpdateOne(tok).Where(apitoken.RevokedAtIsNil()).SetRevokedAt(now).Save(ctx)
		if ent.IsNotFound(err) {
			return apperr.Conflictf("id", "令牌已吊销 / the token is already revoked")
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "revoke_api_token", "api_token", id, nil)
	})
	return out, err
}

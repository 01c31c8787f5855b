// Package graph holds the GraphQL schema and its thin resolvers: each parses
// its arguments, calls ent (entgql pagination) or a domain package in
// internal/, and returns.
package graph

import (
	"xiaoneng/ent"
	"xiaoneng/internal/session"
)

// Resolver carries what resolvers need.
type Resolver struct {
	Client   *ent.Client
	Sessions *session.Service
}

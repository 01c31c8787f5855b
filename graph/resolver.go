// Package graph holds the GraphQL schema and its thin resolvers: each parses
// its arguments, calls ent (entgql pagination) or a domain package in
// internal/, and returns.
package graph

import (
	"errors"
	"sync"

	"xiaoneng/ent"
	"xiaoneng/internal/analytics"
	"xiaoneng/internal/complaints"
	"xiaoneng/internal/importer"
	"xiaoneng/internal/ratings"
	"xiaoneng/internal/respcache"
	"xiaoneng/internal/session"
)

// Resolver carries what resolvers need.
type Resolver struct {
	Client   *ent.Client
	Sessions *session.Service
	// Ratings (with the server's rater secret) and Complaints (the
	// per-address limits of the public operations) live as long as the
	// server; nil means built from Client on first use (Ratings then has no
	// secret: rating operations fail).
	Ratings    *ratings.Service
	Complaints *complaints.Service
	svcOnce    sync.Once
	// Analytics computes the metrics; nil means built from Client on first
	// use (detecting the SQL dialect).
	Analytics   *analytics.Service
	metricsOnce sync.Once
	// Imports checks and applies uploaded files; nil: importing is not
	// available (the import fields answer INTERNAL).
	Imports *importer.Engine
	// ResponseCache, when not nil, serves repeated queries (NewServer).
	ResponseCache *respcache.Cache
	// GenericExecution turns off the fast path of workload and imbalance
	// (fastjson.go): tests compare it with gqlgen's generic execution.
	GenericExecution bool
}

func (r *Resolver) metrics() *analytics.Service {
	r.metricsOnce.Do(func() {
		if r.Analytics == nil {
			r.Analytics = analytics.New(r.Client, "")
		}
	})
	return r.Analytics
}

func (r *Resolver) services() {
	r.svcOnce.Do(func() {
		if r.Ratings == nil {
			r.Ratings = ratings.New(r.Client, nil)
		}
		if r.Complaints == nil {
			r.Complaints = complaints.New(r.Client)
		}
	})
}

func (r *Resolver) ratings() *ratings.Service       { r.services(); return r.Ratings }
func (r *Resolver) complaints() *complaints.Service { r.services(); return r.Complaints }

// maxBatchesListed caps importBatches.
const maxBatchesListed = 50

func (r *Resolver) imports() (*importer.Engine, error) {
	if r.Imports == nil {
		return nil, errors.New("importing is not configured on this server")
	}
	return r.Imports, nil
}

// nonEmpty is s, or nil for "" (a nullable field).
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

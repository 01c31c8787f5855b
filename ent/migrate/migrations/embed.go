// Package migrations holds the versioned SQL migrations generated from the
// ent schema (go run ./internal/store/migrategen), one directory per dialect.
package migrations

import "embed"

// FS holds sqlite/*.sql and postgres/*.sql with their atlas.sum files.
//
//go:embed sqlite postgres
var FS embed.FS

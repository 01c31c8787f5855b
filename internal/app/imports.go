package app

import (
	"xiaoneng/internal/calendar"
	"xiaoneng/internal/importer"
)

// importKinds are the tables the importer reads and the exports write, one
// line each (docs/ARCHITECTURE.md "Imports").
func importKinds() *importer.Registry {
	return importer.NewRegistry(
		calendar.ImportKind(),
	)
}

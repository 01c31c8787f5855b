package app

import (
	"xiaoneng/internal/calendar"
	"xiaoneng/internal/importer"
	"xiaoneng/internal/org"
	"xiaoneng/internal/responsibility"
)

// importKinds are the tables the importer reads and the exports write, one
// line each (docs/ARCHITECTURE.md "Imports").
func importKinds() *importer.Registry {
	return importer.NewRegistry(append(org.ImportKinds(),
		responsibility.ImportKind,
		calendar.ImportKind(),
	)...)
}

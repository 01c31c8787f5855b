// Package webui serves the single-page app built from frontend/ (npm run build writes it to dist/).
//
// The SPA is embedded in the binary. Files under assets/ carry a content hash in their names and are
// cached for a year; index.html and other files are revalidated on every load. A path without a file
// extension that matches no file is a client-side route (/tasks, /graphiql, …) and gets index.html.
// When the SPA has not been built, / answers with a short page that says how to build it.
package webui

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed all:dist
var distFS embed.FS

// Handler serves the embedded SPA.
func Handler() http.Handler {
	sub, err := fs.Sub(distFS, "dist")
	if err != nil { // cannot happen: "dist" is a valid path
		panic(err)
	}
	return NewHandler(sub)
}

// Built reports whether the embedded SPA has an index.html (false in a build without `npm run build`).
func Built() bool {
	_, err := fs.Stat(distFS, "dist/index.html")
	return err == nil
}

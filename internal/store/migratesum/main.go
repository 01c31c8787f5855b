// Command migratesum re-hashes the atlas.sum of migration directories
// after a data statement was added by hand to a generated migration (such
// as filling a new column from existing rows), which migrategen's replay
// checks:
//
//	go run ./internal/store/migratesum ent/migrate/migrations/postgres ent/migrate/migrations/sqlite
package main

import (
	"log"
	"os"

	"ariga.io/atlas/sql/migrate"
)

func main() {
	for _, p := range os.Args[1:] {
		d, err := migrate.NewLocalDir(p)
		if err != nil {
			log.Fatal(err)
		}
		sum, err := d.Checksum()
		if err != nil {
			log.Fatal(err)
		}
		if err := migrate.WriteSumFile(d, sum); err != nil {
			log.Fatal(err)
		}
	}
}

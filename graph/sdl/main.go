// Command sdl writes the served schema (graph.SDL) to docs/schema.graphqls:
// `make schema`, after a compatible change of the schema (TestPublishedSchema
// says when).
package main

import (
	"fmt"
	"os"

	"xiaoneng/graph"
)

func main() {
	if err := os.WriteFile("docs/schema.graphqls", []byte(graph.SDL()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "sdl:", err)
		os.Exit(1)
	}
}

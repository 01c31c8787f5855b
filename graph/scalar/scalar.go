// Package scalar holds the GraphQL scalars whose input the product checks
// beyond gqlgen's own: every String and every Time a caller sends passes
// here, so text the databases would refuse and times the product cannot
// store or reason about are the caller's BAD_USER_INPUT, named by their
// argument path, before any resolver runs. Output is gqlgen's, unchanged.
package scalar

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
)

// MarshalString is gqlgen's.
func MarshalString(s string) graphql.Marshaler { return graphql.MarshalString(s) }

// UnmarshalString is gqlgen's, refusing text with a NUL character or bytes
// that are not UTF-8: PostgreSQL refuses both (an internal error otherwise),
// and no name, reason or comment has a use for them.
func UnmarshalString(v any) (string, error) {
	s, err := graphql.UnmarshalString(v)
	if err != nil {
		return "", err
	}
	if !utf8.ValidString(s) {
		return "", errors.New("文本不是有效的 UTF-8 / the text is not valid UTF-8")
	}
	if strings.ContainsRune(s, 0) {
		return "", errors.New("文本含有空字符 / the text contains a NUL character")
	}
	return s, nil
}

// The times the product accepts: agency work of this century. Outside it a
// deadline in the year 10000 cannot be stored by SQLite's time text, and a
// span of centuries would spread a task's load over tens of thousands of
// weeks.
var (
	MinTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	MaxTime = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
)

// MarshalTime is gqlgen's.
func MarshalTime(t time.Time) graphql.Marshaler { return graphql.MarshalTime(t) }

// UnmarshalTime is gqlgen's (RFC 3339), refusing times outside [MinTime, MaxTime).
func UnmarshalTime(v any) (time.Time, error) {
	t, err := graphql.UnmarshalTime(v)
	if err != nil {
		return t, err
	}
	if t.Before(MinTime) || !t.Before(MaxTime) {
		return time.Time{}, fmt.Errorf("时间须在 %d 年至 %d 年之间 / times must lie in the years %d to %d",
			MinTime.Year(), MaxTime.Year()-1, MinTime.Year(), MaxTime.Year()-1)
	}
	return t, nil
}

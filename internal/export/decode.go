package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"entgo.io/contrib/entgql"
)

// decodeWhere reads a connection's `where` argument as the SPA and integrators
// write it in GraphQL variables (IDs as strings, enums and times as strings)
// into ent's generated WhereInput. Unknown fields are refused, like the
// GraphQL layer would.
func decodeWhere(raw string, out any) error {
	raw = strings.TrimSpace(raw)
	if raw == "" || raw == "null" {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("where is not JSON: %w", err)
	}
	if _, ok := v.(map[string]any); !ok {
		return fmt.Errorf("where must be a JSON object")
	}
	fixed, err := fixIDs(v, reflect.TypeOf(out).Elem())
	if err != nil {
		return err
	}
	b, err := json.Marshal(fixed)
	if err != nil {
		return err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(out); err != nil {
		return fmt.Errorf("where: %w", err)
	}
	return nil
}

// fixIDs walks v along the Go type t and turns the string IDs of GraphQL into
// the integers ent expects (fields typed int, *int or []int).
func fixIDs(v any, t reflect.Type) (any, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return v, nil
		}
		fields := map[string]reflect.Type{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name != "" && name != "-" {
				fields[name] = f.Type
			}
		}
		for k, val := range m {
			ft, ok := fields[k]
			if !ok {
				continue // DisallowUnknownFields reports it
			}
			nv, err := fixIDs(val, ft)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			m[k] = nv
		}
		return m, nil
	case reflect.Slice:
		xs, ok := v.([]any)
		if !ok {
			return v, nil
		}
		for i, x := range xs {
			nx, err := fixIDs(x, t.Elem())
			if err != nil {
				return nil, err
			}
			xs[i] = nx
		}
		return xs, nil
	case reflect.Int, reflect.Int64:
		if s, ok := v.(string); ok {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%q is not an ID", s)
			}
			return n, nil
		}
	}
	return v, nil
}

// orderArg is a connection's `orderBy` argument: {"field": "DUE_AT", "direction": "DESC"}.
type orderArg struct {
	Field     string `json:"field"`
	Direction string `json:"direction"`
}

// decodeOrder reads orderBy; ok is false when none was given.
func decodeOrder(raw string) (field string, dir entgql.OrderDirection, ok bool, err error) {
	raw = strings.TrimSpace(raw)
	if raw == "" || raw == "null" {
		return "", "", false, nil
	}
	d := json.NewDecoder(strings.NewReader(raw))
	d.DisallowUnknownFields()
	var o orderArg
	if err := d.Decode(&o); err != nil {
		return "", "", false, fmt.Errorf("orderBy: %w", err)
	}
	if o.Field == "" {
		return "", "", false, fmt.Errorf("orderBy: field is required")
	}
	dir = entgql.OrderDirectionAsc
	if o.Direction != "" {
		if err := dir.UnmarshalGQL(o.Direction); err != nil {
			return "", "", false, fmt.Errorf("orderBy: %w", err)
		}
	}
	return o.Field, dir, true, nil
}

package tx

import (
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// findOrCreate -> the id of the first record with every match value, else of a new one.
func (o findOrCreateOp) apply(app core.App, h *heldRecords) (any, error) {
	found, err := findMatching(app, "findOrCreate", o.collection, o.match)
	if err != nil {
		return nil, err
	}
	if found != nil {
		h.exists(found)
		return found.Id, nil
	}
	return createOp{collection: o.collection, body: o.body}.apply(app, h)
}

// absent -> nil, or fails with 'exists' and the record that matches (an idempotency key
// already used). Without references it is checked before the unit's writes (checkAbsent).
func (o absentOp) apply(app core.App, _ *heldRecords) (any, error) {
	found, err := findMatching(app, "absent", o.collection, o.match)
	if err != nil {
		return nil, err
	}
	if found != nil {
		return nil, fail(codeExists, o.collection+" "+found.Id+" already exists", map[string]any{"collection": o.collection, "id": found.Id, "record": exportRecord(found)})
	}
	return nil, nil
}

// findMatching is the first record whose fields equal every value in match, or nil.
func findMatching(app core.App, kind, collection string, match map[string]any) (*core.Record, error) {
	if len(match) == 0 {
		return nil, fail(codeBadOp, kind+" needs match values", nil)
	}
	if len(match) == 1 {
		for k, v := range match { // the common case, without parsing a filter
			r, err := app.FindFirstRecordByData(collection, k, v)
			if err != nil {
				return nil, nil
			}
			return r, nil
		}
	}
	parts := make([]string, 0, len(match))
	for k := range match {
		parts = append(parts, k+" = {:"+k+"}")
	}
	found, err := app.FindRecordsByFilter(collection, strings.Join(parts, " && "), "", 1, 0, dbx.Params(match))
	if err != nil || len(found) == 0 {
		return nil, nil
	}
	return found[0], nil
}

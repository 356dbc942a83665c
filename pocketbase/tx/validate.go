package tx

import (
	"context"
	"encoding/json"
	"fmt"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/list"
)

// validateNew is PocketBase's record validation, every field's ValidateValue, except that a
// relation to records this transaction created or read is not looked up again: that lookup
// (a query per relation) was most of the validation of an order's lines, event and e-mails.
// pb_hooks binds no record validation hooks; were one added, records created here would skip it.
func (c *heldRecords) validateNew(app core.App, r *core.Record) error {
	errs := validation.Errors{}
	for _, f := range r.Collection().Fields {
		var err error
		if rf, ok := f.(*core.RelationField); ok && c.allKnown(rf, r) {
			err = relationCount(rf, len(list.ToUniqueStringSlice(r.GetRaw(rf.Name))))
		} else {
			err = f.ValidateValue(context.Background(), app, r)
		}
		if err != nil {
			errs[f.GetName()] = err
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func (c *heldRecords) allKnown(f *core.RelationField, r *core.Record) bool {
	ids := list.ToUniqueStringSlice(r.GetRaw(f.Name))
	for _, id := range ids {
		if c.known[id] != f.CollectionId {
			return false
		}
	}
	return len(ids) > 0
}

// relationCount is RelationField.ValidateValue without the lookup, for n ids known to exist.
func relationCount(f *core.RelationField, n int) error {
	if f.MinSelect > 0 && n < f.MinSelect {
		return validation.NewError("validation_not_enough_values", "Select at least {{.minSelect}}").SetParams(map[string]any{"minSelect": f.MinSelect})
	}
	if maxSelect := max(f.MaxSelect, 1); n > maxSelect {
		return validation.NewError("validation_too_many_values", "Select no more than {{.maxSelect}}").SetParams(map[string]any{"maxSelect": maxSelect})
	}
	return nil
}

// checkExpect is an op's preconditions: every field in expect has the value given, or one of
// the values of a list.
func checkExpect(r *core.Record, expect map[string]any) error {
	for field, want := range expect {
		allowed, ok := want.([]any)
		if !ok {
			allowed = []any{want}
		}
		actual := r.Get(field)
		matched := false
		for _, a := range allowed {
			if same(actual, a) {
				matched = true
				break
			}
		}
		if !matched {
			return fail(codePreconditionFailed, fmt.Sprintf("%s is %v", field, actual), map[string]any{
				"collection": r.Collection().Name, "id": r.Id, "field": field, "actual": actual, "expected": allowed, "record": exportRecord(r),
			})
		}
	}
	return nil
}

// same compares a record value with a JSON value as JS's === would (numbers by value).
func same(a, b any) bool {
	if x, ok := number(a); ok {
		y, ok := number(b)
		return ok && x == y
	}
	return a == b
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	}
	return 0, false
}

// exportRecord is the record as the caller may show it (a conflict's current state).
func exportRecord(r *core.Record) map[string]any {
	b, _ := json.Marshal(r.PublicExport())
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return out
}

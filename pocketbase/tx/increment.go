package tx

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
)

// increment -> the field's new value, refused (out_of_range) outside [min (0), max or the
// record's maxField], e.g. never picking more than a line's qty.
func (o incrementOp) apply(app core.App, _ *heldRecords) (any, error) {
	r, err := find(app, o.collection, o.id)
	if err != nil {
		return nil, err
	}
	if err := checkExpect(r, o.expect); err != nil {
		return nil, err
	}
	value := r.GetInt(o.field) + o.by
	var upper any
	if o.maxField != "" {
		upper = r.GetInt(o.maxField)
	} else if o.max != nil {
		upper = *o.max
	}
	lower := 0
	if o.min != nil {
		lower = *o.min
	}
	if value < lower || (upper != nil && value > upper.(int)) {
		return nil, fail(codeOutOfRange, fmt.Sprintf("%s would be %d", o.field, value), map[string]any{
			"collection": o.collection, "id": o.id, "field": o.field, "value": value, "min": lower, "max": upper, "record": exportRecord(r),
		})
	}
	r.Set(o.field, value)
	if err := app.Save(r); err != nil {
		return nil, err
	}
	return value, nil
}

package tx

import "github.com/pocketbase/pocketbase/core"

// counter -> the next value of a gap-free counter (created at 1). The counter is held and
// saved once when the transaction's ops are done, so a value is never handed out twice (the
// writer is one connection) nor skipped (a rollback takes it back).
func (o counterOp) apply(app core.App, h *heldRecords) (any, error) {
	r, err := h.hold("counters", o.name, func() (*core.Record, error) {
		if r, err := app.FindFirstRecordByData("counters", "name", o.name); err == nil {
			return r, nil
		}
		col, err := app.FindCachedCollectionByNameOrId("counters")
		if err != nil {
			return nil, err
		}
		fresh := core.NewRecord(col)
		fresh.Set("name", o.name)
		fresh.Set("value", 0)
		return fresh, nil
	})
	if err != nil {
		return nil, err
	}
	next := r.GetInt("value") + 1
	r.Set("value", next)
	h.markDirty("counters", o.name)
	return next, nil
}

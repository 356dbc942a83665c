package tx

import (
	"context"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
)

// create -> the new record's id.
func (o createOp) apply(app core.App, h *heldRecords) (any, error) {
	col, err := app.FindCachedCollectionByNameOrId(o.collection)
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(col)
	r.Load(o.body)
	newId(r)
	saveCtx := context.Background()
	if o.quiet {
		saveCtx = quiet
	}
	if col.IsAuth() {
		err = app.SaveWithContext(saveCtx, r) // auth records have more rules than their fields
	} else if err = h.validateNew(app, r); err == nil {
		err = app.SaveNoValidateWithContext(saveCtx, r)
	}
	if err != nil {
		return nil, err
	}
	h.exists(r)
	return r.Id, nil
}

// newId gives a new record its id here when the collection uses PocketBase's default id
// pattern: PocketBase would parse that pattern as a regular expression for every record.
func newId(r *core.Record) {
	if r.Id != "" {
		return
	}
	if f, ok := r.Collection().Fields.GetByName(core.FieldNameId).(*core.TextField); ok && f.AutogeneratePattern == defaultIdPattern {
		r.Id = security.RandomStringWithAlphabet(core.DefaultIdLength, core.DefaultIdAlphabet)
	}
}

const defaultIdPattern = "[a-z0-9]{15}"

// update -> the record's id, or its new version when ifVersion was given.
func (o updateOp) apply(app core.App, h *heldRecords) (any, error) {
	r, err := find(app, o.collection, o.id)
	if err != nil {
		return nil, err
	}
	h.exists(r)
	if o.ifVersion != nil {
		current := r.GetInt("version")
		if current != *o.ifVersion {
			return nil, fail(codeVersionConflict, "Someone else changed this in the meantime", map[string]any{
				"collection": o.collection, "id": o.id, "expectedVersion": *o.ifVersion, "currentVersion": current, "record": exportRecord(r),
			})
		}
		r.Set("version", current+1)
	}
	if err := checkExpect(r, o.expect); err != nil {
		return nil, err
	}
	r.Load(o.body)
	if err := app.Save(r); err != nil {
		return nil, err
	}
	if o.ifVersion != nil {
		return *o.ifVersion + 1, nil
	}
	return r.Id, nil
}

// delete -> the deleted record's id.
func (o deleteOp) apply(app core.App, h *heldRecords) (any, error) {
	r, err := find(app, o.collection, o.id)
	if err != nil {
		return nil, err
	}
	if err := app.Delete(r); err != nil {
		return nil, err
	}
	clear(h.known) // a delete may cascade to records that relate to it
	return r.Id, nil
}

func find(app core.App, collection, id string) (*core.Record, error) {
	r, err := app.FindRecordById(collection, id)
	if err != nil {
		return nil, fail(codeNotFound, collection+" "+id+" does not exist", map[string]any{"collection": collection, "id": id})
	}
	return r, nil
}

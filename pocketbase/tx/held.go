package tx

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// Stock moves and counters keep the records they change in memory and save each ONCE when
// the transaction's ops are done (saveHeld): a burst of orders for the same goods costs one
// product save (and one live update) and one counter save, instead of one per line and
// order. Any other op on products or counters saves them first.
var held = map[string]bool{"products": true, "counters": true}

type heldRecords struct {
	records map[string]*core.Record
	dirty   []string
	isDirty map[string]bool
	// known: records this transaction created or read, by id -> collection id. A new record's
	// relation to them needs no lookup (see validateNew).
	known map[string]string
}

func newHeldRecords() *heldRecords {
	return &heldRecords{records: map[string]*core.Record{}, isDirty: map[string]bool{}, known: map[string]string{}}
}

func (c *heldRecords) exists(r *core.Record) {
	c.known[r.Id] = r.Collection().Id
}

func (c *heldRecords) hold(collection, key string, load func() (*core.Record, error)) (*core.Record, error) {
	k := collection + ":" + key
	if r, ok := c.records[k]; ok {
		return r, nil
	}
	r, err := load()
	if err != nil {
		return nil, err
	}
	c.records[k] = r
	if !r.IsNew() {
		c.exists(r)
	}
	return r, nil
}

func (c *heldRecords) markDirty(collection, key string) {
	k := collection + ":" + key
	if !c.isDirty[k] {
		c.isDirty[k] = true
		c.dirty = append(c.dirty, k)
	}
}

func (c *heldRecords) saveHeld(app core.App) error {
	for _, k := range c.dirty {
		r := c.records[k]
		if err := app.Save(r); err != nil {
			return saveFailure(err, map[string]any{"collection": strings.SplitN(k, ":", 2)[0], "id": r.Id})
		}
		c.exists(r)
	}
	c.records = map[string]*core.Record{}
	c.dirty = nil
	c.isDirty = map[string]bool{}
	return nil
}

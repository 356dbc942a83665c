// Tests of the unit-of-work engine on PocketBase's test app (issue #11): one test app per
// test function, bootstrapped in a temp dir in a fraction of a second.
package tx

import (
	"encoding/json"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"
)

// newTestApp is PocketBase's test app in a temp dir with the few collections the engine
// touches, shaped as pb_migrations/ makes them (only the fields the tests need).
func newTestApp(t testing.TB) *tests.TestApp {
	t.Helper()
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Cleanup)

	save := func(c *core.Collection) *core.Collection {
		if err := app.Save(c); err != nil {
			t.Fatalf("collection %s: %v", c.Name, err)
		}
		return c
	}
	products := core.NewBaseCollection("products")
	products.Fields.Add(
		&core.TextField{Name: "sku", Required: true},
		&core.TextField{Name: "name"},
		&core.NumberField{Name: "price_cents", OnlyInt: true},
		&core.NumberField{Name: "on_hand", OnlyInt: true, Min: types.Pointer(0.0)},
		&core.NumberField{Name: "reserved", OnlyInt: true, Min: types.Pointer(0.0)},
		&core.BoolField{Name: "active"},
	)
	products.AddIndex("idx_products_sku", true, "sku", "")
	save(products)

	counters := core.NewBaseCollection("counters")
	counters.Fields.Add(&core.TextField{Name: "name", Required: true}, &core.NumberField{Name: "value", OnlyInt: true})
	counters.AddIndex("idx_counters_name", true, "name", "")
	save(counters)

	orders := core.NewBaseCollection("orders")
	orders.Fields.Add(
		&core.NumberField{Name: "number", Required: true, OnlyInt: true},
		&core.SelectField{Name: "status", Required: true, MaxSelect: 1, Values: []string{"draft", "placed", "cancelled"}},
		&core.TextField{Name: "idempotency_key"},
		&core.NumberField{Name: "version", OnlyInt: true},
	)
	orders.AddIndex("idx_orders_number", true, "number", "")
	orders.AddIndex("idx_orders_idempotency", true, "idempotency_key", "idempotency_key != ''")
	save(orders)

	lines := core.NewBaseCollection("order_lines")
	lines.Fields.Add(
		&core.RelationField{Name: "order", Required: true, MaxSelect: 1, CascadeDelete: true, CollectionId: orders.Id},
		&core.NumberField{Name: "qty", Required: true, OnlyInt: true},
		&core.NumberField{Name: "picked", OnlyInt: true, Min: types.Pointer(0.0)},
	)
	save(lines)

	events := core.NewBaseCollection("order_events")
	events.Fields.Add(
		&core.RelationField{Name: "order", Required: true, MaxSelect: 1, CascadeDelete: true, CollectionId: orders.Id},
		&core.TextField{Name: "type", Required: true},
	)
	save(events)

	ledger := core.NewBaseCollection("stock_movements")
	ledger.Fields.Add(
		&core.RelationField{Name: "product", Required: true, MaxSelect: 1, CollectionId: products.Id},
		&core.NumberField{Name: "delta_on_hand", OnlyInt: true},
		&core.NumberField{Name: "delta_reserved", OnlyInt: true},
		&core.SelectField{Name: "reason", Required: true, MaxSelect: 1, Values: []string{"initial", "order_placed", "order_cancelled", "shelf_count"}},
		&core.RelationField{Name: "order", MaxSelect: 1, CollectionId: orders.Id},
		&core.RelationField{Name: "order_line", MaxSelect: 1, CollectionId: lines.Id},
		&core.TextField{Name: "actor"},
		&core.TextField{Name: "note", Max: 500},
	)
	save(ledger)
	return app
}

// record saves a new record directly (test data) and returns it.
func record(t testing.TB, app core.App, collection string, data map[string]any) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Load(data)
	if err := app.Save(r); err != nil {
		t.Fatalf("%s: %v", collection, err)
	}
	return r
}

func decodeSteps(t testing.TB, ops string) []step {
	t.Helper()
	var steps []step
	if err := json.Unmarshal([]byte(ops), &steps); err != nil {
		t.Fatalf("ops %s: %v", ops, err)
	}
	return steps
}

// runOps runs one unit (JSON ops) in a transaction as the route does: its results, or its failure.
func runOps(t testing.TB, app core.App, ops string) ([]any, *Failure) {
	t.Helper()
	steps := decodeSteps(t, ops)
	var results []any
	err := app.RunInTransaction(func(txApp core.App) error {
		var err error
		results, err = run(txApp, steps, nil)
		return err
	})
	if err != nil {
		return nil, failureOf(err)
	}
	return results, nil
}

// mustRun runs ops that must succeed.
func mustRun(t testing.TB, app core.App, ops string) []any {
	t.Helper()
	results, f := runOps(t, app, ops)
	if f != nil {
		t.Fatalf("ops failed: %s %s %v", f.Code, f.Message, f.Details)
	}
	return results
}

// mustFail runs ops that must fail with code, and returns the failure.
func mustFail(t testing.TB, app core.App, code, ops string) *Failure {
	t.Helper()
	_, f := runOps(t, app, ops)
	if f == nil {
		t.Fatalf("ops did not fail, want %s", code)
	}
	if f.Code != code {
		t.Fatalf("failure %s (%s), want %s", f.Code, f.Message, code)
	}
	return f
}

func count(t testing.TB, app core.App, collection, filter string) int {
	t.Helper()
	n, err := app.CountRecords(collection, dbx.NewExp(filter))
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func get(t testing.TB, app core.App, collection, id string) *core.Record {
	t.Helper()
	r, err := app.FindRecordById(collection, id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func wantDetail(t testing.TB, f *Failure, key string, want any) {
	t.Helper()
	if got := f.Details[key]; !same(got, want) {
		t.Fatalf("details.%s = %#v, want %#v (%s)", key, got, want, f.Message)
	}
}

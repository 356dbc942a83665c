package tx

import (
	"fmt"
	"slices"

	"github.com/pocketbase/pocketbase/core"
	"testing"
)

func wantFields(t *testing.T, f *Failure, want ...string) {
	t.Helper()
	got, _ := f.Details["fields"].([]string)
	if !slices.Equal(got, want) {
		t.Fatalf("details.fields = %v, want %v (%s)", f.Details["fields"], want, f.Message)
	}
}

// issue #11: a unique index refusing a record is unique_violation, not the generic invalid.
func TestUniqueViolation(t *testing.T) {
	app := newTestApp(t)
	a := record(t, app, "orders", map[string]any{"number": 1, "status": "placed", "idempotency_key": "k"})
	b := record(t, app, "orders", map[string]any{"number": 2, "status": "placed"})

	f := mustFail(t, app, codeUniqueViolation, fmt.Sprintf(`[
		{"op":"create","collection":"order_events","body":{"order":%q,"type":"marker"}},
		{"op":"create","collection":"orders","body":{"number":1,"status":"draft"}}
	]`, a.Id))
	wantDetail(t, f, "index", 1)
	wantDetail(t, f, "collection", "orders")
	wantFields(t, f, "number")
	if n := count(t, app, "order_events", "1=1"); n != 0 {
		t.Fatalf("%d events written", n)
	}

	f = mustFail(t, app, codeUniqueViolation, fmt.Sprintf(`[{"op":"update","collection":"orders","id":%q,"body":{"number":1}}]`, b.Id))
	wantFields(t, f, "number")
	// a partial index (idempotency_key != '') too
	f = mustFail(t, app, codeUniqueViolation, fmt.Sprintf(`[{"op":"update","collection":"orders","id":%q,"body":{"idempotency_key":"k"}}]`, b.Id))
	wantFields(t, f, "idempotency_key")
	f = mustFail(t, app, codeUniqueViolation, `[{"op":"findOrCreate","collection":"orders","match":{"idempotency_key":"new"},"body":{"number":2,"status":"draft"}}]`)
	wantFields(t, f, "number")

	// in a group: the whole transaction rolls back, naming the unit
	units := [][]step{
		decodeSteps(t, `[{"op":"create","collection":"orders","body":{"number":3,"status":"draft"}}]`),
		decodeSteps(t, `[{"op":"create","collection":"orders","body":{"number":2,"status":"draft"}}]`),
	}
	err := app.RunInTransaction(func(txApp core.App) error { _, err := runUnits(txApp, units); return err })
	ab, ok := err.(*aborted)
	if !ok || ab.unit != 1 || ab.failure.Code != codeUniqueViolation {
		t.Fatalf("group error %#v", err)
	}
	if n := count(t, app, "orders", "number = 3"); n != 0 {
		t.Fatal("the group's first unit was written")
	}
}

func TestOtherFailureCodes(t *testing.T) {
	app := newTestApp(t)
	f := mustFail(t, app, codeInvalid, `[{"op":"create","collection":"orders","body":{"number":5,"status":"lost"}}]`)
	wantDetail(t, f, "op", "create")
	if _, ok := f.Details["fields"]; ok {
		t.Fatal("an invalid value names unique fields")
	}
	f = mustFail(t, app, codeBadRef, `[{"op":"counter","name":"x","as":"x"},{"op":"delete","collection":"orders","id":"$ref:nope"}]`)
	wantDetail(t, f, "index", 1)
	f = mustFail(t, app, codeBadOp, `[{"op":"counter","name":"x","as":"x"},{"op":"teleport"}]`)
	wantDetail(t, f, "index", 1)
	// a field of the wrong JSON type is a bad op, not a silent zero
	f = mustFail(t, app, codeBadOp, `[{"op":"stock","product":"p","delta_reserved":"1","reason":"order_placed"}]`)
	wantDetail(t, f, "index", 0)
	f = mustFail(t, app, codeNotFound, `[{"op":"update","collection":"orders","id":"missing","body":{}}]`)
	wantDetail(t, f, "id", "missing")
}

// uniqueViolation reads SQLite's own message when PocketBase did not turn it into field errors.
func TestUniqueViolationFromSQLiteMessage(t *testing.T) {
	cases := map[string][]string{
		"constraint failed: UNIQUE constraint failed: orders.number (2067)":                   {"number"},
		"constraint failed: UNIQUE constraint failed: payments.provider, payments.ref (2067)": {"provider", "ref"},
		"constraint failed: UNIQUE constraint failed: index 'idx_expr' (2067)":                {},
	}
	for msg, want := range cases {
		fields, ok := uniqueViolation(fmt.Errorf("%s", msg))
		if !ok || !slices.Equal(fields, want) && len(want) > 0 {
			t.Fatalf("%s: %v %v", msg, fields, ok)
		}
	}
	if _, ok := uniqueViolation(fmt.Errorf("NOT NULL constraint failed: orders.number")); ok {
		t.Fatal("a NOT NULL failure read as unique")
	}
}

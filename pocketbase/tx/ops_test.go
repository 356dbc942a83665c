package tx

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

func TestCreateUpdateDelete(t *testing.T) {
	app := newTestApp(t)
	res := mustRun(t, app, `[
		{"op":"counter","name":"orders","as":"n"},
		{"op":"create","collection":"orders","body":{"number":"$ref:n","status":"draft","version":1},"as":"o"},
		{"op":"create","collection":"order_events","body":{"order":"$ref:o","type":"created"},"as":"e"},
		{"op":"update","collection":"orders","id":"$ref:o","body":{"status":"placed"},"ifVersion":1,"expect":{"status":["draft"]}},
		{"op":"delete","collection":"order_events","id":"$ref:e"}
	]`)
	id, _ := res[1].(string)
	if len(id) != 15 || res[0] != 1 || res[3] != 2 || res[4] != res[2] {
		t.Fatalf("results %v", res)
	}
	if o := get(t, app, "orders", id); o.GetString("status") != "placed" || o.GetInt("version") != 2 || o.GetInt("number") != 1 {
		t.Fatalf("order %v", o.PublicExport())
	}
	if n := count(t, app, "order_events", "1=1"); n != 0 {
		t.Fatalf("%d events left", n)
	}

	f := mustFail(t, app, codeVersionConflict, fmt.Sprintf(`[{"op":"update","collection":"orders","id":%q,"body":{"status":"cancelled"},"ifVersion":1}]`, id))
	wantDetail(t, f, "currentVersion", 2)
	f = mustFail(t, app, codePreconditionFailed, fmt.Sprintf(`[{"op":"update","collection":"orders","id":%q,"body":{},"expect":{"status":"draft"}}]`, id))
	wantDetail(t, f, "actual", "placed")
	wantDetail(t, f, "index", 0)
}

func TestIncrementBounds(t *testing.T) {
	app := newTestApp(t)
	o := record(t, app, "orders", map[string]any{"number": 1, "status": "placed"})
	line := record(t, app, "order_lines", map[string]any{"order": o.Id, "qty": 2})
	inc := func(extra string) string {
		return fmt.Sprintf(`[{"op":"increment","collection":"order_lines","id":%q,"field":"picked",%s}]`, line.Id, extra)
	}
	if res := mustRun(t, app, inc(`"by":1,"maxField":"qty"`)); res[0] != 1 {
		t.Fatalf("results %v", res)
	}
	mustRun(t, app, inc(`"by":1,"maxField":"qty"`))
	f := mustFail(t, app, codeOutOfRange, inc(`"by":1,"maxField":"qty"`))
	wantDetail(t, f, "value", 3)
	wantDetail(t, f, "max", 2)
	mustFail(t, app, codeOutOfRange, inc(`"by":-1,"min":2`))
	mustFail(t, app, codeOutOfRange, inc(`"by":1,"max":2`))
	mustFail(t, app, codePreconditionFailed, inc(`"by":-1,"expect":{"qty":3}`))
	if res := mustRun(t, app, inc(`"by":-2`)); res[0] != 0 {
		t.Fatalf("results %v", res)
	}
}

func TestCounterHeldAndGapFree(t *testing.T) {
	app := newTestApp(t)
	res := mustRun(t, app, `[{"op":"counter","name":"c","as":"a"},{"op":"counter","name":"c","as":"b"}]`)
	if res[0] != 1 || res[1] != 2 {
		t.Fatalf("results %v", res)
	}
	// a unit that fails takes its values back: the next unit gets 3, not 4
	mustFail(t, app, codeNotFound, `[{"op":"counter","name":"c","as":"a"},{"op":"delete","collection":"orders","id":"missing"}]`)
	if res := mustRun(t, app, `[{"op":"counter","name":"c","as":"a"}]`); res[0] != 3 {
		t.Fatalf("results %v", res)
	}
	if n := count(t, app, "counters", "name = 'c'"); n != 1 {
		t.Fatalf("%d counter rows", n)
	}
}

func TestFindOrCreateAndAbsent(t *testing.T) {
	app := newTestApp(t)
	existing := record(t, app, "orders", map[string]any{"number": 7, "status": "placed", "idempotency_key": "k1"})
	res := mustRun(t, app, `[
		{"op":"findOrCreate","collection":"orders","match":{"idempotency_key":"k1"},"body":{"number":8,"status":"draft"}},
		{"op":"findOrCreate","collection":"orders","match":{"idempotency_key":"k2","status":"draft"},"body":{"number":9,"status":"draft","idempotency_key":"k2"}}
	]`)
	if res[0] != existing.Id || res[1] == existing.Id {
		t.Fatalf("results %v", res)
	}

	// an absent check without references is made before the unit's writes, whatever its place
	f := mustFail(t, app, codeExists, fmt.Sprintf(`[
		{"op":"create","collection":"order_events","body":{"order":%q,"type":"marker"}},
		{"op":"absent","collection":"orders","match":{"idempotency_key":"k1"}}
	]`, existing.Id))
	wantDetail(t, f, "id", existing.Id)
	wantDetail(t, f, "index", 1)
	if n := count(t, app, "order_events", "1=1"); n != 0 {
		t.Fatalf("%d events written", n)
	}
	// with a reference it is checked in its place
	f = mustFail(t, app, codeExists, `[
		{"op":"create","collection":"orders","body":{"number":10,"status":"draft"},"as":"o"},
		{"op":"absent","collection":"orders","match":{"id":"$ref:o"}}
	]`)
	wantDetail(t, f, "index", 1)
	if res := mustRun(t, app, `[{"op":"absent","collection":"orders","match":{"idempotency_key":"unused"}}]`); res[0] != nil {
		t.Fatalf("results %v", res)
	}
	mustFail(t, app, codeBadOp, `[{"op":"absent","collection":"orders"}]`)
}

func TestStockMoves(t *testing.T) {
	app := newTestApp(t)
	p := record(t, app, "products", map[string]any{"sku": "A", "price_cents": 500, "active": true})
	o := record(t, app, "orders", map[string]any{"number": 1, "status": "placed"})
	move := func(fields string) string {
		return fmt.Sprintf(`[{"op":"stock","product":%q,%s}]`, p.Id, fields)
	}
	mustRun(t, app, move(`"delta_on_hand":3,"reason":"initial"`))
	res := mustRun(t, app, fmt.Sprintf(`[
		{"op":"stock","product":%[1]q,"delta_reserved":1,"reason":"order_placed","order":%[2]q,"note":"first"},
		{"op":"stock","product":%[1]q,"delta_reserved":1,"reason":"order_placed","expect":{"price_cents":500,"active":true}}
	]`, p.Id, o.Id))
	if last, _ := res[1].(map[string]any); last["reserved"] != 2 || last["on_hand"] != 3 {
		t.Fatalf("results %v", res)
	}
	if got := get(t, app, "products", p.Id); got.GetInt("on_hand") != 3 || got.GetInt("reserved") != 2 {
		t.Fatalf("product %v", got.PublicExport())
	}
	if n := count(t, app, "stock_movements", fmt.Sprintf("[[order]] = '%s' AND note = 'first'", o.Id)); n != 1 {
		t.Fatalf("%d ledger rows with order and note", n)
	}

	f := mustFail(t, app, codeInsufficientStock, move(`"delta_reserved":2,"reason":"order_placed","order_line":"l1"`))
	wantDetail(t, f, "available", 1)
	wantDetail(t, f, "requested", 2)
	wantDetail(t, f, "order_line", "l1")
	mustFail(t, app, codeInsufficientStock, move(`"delta_on_hand":-2,"reason":"shelf_count"`)) // below what is reserved
	mustFail(t, app, codePreconditionFailed, move(`"delta_reserved":1,"reason":"order_placed","expect":{"price_cents":499}`))
	f = mustFail(t, app, codeInvalid, move(`"delta_reserved":1,"reason":"theft"`))
	wantDetail(t, f, "field", "reason")
	mustRun(t, app, move(`"delta_reserved":-1,"reason":"order_cancelled","note":"`+strings.Repeat("ü", 500)+`"`))
	mustFail(t, app, codeInvalid, move(`"delta_reserved":-1,"reason":"order_cancelled","note":"`+strings.Repeat("ü", 501)+`"`))
	if n := count(t, app, "stock_movements", "1=1"); n != 4 {
		t.Fatalf("%d ledger rows, want 4", n)
	}
}

func TestKnownRelationsAndQuiet(t *testing.T) {
	app := newTestApp(t)
	Register(app)
	var broadcast []string
	app.OnModelAfterCreateSuccess("order_events").BindFunc(func(e *core.ModelEvent) error {
		if r, ok := e.Model.(*core.Record); ok {
			broadcast = append(broadcast, r.GetString("type"))
		}
		return e.Next()
	})
	res := mustRun(t, app, `[
		{"op":"create","collection":"orders","body":{"number":1,"status":"draft"},"as":"o"},
		{"op":"create","collection":"order_events","body":{"order":"$ref:o","type":"quiet"},"quiet":true},
		{"op":"create","collection":"order_events","body":{"order":"$ref:o","type":"loud"}}
	]`)
	if len(broadcast) != 1 || broadcast[0] != "loud" {
		t.Fatalf("after-create handlers saw %v", broadcast)
	}
	if n := count(t, app, "order_events", fmt.Sprintf("[[order]] = '%s'", res[0])); n != 2 {
		t.Fatalf("%d events saved", n)
	}
	// a relation to a record that does not exist is still looked up and refused
	f := mustFail(t, app, codeInvalid, `[{"op":"create","collection":"order_events","body":{"order":"doesnotexist123","type":"x"}}]`)
	wantDetail(t, f, "collection", "order_events")
	// read, then deleted by the same unit: a later record may not point at it
	mustFail(t, app, codeInvalid, fmt.Sprintf(`[
		{"op":"update","collection":"orders","id":%[1]q,"body":{}},
		{"op":"delete","collection":"orders","id":%[1]q},
		{"op":"create","collection":"order_events","body":{"order":%[1]q,"type":"x"}}
	]`, res[0]))
}

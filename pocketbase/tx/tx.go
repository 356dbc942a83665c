// Package tx is Packbench's unit of work inside PocketBase: POST /api/packbench/tx applies a
// set of writes in ONE transaction, for the app server only (superusers). All domain rules
// live in TypeScript (src/lib/server/pocketbase/tx.ts builds the ops); this package only
// guarantees that a set of writes happens all-or-nothing, that stock never goes below what is
// there, that optimistic versions hold, and that sequential numbers never repeat or skip.
//
// It is the native twin of pb_hooks/lib/tx.js, which serves the same route on an official
// PocketBase binary (without this package). The JS VM's per-call cost made the engine the
// largest part of every checkout; in Go it is a fraction. Both pass the same tests
// (tests/integration/tx.test.ts runs against each).
//
// Op kinds (values equal to "$ref:<name>" are replaced by an earlier op's result `as` name):
//
//	{ op: 'counter', name, as }                          -> next value of a gap-free counter
//	{ op: 'create', collection, body, as?, quiet? }       -> created record id (quiet: not broadcast, see Register)
//	{ op: 'update', collection, id, body, ifVersion?, expect?, as? }
//	{ op: 'increment', collection, id, field, by, min?, max?, maxField?, expect? }
//	{ op: 'delete', collection, id }
//	{ op: 'findOrCreate', collection, match, body, as? }  -> id of the first record with every `match` value, else a new one
//	{ op: 'absent', collection, match }                  -> fails with 'exists' (and the record) when such a record
//	                                                        exists when the unit starts (checked before its writes)
//	{ op: 'stock', product, delta_on_hand, delta_reserved, reason, order?, order_line?, actor?, note?, expect? }
//
// Group commit ({ units }): several independent units in ONE transaction. A unit whose
// `absent` or stock checks fail is refused before it writes anything and the others go on;
// any other failure rolls the whole transaction back and names the unit.
package tx

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/list"
	"github.com/pocketbase/pocketbase/tools/security"
)

// MaxOps bounds one request, ops of all units together.
const MaxOps = 5000

// Failure is a refused rule; nothing of its unit was written.
type Failure struct {
	Code    string         `json:"code"`
	Message string         `json:"message"`
	Details map[string]any `json:"details"`
}

func (f *Failure) Error() string { return f.Message }

func fail(code, message string, details map[string]any) *Failure {
	if details == nil {
		details = map[string]any{}
	}
	return &Failure{Code: code, Message: message, Details: details}
}

// failureOf turns any error into a Failure (PocketBase's validation errors carry its message).
func failureOf(err error) *Failure {
	var f *Failure
	if errors.As(err, &f) {
		return f
	}
	return fail("invalid", err.Error(), nil)
}

type op = map[string]any

// Register serves POST /api/packbench/tx.
func Register(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.POST("/api/packbench/tx", handle).Bind(apis.RequireSuperuserAuth())
		return se.Next()
	})
	// A quiet create (the lines and first event of an order that did not exist before this
	// transaction) is not broadcast: no screen can have that order open yet, and a checkout
	// rush would otherwise send every line through the realtime feed for nobody. The order
	// record itself is always broadcast. Runs just before PocketBase's realtime handler (-99).
	app.OnModelAfterCreateSuccess().Bind(&hook.Handler[*core.ModelEvent]{
		Id:       "packbenchQuietCreate",
		Priority: -100,
		Func: func(e *core.ModelEvent) error {
			if e.Context != nil && e.Context.Value(quietKey{}) != nil {
				return nil
			}
			return e.Next()
		},
	})
}

type quietKey struct{}

var quiet = context.WithValue(context.Background(), quietKey{}, true)

type request struct {
	Ops   []op   `json:"ops"`
	Units [][]op `json:"units"`
}

type outcome struct {
	Results []any    `json:"results,omitempty"`
	Failure *Failure `json:"failure,omitempty"`
}

type aborted struct {
	unit    int
	failure *Failure
}

func (a *aborted) Error() string { return a.failure.Message }

func handle(e *core.RequestEvent) error {
	var body request
	if err := json.NewDecoder(e.Request.Body).Decode(&body); err != nil {
		return e.JSON(http.StatusBadRequest, fail("bad_request", "The body is not valid JSON: "+err.Error(), nil))
	}

	if body.Units != nil {
		total := 0
		for _, u := range body.Units {
			if len(u) == 0 {
				total = MaxOps + 1
				break
			}
			total += len(u)
		}
		if len(body.Units) == 0 || total > MaxOps {
			return e.JSON(http.StatusBadRequest, fail("bad_request", "units must be non-empty arrays of at most 5000 operations in all", nil))
		}
		var outcomes []outcome
		err := e.App.RunInTransaction(func(txApp core.App) error {
			var err error
			outcomes, err = runUnits(txApp, body.Units)
			return err
		})
		if err != nil {
			var a *aborted
			if !errors.As(err, &a) {
				a = &aborted{unit: -1, failure: failureOf(err)}
			}
			return e.JSON(http.StatusOK, map[string]any{"aborted": map[string]any{"unit": a.unit, "failure": a.failure}})
		}
		return e.JSON(http.StatusOK, map[string]any{"outcomes": outcomes})
	}

	if len(body.Ops) == 0 || len(body.Ops) > MaxOps {
		return e.JSON(http.StatusBadRequest, fail("bad_request", "ops must be a non-empty array of at most 5000 operations", nil))
	}
	var results []any
	err := e.App.RunInTransaction(func(txApp core.App) error {
		var err error
		results, err = run(txApp, body.Ops, nil)
		return err
	})
	if err != nil {
		f := failureOf(err)
		status := http.StatusConflict
		switch f.Code {
		case "invalid", "bad_op", "bad_ref":
			status = http.StatusBadRequest
		case "not_found":
			status = http.StatusNotFound
		}
		return e.JSON(status, f)
	}
	return e.JSON(http.StatusOK, map[string]any{"results": results})
}

// ---------------------------------------------------------------------------------------
// records held in memory until the transaction's ops are done

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
			return fail("invalid", err.Error(), map[string]any{"collection": strings.SplitN(k, ":", 2)[0], "id": r.Id})
		}
		c.exists(r)
	}
	c.records = map[string]*core.Record{}
	c.dirty = nil
	c.isDirty = map[string]bool{}
	return nil
}

// ---------------------------------------------------------------------------------------
// helpers

func str(o op, key string) string {
	s, _ := o[key].(string)
	return s
}

// integer reads a JSON number (float64) or a resolved counter value (int).
func integer(v any) (int, bool) {
	switch n := v.(type) {
	case float64:
		return int(n), true
	case int:
		return n, true
	case json.Number:
		i, err := n.Int64()
		return int(i), err == nil
	}
	return 0, false
}

func intOr(o op, key string, def int) int {
	if n, ok := integer(o[key]); ok {
		return n
	}
	return def
}

func resolveRefs(v any, refs map[string]any) (any, error) {
	switch x := v.(type) {
	case string:
		if strings.HasPrefix(x, "$ref:") {
			r, ok := refs[x[5:]]
			if !ok {
				return nil, fail("bad_ref", "Unknown reference "+x[5:], nil)
			}
			return r, nil
		}
		return x, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			r, err := resolveRefs(e, refs)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			r, err := resolveRefs(e, refs)
			if err != nil {
				return nil, err
			}
			out[k] = r
		}
		return out, nil
	}
	return v, nil
}

func hasRef(v any) bool {
	switch x := v.(type) {
	case string:
		return strings.HasPrefix(x, "$ref:")
	case []any:
		for _, e := range x {
			if hasRef(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range x {
			if hasRef(e) {
				return true
			}
		}
	}
	return false
}

// upfrontAbsent is whether `absent` op o is checked before the unit's writes (see checkAbsent).
func upfrontAbsent(o op) bool {
	return str(o, "op") == "absent" && !hasRef(o["match"])
}

// checkAbsent tries the unit's `absent` ops (those without references) before it writes
// anything: a unit that must not happen twice (an idempotency key already used) is answered
// with the record that key made, whatever its ops' order.
func checkAbsent(app core.App, ops []op) error {
	for i, o := range ops {
		if !upfrontAbsent(o) {
			continue
		}
		if _, err := absent(app, o, nil); err != nil {
			f := failureOf(err)
			f.Details["index"] = i
			return f
		}
	}
	return nil
}

func find(app core.App, collection, id string) (*core.Record, error) {
	r, err := app.FindRecordById(collection, id)
	if err != nil {
		return nil, fail("not_found", collection+" "+id+" does not exist", map[string]any{"collection": collection, "id": id})
	}
	return r, nil
}

// exportRecord is the record as the caller may show it (a conflict's current state).
func exportRecord(r *core.Record) map[string]any {
	b, _ := json.Marshal(r.PublicExport())
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return out
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

func checkExpect(r *core.Record, expect any) error {
	m, _ := expect.(map[string]any)
	for field, want := range m {
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
			return fail("precondition_failed", fmt.Sprintf("%s is %v", field, actual), map[string]any{
				"collection": r.Collection().Name, "id": r.Id, "field": field, "actual": actual, "expected": allowed, "record": exportRecord(r),
			})
		}
	}
	return nil
}

// findMatching is the first record whose fields equal every value in o["match"], or nil.
func findMatching(app core.App, o op) (*core.Record, error) {
	match, _ := o["match"].(map[string]any)
	if len(match) == 0 {
		return nil, fail("bad_op", str(o, "op")+" needs match values", nil)
	}
	if len(match) == 1 {
		for k, v := range match {
			r, err := app.FindFirstRecordByData(str(o, "collection"), k, v)
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
	found, err := app.FindRecordsByFilter(str(o, "collection"), strings.Join(parts, " && "), "", 1, 0, dbx.Params(match))
	if err != nil || len(found) == 0 {
		return nil, nil
	}
	return found[0], nil
}

// ---------------------------------------------------------------------------------------
// ops

type handler func(app core.App, o op, ctx *heldRecords) (any, error)

var handlers map[string]handler

func init() {
	handlers = map[string]handler{
		"counter":      counter,
		"create":       create,
		"update":       update,
		"increment":    increment,
		"delete":       remove,
		"findOrCreate": findOrCreate,
		"absent":       absent,
		"stock":        stock,
	}
}

func counter(app core.App, o op, ctx *heldRecords) (any, error) {
	name := str(o, "name")
	r, err := ctx.hold("counters", name, func() (*core.Record, error) {
		if r, err := app.FindFirstRecordByData("counters", "name", name); err == nil {
			return r, nil
		}
		col, err := app.FindCachedCollectionByNameOrId("counters")
		if err != nil {
			return nil, err
		}
		fresh := core.NewRecord(col)
		fresh.Set("name", name)
		fresh.Set("value", 0)
		return fresh, nil
	})
	if err != nil {
		return nil, err
	}
	next := r.GetInt("value") + 1
	r.Set("value", next)
	ctx.markDirty("counters", name)
	return next, nil
}

func create(app core.App, o op, ctx *heldRecords) (any, error) {
	col, err := app.FindCachedCollectionByNameOrId(str(o, "collection"))
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(col)
	body, _ := o["body"].(map[string]any)
	r.Load(body)
	newId(r)
	saveCtx := context.Background()
	if q, _ := o["quiet"].(bool); q {
		saveCtx = quiet
	}
	if col.IsAuth() {
		err = app.SaveWithContext(saveCtx, r) // auth records have more rules than their fields
	} else if err = ctx.validateNew(app, r); err == nil {
		err = app.SaveNoValidateWithContext(saveCtx, r)
	}
	if err != nil {
		return nil, err
	}
	ctx.exists(r)
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

func update(app core.App, o op, ctx *heldRecords) (any, error) {
	collection, id := str(o, "collection"), str(o, "id")
	r, err := find(app, collection, id)
	if err != nil {
		return nil, err
	}
	ctx.exists(r)
	ifVersion, versioned := integer(o["ifVersion"])
	if versioned {
		current := r.GetInt("version")
		if current != ifVersion {
			return nil, fail("version_conflict", "Someone else changed this in the meantime", map[string]any{
				"collection": collection, "id": id, "expectedVersion": ifVersion, "currentVersion": current, "record": exportRecord(r),
			})
		}
		r.Set("version", current+1)
	}
	if err := checkExpect(r, o["expect"]); err != nil {
		return nil, err
	}
	body, _ := o["body"].(map[string]any)
	r.Load(body)
	if err := app.Save(r); err != nil {
		return nil, err
	}
	if versioned {
		return ifVersion + 1, nil
	}
	return r.Id, nil
}

func increment(app core.App, o op, _ *heldRecords) (any, error) {
	collection, id, field := str(o, "collection"), str(o, "id"), str(o, "field")
	r, err := find(app, collection, id)
	if err != nil {
		return nil, err
	}
	if err := checkExpect(r, o["expect"]); err != nil {
		return nil, err
	}
	value := r.GetInt(field) + intOr(o, "by", 0)
	var max any
	if mf := str(o, "maxField"); mf != "" {
		max = r.GetInt(mf)
	} else if m, ok := integer(o["max"]); ok {
		max = m
	}
	min := intOr(o, "min", 0)
	if value < min || (max != nil && value > max.(int)) {
		return nil, fail("out_of_range", fmt.Sprintf("%s would be %d", field, value), map[string]any{
			"collection": collection, "id": id, "field": field, "value": value, "min": min, "max": max, "record": exportRecord(r),
		})
	}
	r.Set(field, value)
	if err := app.Save(r); err != nil {
		return nil, err
	}
	return value, nil
}

func remove(app core.App, o op, ctx *heldRecords) (any, error) {
	r, err := find(app, str(o, "collection"), str(o, "id"))
	if err != nil {
		return nil, err
	}
	if err := app.Delete(r); err != nil {
		return nil, err
	}
	clear(ctx.known) // a delete may cascade to records that relate to it
	return r.Id, nil
}

func findOrCreate(app core.App, o op, ctx *heldRecords) (any, error) {
	found, err := findMatching(app, o)
	if err != nil {
		return nil, err
	}
	if found != nil {
		ctx.exists(found)
		return found.Id, nil
	}
	return create(app, op{"collection": o["collection"], "body": o["body"]}, ctx)
}

func absent(app core.App, o op, _ *heldRecords) (any, error) {
	found, err := findMatching(app, o)
	if err != nil {
		return nil, err
	}
	if found != nil {
		collection := str(o, "collection")
		return nil, fail("exists", collection+" "+found.Id+" already exists", map[string]any{"collection": collection, "id": found.Id, "record": exportRecord(found)})
	}
	return nil, nil
}

func stockedProduct(app core.App, ctx *heldRecords, id string) (*core.Record, error) {
	return ctx.hold("products", id, func() (*core.Record, error) { return find(app, "products", id) })
}

func shortage(p *core.Record, onHand, reserved, requested int) map[string]any {
	return map[string]any{
		"product": p.Id, "sku": p.GetString("sku"), "name": p.GetString("name"), "on_hand": onHand, "reserved": reserved,
		"available": onHand - reserved, "requested": requested,
	}
}

// short is whether a move leaves negative stock, or takes availability below zero (only a
// change that takes availability away can fail for lack of stock).
func short(onHand, reserved, dOn, dRes int) bool {
	nextOnHand, nextReserved := onHand+dOn, reserved+dRes
	return nextOnHand < 0 || nextReserved < 0 || (dRes-dOn > 0 && nextOnHand-nextReserved < 0)
}

func stock(app core.App, o op, ctx *heldRecords) (any, error) {
	p, err := stockedProduct(app, ctx, str(o, "product"))
	if err != nil {
		return nil, err
	}
	if err := checkExpect(p, o["expect"]); err != nil { // e.g. the price and active flag a cached catalogue read
		return nil, err
	}
	dOn, dRes := intOr(o, "delta_on_hand", 0), intOr(o, "delta_reserved", 0)
	onHand, reserved := p.GetInt("on_hand"), p.GetInt("reserved")
	if short(onHand, reserved, dOn, dRes) {
		d := shortage(p, onHand, reserved, dRes-dOn)
		d["order_line"] = str(o, "order_line")
		return nil, fail("insufficient_stock", "Not enough "+p.GetString("sku")+" in stock", d)
	}
	p.Set("on_hand", onHand+dOn)
	p.Set("reserved", reserved+dRes)
	ctx.markDirty("products", p.Id) // saved once, when the transaction's ops are done

	// The ledger row is written by this function alone, from values checked here (the product
	// was just read), so PocketBase's validation (a query per relation) is skipped for it.
	ledger, err := app.FindCachedCollectionByNameOrId("stock_movements")
	if err != nil {
		return nil, err
	}
	reason := str(o, "reason")
	if sf, ok := ledger.Fields.GetByName("reason").(*core.SelectField); !ok || !contains(sf.Values, reason) {
		return nil, fail("invalid", "reason: "+reason+" is not a stock movement reason", map[string]any{"field": "reason"})
	}
	if utf8.RuneCountInString(str(o, "note")) > 500 {
		return nil, fail("invalid", "note: at most 500 characters", map[string]any{"field": "note"})
	}
	m := core.NewRecord(ledger)
	newId(m)
	m.Load(map[string]any{
		"product": p.Id, "delta_on_hand": dOn, "delta_reserved": dRes, "reason": reason,
		"order": str(o, "order"), "order_line": str(o, "order_line"), "actor": str(o, "actor"), "note": str(o, "note"),
	})
	if err := app.SaveNoValidate(m); err != nil {
		return nil, err
	}
	return map[string]any{"product": p.Id, "on_hand": onHand + dOn, "reserved": reserved + dRes}, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------------------------------
// running units

// run applies a unit's ops in order, after its `absent` checks. Pass the transaction's ctx
// when more units share it (runUnits, whose precheck made the absent checks already).
func run(app core.App, ops []op, shared *heldRecords) ([]any, error) {
	ctx := shared
	if ctx == nil {
		ctx = newHeldRecords()
		if err := checkAbsent(app, ops); err != nil {
			return nil, err
		}
	}
	results := make([]any, 0, len(ops))
	refs := map[string]any{}
	for i, raw := range ops {
		if upfrontAbsent(raw) {
			results = append(results, nil) // checked before the first write
			continue
		}
		resolved, err := resolveRefs(raw, refs)
		if err != nil {
			f := failureOf(err)
			f.Details["index"] = i
			return nil, f
		}
		o := resolved.(map[string]any)
		h, ok := handlers[str(o, "op")]
		if !ok {
			return nil, fail("bad_op", "Unknown op "+str(o, "op"), map[string]any{"index": i})
		}
		if held[str(o, "collection")] {
			if err := ctx.saveHeld(app); err != nil {
				return nil, err
			}
		}
		result, err := h(app, o, ctx)
		if err != nil {
			var f *Failure
			if errors.As(err, &f) {
				f.Details["index"] = i
				return nil, f
			}
			// validation errors (required fields, unique indexes, min 0) carry PocketBase's message
			collection := str(o, "collection")
			if collection == "" {
				collection = "products"
			}
			return nil, fail("invalid", err.Error(), map[string]any{"index": i, "op": str(o, "op"), "collection": collection})
		}
		if as := str(o, "as"); as != "" {
			refs[as] = result
		}
		results = append(results, result)
	}
	if shared == nil {
		if err := ctx.saveHeld(app); err != nil {
			return nil, err
		}
	}
	return results, nil
}

// precheck tries a unit's `absent` ops and stock moves on the current figures without
// writing anything: the failure the unit would meet, or nil. Products the unit also changes
// otherwise are left to run() (a failure there rolls the whole group back).
func precheck(app core.App, ops []op, ctx *heldRecords) *Failure {
	if err := checkAbsent(app, ops); err != nil {
		return failureOf(err)
	}
	for _, o := range ops {
		if str(o, "op") != "stock" && str(o, "collection") == "products" {
			return nil
		}
	}
	type figures struct {
		rec               *core.Record
		onHand, reserved int
	}
	touched := map[string]*figures{}
	var shortages []map[string]any
	for i, o := range ops {
		id := str(o, "product")
		if str(o, "op") != "stock" || id == "" || strings.HasPrefix(id, "$ref:") {
			continue
		}
		p := touched[id]
		if p == nil {
			rec, err := stockedProduct(app, ctx, id)
			if err != nil {
				f := failureOf(err)
				f.Details["index"] = i
				return f
			}
			if err := checkExpect(rec, o["expect"]); err != nil {
				f := failureOf(err)
				f.Details["index"] = i
				return f
			}
			p = &figures{rec: rec, onHand: rec.GetInt("on_hand"), reserved: rec.GetInt("reserved")}
			touched[id] = p
		}
		dOn, dRes := intOr(o, "delta_on_hand", 0), intOr(o, "delta_reserved", 0)
		if short(p.onHand, p.reserved, dOn, dRes) {
			// every short line, so the customer hears of all of them at once
			s := shortage(p.rec, p.onHand, p.reserved, dRes-dOn)
			s["index"] = i
			shortages = append(shortages, s)
			continue
		}
		p.onHand += dOn
		p.reserved += dRes
	}
	if len(shortages) == 0 {
		return nil
	}
	details := map[string]any{"shortages": shortages, "order_line": ""}
	for k, v := range shortages[0] {
		details[k] = v
	}
	return fail("insufficient_stock", fmt.Sprintf("Not enough %v in stock", shortages[0]["sku"]), details)
}

// runUnits runs independent units inside the caller's transaction: one outcome per unit, or
// an *aborted error when the transaction must roll back.
func runUnits(app core.App, units [][]op) ([]outcome, error) {
	ctx := newHeldRecords()
	outcomes := make([]outcome, 0, len(units))
	for u, ops := range units {
		if refused := precheck(app, ops, ctx); refused != nil {
			outcomes = append(outcomes, outcome{Failure: refused})
			continue
		}
		results, err := run(app, ops, ctx)
		if err != nil {
			return nil, &aborted{unit: u, failure: failureOf(err)}
		}
		outcomes = append(outcomes, outcome{Results: results})
	}
	if err := ctx.saveHeld(app); err != nil {
		return nil, &aborted{unit: -1, failure: failureOf(err)}
	}
	return outcomes, nil
}

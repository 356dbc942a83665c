package tx

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// run applies a unit's steps in order, after its `absent` checks. Pass the transaction's held
// records when more units share it (runUnits, whose precheck made the absent checks already).
func run(app core.App, steps []step, shared *heldRecords) ([]any, error) {
	h := shared
	if h == nil {
		h = newHeldRecords()
		if err := checkAbsent(app, steps); err != nil {
			return nil, err
		}
	}
	results := make([]any, 0, len(steps))
	refs := map[string]any{}
	for i := range steps {
		s := &steps[i]
		if s.bad != nil {
			return nil, at(s.bad, i)
		}
		if s.upfront() {
			results = append(results, nil) // checked before the first write
			continue
		}
		o, err := s.op.resolve(refs)
		if err != nil {
			return nil, at(err, i)
		}
		if held[s.collection] {
			if err := h.saveHeld(app); err != nil {
				return nil, err
			}
		}
		result, err := o.apply(app, h)
		if err != nil {
			var f *Failure
			if errors.As(err, &f) {
				return nil, at(f, i)
			}
			// validation errors (required fields, unique indexes, min 0) carry PocketBase's message
			collection := s.collection
			if collection == "" {
				collection = "products"
			}
			return nil, saveFailure(err, map[string]any{"index": i, "op": s.kind, "collection": collection})
		}
		if s.as != "" {
			refs[s.as] = result
		}
		results = append(results, result)
	}
	if shared == nil {
		if err := h.saveHeld(app); err != nil {
			return nil, err
		}
	}
	return results, nil
}

// checkAbsent tries the unit's `absent` ops (those without references) before it writes
// anything: a unit that must not happen twice (an idempotency key already used) is answered
// with the record that key made, whatever its ops' order.
func checkAbsent(app core.App, steps []step) error {
	for i := range steps {
		if !steps[i].upfront() {
			continue
		}
		if _, err := steps[i].op.apply(app, nil); err != nil {
			return at(err, i)
		}
	}
	return nil
}

// precheck tries a unit's `absent` ops and stock moves on the current figures without
// writing anything: the failure the unit would meet, or nil. Products the unit also changes
// otherwise are left to run() (a failure there rolls the whole group back).
func precheck(app core.App, steps []step, h *heldRecords) *Failure {
	if err := checkAbsent(app, steps); err != nil {
		return failureOf(err)
	}
	for _, s := range steps {
		if s.kind != "stock" && s.collection == "products" {
			return nil
		}
	}
	type figures struct {
		rec              *core.Record
		onHand, reserved int
	}
	touched := map[string]*figures{}
	var shortages []map[string]any
	for i, s := range steps {
		o, ok := s.op.(stockOp)
		if !ok || o.product == "" || strings.HasPrefix(o.product, "$ref:") {
			continue
		}
		p := touched[o.product]
		if p == nil {
			rec, err := stockedProduct(app, h, o.product)
			if err != nil {
				return at(err, i)
			}
			if err := checkExpect(rec, o.expect); err != nil {
				return at(err, i)
			}
			p = &figures{rec: rec, onHand: rec.GetInt("on_hand"), reserved: rec.GetInt("reserved")}
			touched[o.product] = p
		}
		dOn, dRes := o.deltaOnHand, o.deltaReserved
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
	return fail(codeInsufficientStock, fmt.Sprintf("Not enough %v in stock", shortages[0]["sku"]), details)
}

// aborted is a group's failure that rolls the whole transaction back, naming the unit (-1:
// none, e.g. saving the held records).
type aborted struct {
	unit    int
	failure *Failure
}

func (a *aborted) Error() string { return a.failure.Message }

type outcome struct {
	Results []any    `json:"results,omitempty"`
	Failure *Failure `json:"failure,omitempty"`
}

// runUnits runs independent units inside the caller's transaction: one outcome per unit, or
// an *aborted error when the transaction must roll back.
func runUnits(app core.App, units [][]step) ([]outcome, error) {
	h := newHeldRecords()
	outcomes := make([]outcome, 0, len(units))
	for u, steps := range units {
		if refused := precheck(app, steps, h); refused != nil {
			outcomes = append(outcomes, outcome{Failure: refused})
			continue
		}
		results, err := run(app, steps, h)
		if err != nil {
			return nil, &aborted{unit: u, failure: failureOf(err)}
		}
		outcomes = append(outcomes, outcome{Results: results})
	}
	if err := h.saveHeld(app); err != nil {
		return nil, &aborted{unit: -1, failure: failureOf(err)}
	}
	return outcomes, nil
}

package tx

import (
	"slices"
	"unicode/utf8"

	"github.com/pocketbase/pocketbase/core"
)

// stock -> { product, on_hand, reserved } after the move. Refuses (insufficient_stock) any
// move that leaves negative stock or takes availability below zero; writes the ledger row.
func (o stockOp) apply(app core.App, h *heldRecords) (any, error) {
	p, err := stockedProduct(app, h, o.product)
	if err != nil {
		return nil, err
	}
	if err := checkExpect(p, o.expect); err != nil { // e.g. the price and active flag a cached catalogue read
		return nil, err
	}
	dOn, dRes := o.deltaOnHand, o.deltaReserved
	onHand, reserved := p.GetInt("on_hand"), p.GetInt("reserved")
	if short(onHand, reserved, dOn, dRes) {
		d := shortage(p, onHand, reserved, dRes-dOn)
		d["order_line"] = o.orderLine
		return nil, fail(codeInsufficientStock, "Not enough "+p.GetString("sku")+" in stock", d)
	}
	p.Set("on_hand", onHand+dOn)
	p.Set("reserved", reserved+dRes)
	h.markDirty("products", p.Id) // saved once, when the transaction's ops are done

	// The ledger row is written by this function alone, from values checked here (the product
	// was just read), so PocketBase's validation (a query per relation) is skipped for it.
	ledger, err := app.FindCachedCollectionByNameOrId("stock_movements")
	if err != nil {
		return nil, err
	}
	if sf, ok := ledger.Fields.GetByName("reason").(*core.SelectField); !ok || !slices.Contains(sf.Values, o.reason) {
		return nil, fail(codeInvalid, "reason: "+o.reason+" is not a stock movement reason", map[string]any{"field": "reason"})
	}
	if utf8.RuneCountInString(o.note) > 500 {
		return nil, fail(codeInvalid, "note: at most 500 characters", map[string]any{"field": "note"})
	}
	m := core.NewRecord(ledger)
	newId(m)
	m.Load(map[string]any{
		"product": p.Id, "delta_on_hand": dOn, "delta_reserved": dRes, "reason": o.reason,
		"order": o.order, "order_line": o.orderLine, "actor": o.actor, "note": o.note,
	})
	if err := app.SaveNoValidate(m); err != nil {
		return nil, err
	}
	return map[string]any{"product": p.Id, "on_hand": onHand + dOn, "reserved": reserved + dRes}, nil
}

func stockedProduct(app core.App, h *heldRecords, id string) (*core.Record, error) {
	return h.hold("products", id, func() (*core.Record, error) { return find(app, "products", id) })
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

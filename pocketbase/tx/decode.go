package tx

import (
	"encoding/json"

	"github.com/pocketbase/pocketbase/core"
)

// An op is one write of a unit, decoded into the struct of its kind (below).
type op interface {
	// resolve is the op with every "$ref:<name>" value replaced by an earlier op's result.
	resolve(refs map[string]any) (op, error)
	apply(app core.App, h *heldRecords) (any, error)
}

type counterOp struct{ name string }

type createOp struct {
	collection string
	body       map[string]any
	quiet      bool
}

type updateOp struct {
	collection, id string
	body, expect   map[string]any
	ifVersion      *int
}

type incrementOp struct {
	collection, id, field string
	by                    int
	min, max              *int
	maxField              string
	expect                map[string]any
}

type deleteOp struct{ collection, id string }

type findOrCreateOp struct {
	collection  string
	match, body map[string]any
}

type absentOp struct {
	collection string
	match      map[string]any
}

type stockOp struct {
	product                         string
	deltaOnHand, deltaReserved      int
	reason, order, orderLine, actor string
	note                            string
	expect                          map[string]any
}

// step is one element of a request's ops: its op, kind, result name and collection, or the
// reason it is not a valid op (reported when the unit reaches it, as bad_op).
type step struct {
	kind       string
	as         string
	collection string // the collection it names, "" for counters and stock moves
	op         op
	bad        *Failure
}

// wire is an op as JSON carries it: every field of every kind. Numbers are read as JSON's
// float64 and cut to integers, as the JS twin's arithmetic and PocketBase's number fields do.
type wire struct {
	Op            string         `json:"op"`
	As            string         `json:"as"`
	Collection    string         `json:"collection"`
	ID            string         `json:"id"`
	Name          string         `json:"name"`
	Body          map[string]any `json:"body"`
	Match         map[string]any `json:"match"`
	Expect        map[string]any `json:"expect"`
	Quiet         bool           `json:"quiet"`
	IfVersion     *float64       `json:"ifVersion"`
	Field         string         `json:"field"`
	By            float64        `json:"by"`
	Min           *float64       `json:"min"`
	Max           *float64       `json:"max"`
	MaxField      string         `json:"maxField"`
	Product       string         `json:"product"`
	DeltaOnHand   float64        `json:"delta_on_hand"`
	DeltaReserved float64        `json:"delta_reserved"`
	Reason        string         `json:"reason"`
	Order         string         `json:"order"`
	OrderLine     string         `json:"order_line"`
	Actor         string         `json:"actor"`
	Note          string         `json:"note"`
}

func optInt(f *float64) *int {
	if f == nil {
		return nil
	}
	n := int(*f)
	return &n
}

// UnmarshalJSON never fails the request: an op that is not valid fails its unit (bad_op).
func (s *step) UnmarshalJSON(b []byte) error {
	var w wire
	err := json.Unmarshal(b, &w)
	s.kind, s.as, s.collection = w.Op, w.As, w.Collection
	if err != nil {
		s.bad = fail(codeBadOp, "Op "+w.Op+" is not valid: "+err.Error(), nil)
		return nil
	}
	switch w.Op {
	case "counter":
		s.op, s.collection = counterOp{name: w.Name}, ""
	case "create":
		s.op = createOp{collection: w.Collection, body: w.Body, quiet: w.Quiet}
	case "update":
		s.op = updateOp{collection: w.Collection, id: w.ID, body: w.Body, expect: w.Expect, ifVersion: optInt(w.IfVersion)}
	case "increment":
		s.op = incrementOp{collection: w.Collection, id: w.ID, field: w.Field, by: int(w.By), min: optInt(w.Min), max: optInt(w.Max), maxField: w.MaxField, expect: w.Expect}
	case "delete":
		s.op = deleteOp{collection: w.Collection, id: w.ID}
	case "findOrCreate":
		s.op = findOrCreateOp{collection: w.Collection, match: w.Match, body: w.Body}
	case "absent":
		s.op = absentOp{collection: w.Collection, match: w.Match}
	case "stock":
		s.op, s.collection = stockOp{
			product: w.Product, deltaOnHand: int(w.DeltaOnHand), deltaReserved: int(w.DeltaReserved), reason: w.Reason,
			order: w.Order, orderLine: w.OrderLine, actor: w.Actor, note: w.Note, expect: w.Expect,
		}, ""
	default:
		s.bad = fail(codeBadOp, "Unknown op "+w.Op, nil)
	}
	return nil
}

// upfront is whether the step is an `absent` check made before the unit's writes (checkAbsent).
func (s *step) upfront() bool {
	a, ok := s.op.(absentOp)
	return ok && !hasRef(a.match)
}

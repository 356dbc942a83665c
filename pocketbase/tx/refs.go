package tx

import "strings"

// "$ref:<name>" values: an op refers to an earlier op's result by the name in its `as`.

func (o counterOp) resolve(refs map[string]any) (op, error) {
	var err error
	o.name, err = refString(o.name, refs)
	return o, err
}

func (o createOp) resolve(refs map[string]any) (op, error) {
	var err error
	o.body, err = resolveMap(o.body, refs)
	return o, err
}

func (o updateOp) resolve(refs map[string]any) (op, error) {
	r := resolver{refs: refs}
	o.id = r.str(o.id)
	o.body = r.obj(o.body)
	o.expect = r.obj(o.expect)
	return o, r.err
}

func (o incrementOp) resolve(refs map[string]any) (op, error) {
	r := resolver{refs: refs}
	o.id = r.str(o.id)
	o.expect = r.obj(o.expect)
	return o, r.err
}

func (o deleteOp) resolve(refs map[string]any) (op, error) {
	var err error
	o.id, err = refString(o.id, refs)
	return o, err
}

func (o findOrCreateOp) resolve(refs map[string]any) (op, error) {
	r := resolver{refs: refs}
	o.match = r.obj(o.match)
	o.body = r.obj(o.body)
	return o, r.err
}

func (o absentOp) resolve(refs map[string]any) (op, error) {
	var err error
	o.match, err = resolveMap(o.match, refs)
	return o, err
}

func (o stockOp) resolve(refs map[string]any) (op, error) {
	r := resolver{refs: refs}
	o.product = r.str(o.product)
	o.order = r.str(o.order)
	o.orderLine = r.str(o.orderLine)
	o.actor = r.str(o.actor)
	o.note = r.str(o.note)
	o.expect = r.obj(o.expect)
	return o, r.err
}

// resolver resolves several values and keeps the first error.
type resolver struct {
	refs map[string]any
	err  error
}

func (r *resolver) str(s string) string {
	if r.err != nil {
		return s
	}
	s, r.err = refString(s, r.refs)
	return s
}

func (r *resolver) obj(m map[string]any) map[string]any {
	if r.err != nil {
		return m
	}
	m, r.err = resolveMap(m, r.refs)
	return m
}

func lookupRef(name string, refs map[string]any) (any, error) {
	v, ok := refs[name]
	if !ok {
		return nil, fail(codeBadRef, "Unknown reference "+name, nil)
	}
	return v, nil
}

// refString resolves a string field; a result that is not a string (a counter value) is "".
func refString(s string, refs map[string]any) (string, error) {
	if !strings.HasPrefix(s, "$ref:") {
		return s, nil
	}
	v, err := lookupRef(s[5:], refs)
	str, _ := v.(string)
	return str, err
}

// resolveMap resolves the values of a JSON object, copying it only when it has references.
func resolveMap(m map[string]any, refs map[string]any) (map[string]any, error) {
	if !hasRef(m) {
		return m, nil
	}
	v, err := resolveRefs(m, refs)
	if err != nil {
		return nil, err
	}
	return v.(map[string]any), nil
}

func resolveRefs(v any, refs map[string]any) (any, error) {
	switch x := v.(type) {
	case string:
		if strings.HasPrefix(x, "$ref:") {
			return lookupRef(x[5:], refs)
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

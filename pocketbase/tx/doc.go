// Package tx is Packbench's unit of work inside PocketBase: POST /api/packbench/tx applies a
// set of writes in ONE transaction, for the app server only (superusers). All domain rules
// live in TypeScript (src/lib/server/pocketbase/tx.ts builds the ops); this package only
// guarantees that a set of writes happens all-or-nothing, that stock never goes below what is
// there, that optimistic versions hold, and that sequential numbers never repeat or skip.
//
// It is the native twin of pb_hooks/lib/tx.js, which serves the same route on an official
// PocketBase binary (without this package). The JS VM's per-call cost made the engine the
// largest part of every checkout; in Go it is a fraction. Both pass the same tests
// (tests/integration/tx-suite.ts runs against each); this package's own tests use
// PocketBase's test app.
//
// Files, one concern each:
//
//	route.go      the HTTP route, the request body, group {units} answers, quiet creates
//	decode.go     ops decoded into one Go struct per kind
//	refs.go       "$ref:" values resolved to earlier results
//	unit.go       running a unit's ops in order; a group's units and their precheck
//	held.go       records a transaction keeps in memory and saves once
//	validate.go   record validation (known relations), preconditions (expect)
//	failure.go    Failure and its codes, PocketBase errors turned into failures
//	record.go     create, update, delete
//	increment.go  bounded increments
//	counter.go    gap-free counters
//	match.go      findOrCreate and absent
//	stock.go      stock moves and their ledger rows
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

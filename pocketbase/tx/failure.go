package tx

import (
	"errors"
	"slices"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
)

// Failure codes, the TxFailureCode union of src/lib/server/pocketbase/tx.ts.
const (
	codeInsufficientStock  = "insufficient_stock"
	codeVersionConflict    = "version_conflict"
	codePreconditionFailed = "precondition_failed"
	codeOutOfRange         = "out_of_range"
	codeNotFound           = "not_found"
	codeInvalid            = "invalid"
	codeUniqueViolation    = "unique_violation"
	codeBadOp              = "bad_op"
	codeBadRef             = "bad_ref"
	codeBadRequest         = "bad_request"
	codeExists             = "exists"
)

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
	return saveFailure(err, nil)
}

// saveFailure is the failure of a record PocketBase refused to save: `unique_violation` (with
// the fields, when known) when a unique index refused it, so callers can tell "this key
// exists already" from a bad value; `invalid` otherwise. details is kept and added to.
func saveFailure(err error, details map[string]any) *Failure {
	if fields, ok := uniqueViolation(err); ok {
		if len(fields) > 0 {
			if details == nil {
				details = map[string]any{}
			}
			details["fields"] = fields
		}
		return fail(codeUniqueViolation, err.Error(), details)
	}
	return fail(codeInvalid, err.Error(), details)
}

// uniqueViolation is whether err is SQLite refusing a row for a unique index, and the
// fields PocketBase or SQLite names. PocketBase turns "UNIQUE constraint failed: t.a" into
// validation errors "validation_not_unique" on the record's fields; an index on an
// expression stays SQLite's own message.
func uniqueViolation(err error) ([]string, bool) {
	var errs validation.Errors
	if errors.As(err, &errs) {
		fields := make([]string, 0, len(errs))
		for name, e := range errs {
			var ve validation.Error
			if !errors.As(e, &ve) || ve.Code() != "validation_not_unique" {
				return nil, false
			}
			fields = append(fields, name)
		}
		slices.Sort(fields)
		return fields, len(fields) > 0
	}
	msg := err.Error()
	const marker = "UNIQUE constraint failed: "
	i := strings.Index(msg, marker)
	if i < 0 {
		return nil, false
	}
	cols := msg[i+len(marker):]
	if j := strings.Index(cols, " ("); j >= 0 {
		cols = cols[:j]
	}
	if strings.HasPrefix(cols, "index ") {
		return nil, true // an index on an expression: SQLite names the index, not fields
	}
	var fields []string
	for _, c := range strings.Split(cols, ", ") {
		if k := strings.LastIndexByte(c, '.'); k >= 0 {
			c = c[k+1:]
		}
		fields = append(fields, c)
	}
	return fields, true
}

// at adds the index of the failing op to a failure's details.
func at(err error, index int) *Failure {
	f := failureOf(err)
	f.Details["index"] = index
	return f
}

package tx

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// MaxOps bounds one request, ops of all units together.
const MaxOps = 5000

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

// request is the body: one unit's ops, or a group of units.
type request struct {
	Ops   []step   `json:"ops"`
	Units [][]step `json:"units"`
}

func handle(e *core.RequestEvent) error {
	var body request
	if err := json.NewDecoder(e.Request.Body).Decode(&body); err != nil {
		return e.JSON(http.StatusBadRequest, fail(codeBadRequest, "The body is not valid JSON: "+err.Error(), nil))
	}
	if body.Units != nil {
		return handleUnits(e, body.Units)
	}

	if len(body.Ops) == 0 || len(body.Ops) > MaxOps {
		return e.JSON(http.StatusBadRequest, fail(codeBadRequest, "ops must be a non-empty array of at most 5000 operations", nil))
	}
	var results []any
	err := e.App.RunInTransaction(func(txApp core.App) error {
		var err error
		results, err = run(txApp, body.Ops, nil)
		return err
	})
	if err != nil {
		f := failureOf(err)
		return e.JSON(status(f.Code), f)
	}
	return e.JSON(http.StatusOK, map[string]any{"results": results})
}

// status is the HTTP status of a single unit's failure.
func status(code string) int {
	switch code {
	case codeInvalid, codeUniqueViolation, codeBadOp, codeBadRef:
		return http.StatusBadRequest
	case codeNotFound:
		return http.StatusNotFound
	}
	return http.StatusConflict
}

// handleUnits answers a group: 200 { outcomes: [{ results } | { failure }] }, or
// 200 { aborted: { unit, failure } } when nothing was written.
func handleUnits(e *core.RequestEvent, units [][]step) error {
	total := 0
	for _, u := range units {
		if len(u) == 0 {
			total = MaxOps + 1
			break
		}
		total += len(u)
	}
	if len(units) == 0 || total > MaxOps {
		return e.JSON(http.StatusBadRequest, fail(codeBadRequest, "units must be non-empty arrays of at most 5000 operations in all", nil))
	}
	var outcomes []outcome
	err := e.App.RunInTransaction(func(txApp core.App) error {
		var err error
		outcomes, err = runUnits(txApp, units)
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

package tx

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

func TestRoute(t *testing.T) {
	var token string
	factory := func(t testing.TB) *tests.TestApp {
		app := newTestApp(t)
		Register(app)
		su := record(t, app, core.CollectionNameSuperusers, map[string]any{"email": "su@packbench.test", "password": "1234567890"})
		var err error
		if token, err = su.NewAuthToken(); err != nil {
			t.Fatal(err)
		}
		record(t, app, "orders", map[string]any{"number": 1, "status": "placed"})
		return app
	}
	post := func(name, body string, status int, content ...string) tests.ApiScenario {
		return tests.ApiScenario{
			Name: name, Method: http.MethodPost, URL: "/api/packbench/tx", Body: strings.NewReader(body),
			TestAppFactory: factory, ExpectedStatus: status, ExpectedContent: content,
		}
	}
	scenarios := []tests.ApiScenario{
		post("one unit", `{"ops":[{"op":"counter","name":"n","as":"n"}]}`, 200, `"results":[1]`),
		post("a refused rule", `{"ops":[{"op":"stock","product":"missing","delta_reserved":1,"reason":"order_placed"}]}`, 404, `"code":"not_found"`),
		post("a unique violation", `{"ops":[{"op":"create","collection":"orders","body":{"number":1,"status":"draft"}}]}`, 400, `"code":"unique_violation"`, `"fields":["number"]`),
		post("a stale version", `{"ops":[{"op":"create","collection":"orders","body":{"number":2,"status":"draft","version":1},"as":"o"},{"op":"update","collection":"orders","id":"$ref:o","body":{},"ifVersion":5}]}`, 409, `"code":"version_conflict"`),
		post("no ops", `{"ops":[]}`, 400, `"code":"bad_request"`),
		post("not JSON", `{"ops":`, 400, `"code":"bad_request"`),
		post("an empty unit in a group", `{"units":[[{"op":"counter","name":"n","as":"n"}],[]]}`, 400, `"code":"bad_request"`),
		post("a group", `{"units":[[{"op":"counter","name":"g","as":"n"}],[{"op":"stock","product":"missing","delta_reserved":1,"reason":"order_placed"}]]}`, 200,
			`"outcomes":[{"results":[1]},{"failure":{"code":"not_found"`),
		post("a group that rolls back", `{"units":[[{"op":"counter","name":"g","as":"n"}],[{"op":"create","collection":"orders","body":{"number":1,"status":"draft"}}]]}`, 200,
			`"aborted":{"failure":{"code":"unique_violation"`, `"unit":1`),
	}
	for _, scenario := range scenarios {
		// the token exists once the factory made the app: the header is set then (Test sends it later)
		scenario.Headers = map[string]string{}
		scenario.TestAppFactory = func(t testing.TB) *tests.TestApp {
			app := factory(t)
			scenario.Headers["Authorization"] = token
			return app
		}
		scenario.Test(t)
	}
	anonymous := post("superusers only", `{"ops":[{"op":"counter","name":"n","as":"n"}]}`, 401, `requires valid record authorization`)
	anonymous.Test(t)
}

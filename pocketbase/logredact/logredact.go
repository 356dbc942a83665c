// Package logredact keeps secrets and personal search terms out of PocketBase's request log
// (issue #12 finding 8). The app server finds an order by its tracking token, and customers
// by what the office typed, through `filter=` in the URL; PocketBase logs every request URL
// in _logs, where anyone with dashboard access (and every backup) would read them.
//
// Request logs keep the path and the names of the query parameters, but the values only of
// parameters that carry no data (paging, field lists, sort). The log still tells which
// collection was queried how often and how fast.
package logredact

import (
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// Redacted replaces a query value that may carry a secret or a personal search term.
const Redacted = "[redacted]"

var plainName = regexp.MustCompile(`^[A-Za-z0-9_]{1,40}$`)

var keepValue = map[string]bool{"page": true, "perPage": true, "skipTotal": true, "fields": true, "expand": true, "sort": true, "batch": true}

// Register redacts every log entry before PocketBase writes it.
func Register(app core.App) {
	app.OnModelCreate(core.LogsTableName).BindFunc(func(e *core.ModelEvent) error {
		if l, ok := e.Model.(*core.Log); ok {
			l.Message = Redact(l.Message, l.Data)
		}
		return e.Next()
	})
}

// Redact rewrites the URL fields of a log entry's data in place and returns its message:
// a request's message is "METHOD <unescaped URI>", rebuilt here from the redacted URL.
func Redact(message string, data map[string]any) string {
	for _, key := range []string{"url", "referer"} {
		if v, ok := data[key].(string); ok && v != "" {
			data[key] = URL(v)
		}
	}
	if data["type"] != "request" {
		return message
	}
	method, _, _ := strings.Cut(message, " ")
	u, _ := data["url"].(string)
	return method + " " + u
}

// URL keeps a request URI's path and query parameter names; values only where keepValue says.
func URL(raw string) string {
	path, query, found := strings.Cut(raw, "?")
	if !found {
		return raw
	}
	values, err := url.ParseQuery(query)
	if err != nil {
		// unparsable: keep nothing of the query rather than guess
		return path + "?" + Redacted
	}
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		v := Redacted
		if keepValue[k] {
			v = url.QueryEscape(values.Get(k))
		}
		if !plainName.MatchString(k) {
			k = Redacted // a crafted parameter name could carry data too
		}
		parts = append(parts, k+"="+v)
	}
	return path + "?" + strings.Join(parts, "&")
}

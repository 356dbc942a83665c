package logredact

import (
	"strings"
	"testing"
)

func TestURLKeepsPathAndPagingButNoFilterValues(t *testing.T) {
	raw := "/api/collections/orders/records?page=1&perPage=1&filter=tracking_token%20%3D%20%27s3cr3tT0ken%27&sort=-created"
	got := URL(raw)
	if strings.Contains(got, "s3cr3tT0ken") || strings.Contains(got, "tracking_token") {
		t.Fatalf("the filter value is still in %q", got)
	}
	want := "/api/collections/orders/records?filter=[redacted]&page=1&perPage=1&sort=-created"
	if got != want {
		t.Fatalf("URL(%q) = %q, want %q", raw, got, want)
	}
}

func TestURLWithoutQueryAndUnparsable(t *testing.T) {
	if got := URL("/api/health"); got != "/api/health" {
		t.Fatalf("got %q", got)
	}
	if got := URL("/api/x?filter=%zz-Erika"); strings.Contains(got, "Erika") {
		t.Fatalf("an unparsable query leaked: %q", got)
	}
}

func TestRedactRewritesURLRefererAndMessage(t *testing.T) {
	data := map[string]any{"type": "request", "url": "/api/collections/customers/records?filter=name~'Mustermann'", "referer": "http://x/track/abc?t=secret", "status": 200}
	msg := Redact("GET /api/collections/customers/records?filter=name~'Mustermann'", data)
	if strings.Contains(data["url"].(string), "Mustermann") || strings.Contains(data["referer"].(string), "secret") || data["status"] != 200 {
		t.Fatalf("not redacted: %v", data)
	}
	if msg != "GET /api/collections/customers/records?filter=[redacted]" {
		t.Fatalf("message: %q", msg)
	}
	if got := URL("/x?name%20~%20'Erika'=1&page=2"); strings.Contains(got, "Erika") {
		t.Fatalf("a crafted parameter name leaked: %q", got)
	}
}

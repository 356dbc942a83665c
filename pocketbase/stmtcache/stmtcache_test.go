package stmtcache

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

func open(t *testing.T) (*sql.DB, *sql.Conn) {
	t.Helper()
	db, err := sql.Open(DriverName, filepath.Join(t.TempDir(), "data.db")+Pragmas)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := conn.ExecContext(context.Background(), "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"); err != nil {
		t.Fatal(err)
	}
	return db, conn
}

func stats(t *testing.T, conn *sql.Conn) (hits, misses, cached int) {
	t.Helper()
	if err := conn.Raw(func(dc any) error {
		c := dc.(*Conn)
		hits, misses, cached = c.Hits, c.Misses, c.Cached()
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return
}

func TestRepeatedStatementsArePreparedOnce(t *testing.T) {
	ctx := context.Background()
	_, conn := open(t)
	_, misses0, _ := stats(t, conn)
	for i := 0; i < 50; i++ {
		if _, err := conn.ExecContext(ctx, "INSERT INTO t (name) VALUES (?)", fmt.Sprintf("n%d", i)); err != nil {
			t.Fatal(err)
		}
		var name string
		if err := conn.QueryRowContext(ctx, "SELECT name FROM t WHERE id = ?", i+1).Scan(&name); err != nil || name != fmt.Sprintf("n%d", i) {
			t.Fatalf("row %d: %q, %v", i+1, name, err)
		}
	}
	hits, misses, _ := stats(t, conn)
	if misses-misses0 != 2 || hits < 98 {
		t.Fatalf("want 2 statements prepared and reused, got %d prepared, %d reused", misses-misses0, hits)
	}
}

func TestAFailedStatementCanRunAgain(t *testing.T) {
	ctx := context.Background()
	_, conn := open(t)
	insert := "INSERT INTO t (name) VALUES (?)"
	if _, err := conn.ExecContext(ctx, insert, "a"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, insert, "a"); err == nil {
		t.Fatal("a duplicate name must fail")
	}
	if _, err := conn.ExecContext(ctx, insert, "b"); err != nil {
		t.Fatalf("the statement must work again after a failure: %v", err)
	}
}

func TestTheSameQueryWhileItsRowsAreOpen(t *testing.T) {
	ctx := context.Background()
	_, conn := open(t)
	for _, n := range []string{"a", "b", "c"} {
		if _, err := conn.ExecContext(ctx, "INSERT INTO t (name) VALUES (?)", n); err != nil {
			t.Fatal(err)
		}
	}
	q := "SELECT name FROM t WHERE id >= ? ORDER BY id"
	outer, err := conn.QueryContext(ctx, q, 1)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for outer.Next() {
		var name string
		if err := outer.Scan(&name); err != nil {
			t.Fatal(err)
		}
		// the cached statement is busy with the outer rows: this one must not disturb them
		var inner []string
		rows, err := conn.QueryContext(ctx, q, 3)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var n string
			_ = rows.Scan(&n)
			inner = append(inner, n)
		}
		rows.Close()
		if len(inner) != 1 || inner[0] != "c" {
			t.Fatalf("inner query: %v", inner)
		}
		got = append(got, name)
	}
	outer.Close()
	if fmt.Sprint(got) != "[a b c]" {
		t.Fatalf("outer query: %v", got)
	}
}

func TestACachedStatementSeesSchemaChanges(t *testing.T) {
	ctx := context.Background()
	_, conn := open(t)
	if _, err := conn.ExecContext(ctx, "INSERT INTO t (name) VALUES ('a')"); err != nil {
		t.Fatal(err)
	}
	cols := func() []string {
		rows, err := conn.QueryContext(ctx, "SELECT * FROM t")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		c, _ := rows.Columns()
		return c
	}
	if fmt.Sprint(cols()) != "[id name]" {
		t.Fatalf("before: %v", cols())
	}
	if _, err := conn.ExecContext(ctx, "ALTER TABLE t ADD COLUMN note TEXT DEFAULT ''"); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(cols()); got != "[id name note]" {
		t.Fatalf("after the migration the cached SELECT * gives %s", got)
	}
}

func TestEvictionAndRollback(t *testing.T) {
	ctx := context.Background()
	db, conn := open(t)
	for i := 0; i < Size+20; i++ { // more distinct statements than a connection keeps
		var n int
		if err := conn.QueryRowContext(ctx, fmt.Sprintf("SELECT %d", i)).Scan(&n); err != nil || n != i {
			t.Fatalf("SELECT %d: %d, %v", i, n, err)
		}
	}
	if _, _, cached := stats(t, conn); cached != Size {
		t.Fatalf("a connection keeps %d statements, not %d", Size, cached)
	}
	conn.Close()

	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("INSERT INTO t (name) VALUES (?)", "rolled back"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	var count int
	if err := db.QueryRow("SELECT count(*) FROM t").Scan(&count); err != nil || count != 0 {
		t.Fatalf("after rollback: %d rows, %v", count, err)
	}
	// closing the pool finalizes every kept statement, then the connection
	if err := db.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
}

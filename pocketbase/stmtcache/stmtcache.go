// Package stmtcache keeps SQLite's prepared statements per connection, so a statement that
// runs again is not parsed again.
//
// PocketBase (through database/sql and dbx) hands every query to the driver as SQL text, and
// the modernc driver prepares and finalizes a statement per call: parsing and planning was an
// eighth of PocketBase's CPU in the checkout benchmark, and the same few dozen statements
// (insert an order line, look a record up by id, check a relation) run thousands of times.
//
// The driver here wraps modernc's: ExecContext and QueryContext take the connection's cached
// statement for the text, preparing it once. A statement is reset after each use (modernc does
// that for its own reusable statements) and SQLite re-prepares it by itself when the schema
// changed. A statement whose rows are still open is not shared: a second query with the same
// text meanwhile goes the uncached way. Each connection keeps at most Size statements and
// finalizes the least recently used one beyond that.
package stmtcache

import (
	"container/list"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"reflect"
	"sync"

	"github.com/pocketbase/dbx"
	"modernc.org/sqlite"
)

// DriverName is the name the caching driver is registered under with database/sql.
const DriverName = "sqlite_stmtcache"

// Size is how many statements one connection keeps.
const Size = 256

func init() {
	sql.Register(DriverName, &Driver{inner: &sqlite.Driver{}})
	// dbx picks its SQL dialect by driver name: this one speaks SQLite's
	dbx.BuilderFuncMap[DriverName] = dbx.NewSqliteBuilder
}

// Pragmas are PocketBase's own (core.DefaultDBConnect), so the database behaves the same.
const Pragmas = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=journal_size_limit(200000000)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-32000)"

// Connect is a core.DBConnectFunc: PocketBase's default connection through the caching driver.
func Connect(dbPath string) (*dbx.DB, error) {
	return dbx.Open(DriverName, dbPath+Pragmas)
}

// Driver wraps a SQLite driver whose connections implement the context interfaces.
type Driver struct {
	inner driver.Driver
}

// innerConn is what a modernc connection offers and the wrapper needs.
type innerConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// Open opens a connection of the wrapped driver.
func (d *Driver) Open(name string) (driver.Conn, error) {
	c, err := d.inner.Open(name)
	if err != nil {
		return nil, err
	}
	ic, ok := c.(innerConn)
	if !ok {
		_ = c.Close()
		return nil, errors.New("stmtcache: the SQLite driver's connection lacks the context interfaces")
	}
	return &Conn{inner: ic, byQuery: map[string]*list.Element{}, lru: list.New()}, nil
}

type cached struct {
	query string
	stmt  driver.Stmt
	busy  bool // its rows are open
}

// Conn is one SQLite connection with its statements. database/sql uses a connection from one
// goroutine at a time; the mutex guards the cache against a rows Close racing a cancelled context.
type Conn struct {
	inner   innerConn
	mu      sync.Mutex
	byQuery map[string]*list.Element
	lru     *list.List // front: most recently used
	// Hits and Misses count statement lookups, for tests.
	Hits, Misses int
}

// take returns the cached statement for query, preparing it on a miss, and marks it busy
// until setBusy(e, false); nil when the cached one is busy already.
func (c *Conn) take(ctx context.Context, query string) (*cached, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byQuery[query]; ok {
		e := el.Value.(*cached)
		if e.busy {
			return nil, nil
		}
		c.Hits++
		c.lru.MoveToFront(el)
		e.busy = true
		return e, nil
	}
	c.Misses++
	st, err := c.inner.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	e := &cached{query: query, stmt: st, busy: true}
	c.byQuery[query] = c.lru.PushFront(e)
	for c.lru.Len() > Size {
		c.evict(c.lru.Back())
	}
	return e, nil
}

// evict finalizes a statement unless its rows are open; then the rows' Close does it.
func (c *Conn) evict(el *list.Element) {
	e := el.Value.(*cached)
	c.lru.Remove(el)
	delete(c.byQuery, e.query)
	if !e.busy {
		_ = e.stmt.Close()
	}
}

// ExecContext runs query through its cached statement.
func (c *Conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return c.inner.ExecContext(ctx, query, args)
	}
	defer c.setBusy(e, false)
	return e.stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

// QueryContext runs query through its cached statement, which stays busy until the rows close.
func (c *Conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	e, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return c.inner.QueryContext(ctx, query, args)
	}
	r, err := e.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		c.setBusy(e, false)
		return nil, err
	}
	return &rows{Rows: r, conn: c, entry: e}, nil
}

func (c *Conn) setBusy(e *cached, busy bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e.busy = busy
	if !busy {
		if el, ok := c.byQuery[e.query]; !ok || el.Value != e {
			_ = e.stmt.Close() // evicted while in use
		}
	}
}

// Close finalizes every cached statement, then closes the connection (with statements left,
// SQLite would keep the connection's memory until they are finalized: never).
func (c *Conn) Close() error {
	c.mu.Lock()
	for el := c.lru.Front(); el != nil; el = el.Next() {
		_ = el.Value.(*cached).stmt.Close()
	}
	c.byQuery = map[string]*list.Element{}
	c.lru.Init()
	c.mu.Unlock()
	return c.inner.Close()
}

// Cached reports how many statements the connection keeps, for tests.
func (c *Conn) Cached() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

func (c *Conn) Prepare(query string) (driver.Stmt, error) { return c.inner.Prepare(query) }
func (c *Conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.inner.PrepareContext(ctx, query)
}

//nolint:staticcheck // driver.Conn requires Begin
func (c *Conn) Begin() (driver.Tx, error) { return c.inner.Begin() }
func (c *Conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.inner.BeginTx(ctx, opts)
}
func (c *Conn) Ping(ctx context.Context) error         { return c.inner.Ping(ctx) }
func (c *Conn) ResetSession(ctx context.Context) error { return c.inner.ResetSession(ctx) }
func (c *Conn) IsValid() bool                          { return c.inner.IsValid() }

// rows frees its statement for the next use when closed (modernc resets it then).
type rows struct {
	driver.Rows
	conn   *Conn
	entry  *cached
	closed bool
}

func (r *rows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	err := r.Rows.Close()
	r.conn.setBusy(r.entry, false)
	return err
}

// The column metadata of modernc's rows, passed on (PocketBase's SQL API shows the types).

func (r *rows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *rows) ColumnTypeLength(i int) (int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeLength); ok {
		return t.ColumnTypeLength(i)
	}
	return 0, false
}

func (r *rows) ColumnTypeNullable(i int) (bool, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}

func (r *rows) ColumnTypePrecisionScale(i int) (int64, int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypePrecisionScale); ok {
		return t.ColumnTypePrecisionScale(i)
	}
	return 0, 0, false
}

func (r *rows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeOf(new(any)).Elem()
}

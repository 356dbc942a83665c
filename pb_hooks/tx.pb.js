/// <reference path="../pb_data/types.d.ts" />
// POST /api/packbench/tx: the app server's unit of work (see lib/tx.js). Superusers only.
// Packbench's own PocketBase build serves it natively (pocketbase/tx/) and says so in
// __packbenchNativeTx; this JS twin serves it on an official PocketBase binary.
//   { ops: [...] }            one unit          -> 200 { results } or 4xx { code, message, details }
//   { units: [[...], ...] }   a group of units  -> 200 { outcomes: [{ results } | { failure }] }
//                                                  or 200 { aborted: { unit, failure } }: nothing written
if (typeof __packbenchNativeTx === 'undefined' || !__packbenchNativeTx) routerAdd(
  'POST',
  '/api/packbench/tx',
  (e) => {
    const tx = require(`${__hooks}/lib/tx.js`);
    const body = e.requestInfo().body || {};
    const MAX_OPS = 5000;
    const plain = (f) => ({ code: f.code, message: f.message, details: f.details });

    if (Array.isArray(body.units)) {
      const units = body.units;
      const total = units.reduce((n, u) => n + (Array.isArray(u) ? u.length : MAX_OPS + 1), 0);
      if (units.length === 0 || total > MAX_OPS || units.some((u) => !Array.isArray(u) || u.length === 0)) {
        return e.json(400, { code: 'bad_request', message: 'units must be non-empty arrays of at most 5000 operations in all' });
      }
      let outcomes = null;
      let aborted = null;
      try {
        $app.runInTransaction((txApp) => {
          try {
            outcomes = tx.runUnits(txApp, units);
          } catch (err) {
            aborted = err && err.failure ? err : { unit: -1, failure: { code: 'invalid', message: String(err), details: {} } };
            throw new Error('roll back');
          }
        });
      } catch (err) {
        if (!aborted) aborted = { unit: -1, failure: { code: 'invalid', message: String(err), details: {} } };
        return e.json(200, { aborted: { unit: aborted.unit, failure: plain(aborted.failure) } });
      }
      return e.json(200, { outcomes: outcomes.map((o) => (o.failure ? { failure: plain(o.failure) } : o)) });
    }

    const ops = body.ops;
    if (!Array.isArray(ops) || ops.length === 0 || ops.length > MAX_OPS) {
      return e.json(400, { code: 'bad_request', message: 'ops must be a non-empty array of at most 5000 operations' });
    }
    let results = null;
    let failure = null;
    try {
      $app.runInTransaction((txApp) => {
        try {
          results = tx.run(txApp, ops);
        } catch (err) {
          failure = err;
          throw err; // roll back
        }
      });
    } catch (err) {
      const f = failure && failure.code ? failure : { code: 'invalid', message: String(err), details: {} };
      const status = ['invalid', 'unique_violation', 'bad_op', 'bad_ref'].indexOf(f.code) !== -1 ? 400 : f.code === 'not_found' ? 404 : 409;
      return e.json(status, plain(f));
    }
    return e.json(200, { results: results });
  },
  $apis.requireSuperuserAuth()
);

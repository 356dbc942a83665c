/// <reference path="../pb_data/types.d.ts" />
// POST /api/packbench/tx: the app server's unit of work (see lib/tx.js). Superusers only.
routerAdd(
  'POST',
  '/api/packbench/tx',
  (e) => {
    const tx = require(`${__hooks}/lib/tx.js`);
    const body = e.requestInfo().body || {};
    const ops = body.ops;
    if (!Array.isArray(ops) || ops.length === 0 || ops.length > 5000) {
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
      const status = f.code === 'invalid' || f.code === 'bad_op' || f.code === 'bad_ref' ? 400 : f.code === 'not_found' ? 404 : 409;
      return e.json(status, { code: f.code, message: f.message, details: f.details });
    }
    return e.json(200, { results: results });
  },
  $apis.requireSuperuserAuth()
);

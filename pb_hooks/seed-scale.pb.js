/// <reference path="../pb_data/types.d.ts" />
// `pocketbase seedscale <orders>`: a shop at scale for the search benchmark (F26, issue #15),
// written straight into SQLite in batches (`npm run seed:scale`, scripts/seed-scale.js, runs
// it on its own data dir). The same tables and triggers the app uses: the search text is
// built by the triggers of migration 1765600000, the products' figures from the ledger rows.
$app.rootCmd.addCommand(
  new Command({
    use: 'seedscale',
    short: 'Seeds a shop at scale (orders, lines, customers, ledger) for benchmarks',
    run: (cmd, args) => {
      const seed = require(`${__hooks}/lib/seed-scale.js`);
      seed.run($app, Number(args[0] || 200000));
    }
  })
);

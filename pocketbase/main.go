// Packbench's PocketBase: the official binary rebuilt as a Go framework with the
// JS VM (pb_migrations/, pb_hooks/) and the migrate command, but without the
// self-updater: our machines never download binaries at run time. The unit of
// work route (./tx) is native: it is on every write's path.
package main

import (
	"log"
	"os"

	"github.com/dop251/goja"
	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/plugins/jsvm"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"

	"packbench/pocketbase/logredact"
	"packbench/pocketbase/stmtcache"
	"packbench/pocketbase/tx"
)

func main() {
	// pocketbase.New() turns dev mode on when the binary lies under the temp or Go build
	// directory (it takes that for `go run`); dev mode prints every SQL statement and costs a
	// tenth of the CPU. Only an explicit --dev turns it on here.
	// Statements are prepared once per connection and kept (./stmtcache): parsing SQL was an
	// eighth of PocketBase's CPU at checkout.
	app := pocketbase.NewWithConfig(pocketbase.Config{DefaultDev: false, DBConnect: stmtcache.Connect})

	var migrationsDir, hooksDir string
	app.RootCmd.PersistentFlags().StringVar(&migrationsDir, "migrationsDir", "", "the directory with the JS app migrations")
	app.RootCmd.PersistentFlags().StringVar(&hooksDir, "hooksDir", "", "the directory with the JS app hooks")
	// Parse early so the plugins below see the directories; cobra parses again later.
	_ = app.RootCmd.ParseFlags(os.Args[1:])

	// The unit of work (POST /api/packbench/tx) runs natively here; pb_hooks/tx.pb.js serves
	// the same route only on a binary without it (an official release), or when told to
	// (PACKBENCH_TX_ENGINE=js, which the tests use to check that the two agree).
	native := os.Getenv("PACKBENCH_TX_ENGINE") != "js"
	if native {
		tx.Register(app)
	}

	// no tracking token or customer search term in the request log (./logredact)
	logredact.Register(app)

	jsvm.MustRegister(app, jsvm.Config{
		OnInit: func(vm *goja.Runtime) {
			_ = vm.Set("__packbenchNativeTx", native)
		},
		MigrationsDir: migrationsDir,
		HooksDir:      hooksDir,
		HooksWatch:    false,
		HooksPoolSize: 15,
	})

	// Migrations are written by hand in pb_migrations/, so no automigrate from dashboard edits.
	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{
		TemplateLang: migratecmd.TemplateLangJS,
		Automigrate:  false,
		Dir:          migrationsDir,
	})

	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}

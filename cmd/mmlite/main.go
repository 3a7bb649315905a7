// Command mmlite runs the mmlite Mattermost stand-in on its own, for trying
// the web UI by hand or pointing the spec at it.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"mmspec/support/mmlite"
)

// stringList is a flag that may be given more than once.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Set(value string) error {
	*l = append(*l, value)
	return nil
}

type options struct {
	addr          string
	adminUsername string
	adminPassword string
	faults        stringList
	listFaults    bool
	latency       time.Duration
	noLanding     bool
	userMenu      string
	versionID     string
	verbose       bool
}

const usageHeader = `Usage: mmlite [flags]

mmlite is a stand-in for a Mattermost server that covers test case MM-T2088,
"View and Log Out of Active Sessions": the REST API v4 calls on that path and
a web UI with the same ids, names and texts as the Mattermost web app.

All state (users, teams, sessions) is kept in memory only and is lost when
mmlite stops. It listens on loopback addresses only.

Flags:
`

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	opts := &options{}
	fs := flag.NewFlagSet("mmlite", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&opts.addr, "addr", "127.0.0.1:8065", "loopback `address` to listen on, host:port")
	fs.StringVar(&opts.adminUsername, "admin-username", "admin", "`username` of the system admin created at start")
	fs.StringVar(&opts.adminPassword, "admin-password", "", "`password` of the system admin (default: $MMLITE_ADMIN_PASSWORD, else a random one printed once to stderr)")
	fs.Var(&opts.faults, "fault", "inject the fault `name`; repeat the flag for several (see --list-faults)")
	fs.BoolVar(&opts.listFaults, "list-faults", false, "print the known faults, one name and description a line in aligned columns, and exit")
	fs.DurationVar(&opts.latency, "latency", 0, "delay every /api/v4 response by this `duration`, e.g. 200ms")
	fs.BoolVar(&opts.noLanding, "no-landing", false, "skip the \"Where would you like to view this?\" landing page on a browser's first visit")
	fs.StringVar(&opts.userMenu, "user-menu", "11", "user menu `generation`: 11 (Mattermost 10 and later) or 9 (Mattermost 9.x)")
	fs.StringVar(&opts.versionID, "version-id", mmlite.DefaultVersion, "server `version` reported in the X-Version-Id header")
	fs.BoolVar(&opts.verbose, "verbose", false, "also log every request and every rejected request (debug level)")
	fs.Usage = func() {
		fmt.Fprint(stderr, usageHeader)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q: mmlite takes only flags", fs.Arg(0))
	}
	return opts, nil
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	opts, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "mmlite:", err)
		return 2
	}
	if opts.listFaults {
		width := 0
		for _, f := range mmlite.Faults() {
			width = max(width, len(f.Name))
		}
		for _, f := range mmlite.Faults() {
			fmt.Fprintf(stdout, "%-*s  %s\n", width, f.Name, f.Description)
		}
		return 0
	}

	level := slog.LevelInfo
	if opts.verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	password := opts.adminPassword
	if password == "" {
		password = os.Getenv("MMLITE_ADMIN_PASSWORD")
	}
	generated := password == ""
	if generated {
		password = "Mm-" + rand.Text()
	}

	server, err := mmlite.New(mmlite.Options{
		AdminUsername: opts.adminUsername,
		AdminPassword: password,
		Faults:        opts.faults,
		Latency:       opts.latency,
		NoLanding:     opts.noLanding,
		UserMenu:      opts.userMenu,
		Version:       opts.versionID,
		Logger:        logger,
	})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := server.Start(opts.addr); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if generated {
		fmt.Fprintf(stderr, "\nmmlite: generated a password for the admin %q, shown only this once: %s\n"+
			"mmlite: set --admin-password or MMLITE_ADMIN_PASSWORD to choose it.\n\n", opts.adminUsername, password)
	}
	fmt.Fprintf(stderr, "mmlite: serving %s (state in memory only; Ctrl+C stops)\n", server.URL())

	<-ctx.Done()
	stop()
	logger.Info("mmlite shutting down")
	if err := server.Close(); err != nil {
		logger.Error("mmlite shutdown failed", "error", err)
		return 1
	}
	return 0
}

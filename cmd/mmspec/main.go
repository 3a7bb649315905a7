// Command mmspec runs the mmspec features with godog against the embedded
// Mattermost stand-in, mmlite, or against a real Mattermost server.
//
// Usage:
//
//	mmspec [flags] [path[:line] ...]   run the features (see mmspec --help)
//	mmspec check [path ...]             check the features without a browser
//	mmspec steps                        list the step phrases
//	mmspec merge DIR...                 merge the reports of a sharded run
//	mmspec cleanup --target URL         remove what earlier runs left on a server
//
// Settings come from godog.yml, then MMSPEC_* environment variables, then
// flags. Admin credentials for a real server come only from
// MMSPEC_ADMIN_USERNAME and MMSPEC_ADMIN_PASSWORD, or MMSPEC_ADMIN_TOKEN.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"mmspec/support/config"
)

// Exit codes.
const (
	exitPassed = 0
	exitFailed = 1 // a scenario failed, or a step was undefined, pending or ambiguous
	exitUsage  = 2 // bad flags, settings or feature files
	exitSetup  = 3 // the target, the browser or the driver could not be set up
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "cleanup":
			return runCleanup(args[1:], stdout, stderr)
		case "check":
			return runCheck(args[1:], stdout, stderr)
		case "steps":
			return runSteps(stdout)
		case "merge":
			return runMerge(args[1:], stdout, stderr)
		}
	}
	cfg, opts, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitPassed
	}
	if err != nil {
		fmt.Fprintf(stderr, "mmspec: %v\n", err)
		return exitUsage
	}
	log := newLogger(stderr, opts.verbose)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if cfg.Timeouts.Run > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, cfg.Timeouts.Run,
			fmt.Errorf("the run timed out after %s (timeouts.run)", cfg.Timeouts.Run))
		defer cancel()
	}

	r := &runner{cfg: cfg, log: log, stdout: stdout, stderr: stderr, verbose: opts.verbose, clients: opts.clients,
		shard: opts.shard}
	return r.run(ctx)
}

// cliOptions are the flags that are not settings of godog.yml.
type cliOptions struct {
	configPath string
	verbose    bool
	clients    []string
	shard      string
}

// parseFlags loads godog.yml (or --config), applies the environment and the
// flags, and validates the result.
func parseFlags(args []string, stderr io.Writer) (config.Config, cliOptions, error) {
	opts := cliOptions{configPath: findConfigFlag(args)}
	explicit := opts.configPath != ""
	if !explicit {
		opts.configPath = config.DefaultPath
	}

	cfg := config.Default()
	if _, err := os.Stat(opts.configPath); err == nil || explicit {
		loaded, err := config.Load(opts.configPath)
		if err != nil {
			return cfg, opts, err
		}
		cfg = loaded
	}
	if err := cfg.ApplyEnv(os.Getenv); err != nil {
		return cfg, opts, err
	}

	fs := flag.NewFlagSet("mmspec", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&opts.configPath, "config", opts.configPath, "settings file")
	fs.BoolVar(&opts.verbose, "verbose", false, "log debug messages")
	fs.StringVar(&opts.shard, "shard", "", "run shard K of N (K/N, such as 1/3): every N-th scenario, "+
		"counting each Examples row, so N machines together run each scenario once")
	fs.Func("client", "run only the Examples rows of this client type; repeat for several", func(v string) error {
		opts.clients = append(opts.clients, v)
		return nil
	})
	config.BindFlags(fs, &cfg)
	fs.Usage = func() { usage(fs, stderr) }
	// Flags may follow paths, as in "mmspec features --tags @mobile": the
	// flag package stops at the first path, so parsing resumes after it.
	var paths []string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			return cfg, opts, err
		}
		rest = fs.Args()
		if len(rest) == 0 {
			break
		}
		paths = append(paths, rest[0])
		rest = rest[1:]
	}
	if len(paths) > 0 {
		cfg.Paths = paths
	}
	if err := cfg.Validate(); err != nil {
		return cfg, opts, err
	}
	if cfg.Admin.Token != "" && (cfg.Admin.Username != "" || cfg.Admin.Password != "") {
		fmt.Fprintln(stderr, "mmspec: MMSPEC_ADMIN_TOKEN is set, so MMSPEC_ADMIN_USERNAME and "+
			"MMSPEC_ADMIN_PASSWORD are not used")
	}
	return cfg, opts, nil
}

// findConfigFlag returns the value of --config among args, or "".
func findConfigFlag(args []string) string {
	for i, a := range args {
		for _, name := range []string{"-config", "--config"} {
			if a == name && i+1 < len(args) {
				return args[i+1]
			}
			if v, ok := strings.CutPrefix(a, name+"="); ok {
				return v
			}
		}
	}
	return ""
}

func usage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprint(w, `mmspec runs the Mattermost Active Sessions specification (features/) with
godog in Chromium, against the embedded stand-in mmlite (the default) or a
real Mattermost server (--target URL).

Usage: mmspec [flags] [path[:line] ...]
       mmspec check [path ...]      check the features without a browser
       mmspec steps                 list the step phrases
       mmspec merge [--out reports] DIR...   merge the reports of a sharded run
       mmspec cleanup --target URL [--dry-run]

Paths name feature files or folders, as godog.yml's paths do; a file with
":line" runs only the scenario or Examples row at that line.

Settings come from godog.yml, then the environment, then these flags.
For a real server, set MMSPEC_ADMIN_USERNAME and MMSPEC_ADMIN_PASSWORD, or
MMSPEC_ADMIN_TOKEN; credentials are never read from godog.yml.

Exit codes: 0 passed, 1 a scenario failed or a step was undefined, pending
or ambiguous, 2 bad flags, settings or features, 3 setup failed.

Flags:
`)
	fs.PrintDefaults()
}

func newLogger(w io.Writer, verbose bool) *slog.Logger {
	level := slog.LevelInfo
	if verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

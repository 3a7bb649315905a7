package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"

	"mmspec/support/config"
	"mmspec/support/mattermost"
)

// Names of what a run creates: a team mmspec-<run id> and users
// mmspec-<run id>-<n>, plus the preflight's mmspec-<run id>-probe.
var (
	runTeamName = regexp.MustCompile(`^mmspec-[0-9a-f]{8}$`)
	runUserName = regexp.MustCompile(`^mmspec-[0-9a-f]{8}-([0-9]+|probe)$`)
)

// runCleanup removes the users and teams that earlier runs left on a real
// server, found by their names.
func runCleanup(args []string, stdout, stderr io.Writer) int {
	cfg := config.Default()
	fs := flag.NewFlagSet("mmspec cleanup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Target, "target", "", "URL of the Mattermost server to clean up")
	dryRun := fs.Bool("dry-run", false, "list what would be removed, remove nothing")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: mmspec cleanup --target URL [--dry-run]

Removes the users (mmspec-<run id>-<n>) and archives the teams
(mmspec-<run id>) that earlier runs left on a Mattermost server, for
example after a run was killed. Admin credentials come from
MMSPEC_ADMIN_USERNAME and MMSPEC_ADMIN_PASSWORD, or MMSPEC_ADMIN_TOKEN.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitPassed
		}
		return exitUsage
	}
	if cfg.Target == "" || cfg.Target == config.TargetEmbedded {
		fmt.Fprintln(stderr, "mmspec cleanup: give the server with --target URL; the embedded target keeps nothing")
		return exitUsage
	}
	if err := cfg.ApplyEnv(os.Getenv); err != nil {
		fmt.Fprintf(stderr, "mmspec cleanup: %v\n", err)
		return exitUsage
	}

	ctx, cancel := context.WithTimeout(context.Background(), cfg.Timeouts.Run)
	defer cancel()
	admin, err := preflight{url: cfg.Target, admin: cfg.Admin}.signInAdmin(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "mmspec cleanup: %v\n", err)
		return exitSetup
	}
	removed, err := cleanLeftovers(ctx, admin, *dryRun, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "mmspec cleanup: %v\n", err)
		return exitFailed
	}
	verb := "removed"
	if *dryRun {
		verb = "would remove"
	}
	fmt.Fprintf(stdout, "%s %d user(s) and %d team(s)\n", verb, removed.users, removed.teams)
	return exitPassed
}

type cleanupCount struct{ users, teams int }

func cleanLeftovers(ctx context.Context, admin *mattermost.Client, dryRun bool, out io.Writer) (cleanupCount, error) {
	var n cleanupCount
	users, err := admin.UsersWithPrefix(ctx, "mmspec-")
	if err != nil {
		return n, fmt.Errorf("list users: %w", err)
	}
	for _, u := range users {
		if !runUserName.MatchString(u.Username) {
			continue
		}
		fmt.Fprintf(out, "user %s\n", u.Username)
		n.users++
		if dryRun {
			continue
		}
		if err := admin.DeleteUser(ctx, u.ID); err != nil {
			if u.DeleteAt > 0 {
				continue // already deactivated, and the server keeps deactivated users
			}
			if err := admin.DeactivateUser(ctx, u.ID); err != nil {
				return n, fmt.Errorf("remove user %s: %w", u.Username, err)
			}
		}
	}

	teams, err := admin.TeamsWithPrefix(ctx, "mmspec-")
	if err != nil {
		return n, fmt.Errorf("list teams: %w", err)
	}
	for _, t := range teams {
		if !runTeamName.MatchString(t.Name) || t.DeleteAt > 0 {
			continue
		}
		fmt.Fprintf(out, "team %s\n", t.Name)
		n.teams++
		if dryRun {
			continue
		}
		if err := admin.ArchiveTeam(ctx, t.ID); err != nil {
			return n, fmt.Errorf("archive team %s: %w", t.Name, err)
		}
	}
	return n, nil
}

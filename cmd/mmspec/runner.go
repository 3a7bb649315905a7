package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"mmspec/steps"
	"mmspec/support/a11y"
	"mmspec/support/browser"
	"mmspec/support/clients"
	"mmspec/support/config"
	"mmspec/support/mattermost"
	"mmspec/support/mmlite"
	"mmspec/support/pages"
	"mmspec/support/report"
	"mmspec/support/spec"
)

// stopGrace is how long an interrupted run waits for its scenarios to end
// before it closes the browser under them.
const stopGrace = 5 * time.Second

// runner holds one run: the settings, the target and the browser.
type runner struct {
	cfg    config.Config
	log    *slog.Logger
	stdout io.Writer
	stderr io.Writer
	// verbose logs debug messages, the stand-in's included.
	verbose bool
	// clients limits the run to the Examples rows of these client types.
	clients []string
	// shard is "K/N" to run one part of the scenarios, or "".
	shard string
	// cfgFormat is the formatter list handed to godog, reports included.
	cfgFormat string
}

func (r *runner) run(ctx context.Context) int {
	if err := r.checkFaults(); err != nil {
		fmt.Fprintf(r.stderr, "mmspec: %v\n", err)
		return exitUsage
	}
	catalogue, err := clients.Open(r.cfg.Catalogue)
	if err != nil {
		fmt.Fprintf(r.stderr, "mmspec: catalogue: %v\n", err)
		return exitUsage
	}
	selection, code := r.checkFeatures(catalogue)
	if code != exitPassed {
		return code
	}
	if err := browser.Check(r.browserOptions()); err != nil {
		r.log.Error("check the browser", "err", err)
		return exitSetup
	}
	format, err := r.formats()
	if err != nil {
		fmt.Fprintf(r.stderr, "mmspec: %v\n", err)
		return exitUsage
	}
	r.cfgFormat = format

	target, err := r.startTarget()
	if err != nil {
		r.log.Error("start target", "err", err)
		return exitSetup
	}
	defer target.close()

	runID := steps.NewRunID()
	pctx, cancel := context.WithTimeout(ctx, 2*r.cfg.Timeouts.Action)
	checked, err := preflight{url: target.url, admin: target.admin, embedded: r.cfg.IsEmbedded()}.run(pctx, runID)
	cancel()
	if err != nil {
		r.log.Error("target preflight failed", "target", target.url, "err", err)
		return exitSetup
	}
	admin := checked.admin
	r.log.Info("target ready", "target", target.url, "version", checked.version)

	suite := &steps.Suite{
		Admin:           admin,
		BaseURL:         target.url,
		Catalogue:       catalogue,
		RunID:           runID,
		Timeouts:        pages.Timeouts{Action: r.cfg.Timeouts.Action, Navigation: 2 * r.cfg.Timeouts.Action},
		APITimeout:      r.cfg.Timeouts.Action,
		StepTimeout:     r.cfg.Timeouts.Step,
		ScenarioTimeout: r.cfg.Timeouts.Scenario,
		Stopped:         ctx,
		Locale:          r.cfg.Browser.Locale,
		TimezoneID:      r.cfg.Browser.TimezoneID,
		Log:             r.log,
		Trace:           r.cfg.Browser.Trace,
		ReportsDir:      r.cfg.Reports,
		DriverCLI:       r.cfg.Driver.CLIPath,
		Secrets:         []string{target.admin.Password, target.admin.Token, checked.token},
		Audit:           a11y.NewEngine(r.cfg.Accessibility.AxePath),
		AuditOptions: a11y.Options{
			Tags:      r.cfg.Accessibility.Tags,
			MinImpact: r.cfg.Accessibility.MinImpact,
			Accepted:  acceptedRules(r.cfg.Accessibility.Accepted),
		},
	}
	team, err := r.createTeam(ctx, admin, suite.RunID)
	if err != nil {
		r.log.Error("create the run's team", "err", err)
		return exitSetup
	}
	suite.Team = team
	defer r.cleanup(admin, suite)

	b, err := browser.Launch(r.browserOptions())
	if err != nil {
		r.log.Error("start the browser", "err", err)
		return exitSetup
	}
	defer func() {
		if err := b.Close(); err != nil {
			r.log.Warn("close the browser", "err", err)
		}
	}()
	suite.Browser = b

	// An interrupt or the run's time limit ends every scenario's wait on the
	// page, so the run ends at once and still saves evidence, writes its
	// reports and removes its test data. A browser that does not let go
	// within the grace period is closed.
	stopped := make(chan struct{})
	defer close(stopped)
	go func() {
		select {
		case <-ctx.Done():
			reason := fmt.Sprintf("the run was stopped: %v", context.Cause(ctx))
			r.log.Error("stopping the run", "reason", context.Cause(ctx))
			suite.StopAll(reason)
		case <-stopped:
			return
		}
		select {
		case <-time.After(stopGrace):
			r.log.Error("the scenarios did not stop in time, closing the browser", "grace", stopGrace)
			if err := b.Close(); err != nil {
				r.log.Warn("close the browser", "err", err)
			}
		case <-stopped:
		}
	}()

	return r.runGodog(ctx, suite, selection)
}

// checkFeatures parses every feature and checks its client names before any
// server or browser starts, then selects the rows to run.
func (r *runner) checkFeatures(catalogue *clients.Catalogue) (*selection, int) {
	features, problems, err := spec.Load(r.cfg.Paths)
	if err != nil {
		fmt.Fprintf(r.stderr, "mmspec: %v\n", err)
		return nil, exitUsage
	}
	problems = append(problems, spec.Check(features, catalogue, stepDefs())...)
	if len(problems) > 0 {
		fmt.Fprintf(r.stderr, "mmspec: the features have %d problem(s):\n%s\n", len(problems), problems.Error())
		return nil, exitUsage
	}
	for _, name := range r.clients {
		if _, err := catalogue.Lookup(name); err != nil {
			fmt.Fprintf(r.stderr, "mmspec: --client: %v\n", err)
			return nil, exitUsage
		}
	}
	sel, err := spec.Select(features, r.cfg.Paths, r.clients)
	if err == nil && r.shard != "" {
		var k, n int
		if k, n, err = spec.ParseShard(r.shard); err == nil {
			sel, err = sel.Shard(features, k, n)
		}
	}
	if err != nil {
		fmt.Fprintf(r.stderr, "mmspec: %v\n", err)
		return nil, exitUsage
	}
	result := &selection{Selection: sel, features: features}
	total, err := r.countScenarios(result)
	if err != nil {
		fmt.Fprintf(r.stderr, "mmspec: %v\n", err)
		return nil, exitUsage
	}
	if total == 0 {
		fmt.Fprintf(r.stderr, "mmspec: no scenario matches the paths %v, tags %q and clients %v; "+
			"a run that checks nothing fails rather than passes\n", r.cfg.Paths, r.cfg.Tags, r.clients)
		return nil, exitUsage
	}
	result.total = total
	return result, exitPassed
}

// countScenarios returns the number of scenarios that the selection and
// the tags give, as godog reads them, without running any.
func (r *runner) countScenarios(sel *selection) (int, error) {
	ts := godog.TestSuite{Options: &godog.Options{
		Paths: sel.Paths,
		FS:    sel.FS(sel.features),
		Tags:  r.cfg.Tags,
	}}
	features, err := ts.RetrieveFeatures()
	if err != nil {
		return 0, fmt.Errorf("read the features: %w", err)
	}
	total := 0
	for _, f := range features {
		total += len(f.Pickles)
	}
	return total, nil
}

// selection is the part of the features a run hands to godog: the paths,
// and the file system that hides unselected Examples rows.
type selection struct {
	*spec.Selection
	features []spec.Feature
	// total is the number of scenarios the run has.
	total int
}

func (r *runner) browserOptions() browser.Options {
	return browser.Options{
		CLIPath:        r.cfg.Driver.CLIPath,
		NodePath:       r.cfg.Driver.NodePath,
		ExecutablePath: r.cfg.Browser.ExecutablePath,
		Headless:       r.cfg.Browser.Headless,
		Args:           r.cfg.Browser.Args,
		WSEndpoint:     r.cfg.Browser.WSEndpoint,
		SlowMo:         r.cfg.Browser.SlowMo,
		Logger:         r.log,
	}
}

// checkFaults rejects fault names that mmlite does not know, listing the
// known ones.
func (r *runner) checkFaults() error {
	known := map[string]bool{}
	var names []string
	for _, f := range mmlite.Faults() {
		known[f.Name] = true
		names = append(names, f.Name)
	}
	for _, name := range r.cfg.Mmlite.Faults {
		if !known[name] {
			return fmt.Errorf("unknown fault %q; `go run ./cmd/mmlite --list-faults` describes each of: %s",
				name, strings.Join(names, ", "))
		}
	}
	return nil
}

// target is the server the run talks to.
type target struct {
	url   string
	admin config.Credentials
	close func()
}

func (r *runner) startTarget() (*target, error) {
	if !r.cfg.IsEmbedded() {
		if !r.cfg.Admin.IsSet() {
			return nil, errors.New("no admin credentials for " + r.cfg.Target + ": set MMSPEC_ADMIN_USERNAME and " +
				"MMSPEC_ADMIN_PASSWORD, or MMSPEC_ADMIN_TOKEN")
		}
		return &target{url: strings.TrimRight(r.cfg.Target, "/"), admin: r.cfg.Admin, close: func() {}}, nil
	}

	creds := config.Credentials{Username: "admin", Password: randomSecret()}
	srv, err := mmlite.New(mmlite.Options{
		AdminUsername: creds.Username,
		AdminPassword: creds.Password,
		Faults:        r.cfg.Mmlite.Faults,
		Latency:       r.cfg.Mmlite.Latency,
		NoLanding:     r.cfg.Mmlite.NoLanding,
		UserMenu:      r.cfg.Mmlite.UserMenu,
		Logger:        r.mmliteLogger(),
	})
	if err != nil {
		return nil, err
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("start mmlite: %w", err)
	}
	r.log.Info("mmlite started", "url", srv.URL(), "faults", r.cfg.Mmlite.Faults)
	return &target{url: srv.URL(), admin: creds, close: func() {
		if err := srv.Close(); err != nil {
			r.log.Warn("stop mmlite", "err", err)
		}
	}}, nil
}

// mmliteLogger logs the stand-in's warnings and errors, and with --verbose
// every request it handles.
func (r *runner) mmliteLogger() *slog.Logger {
	level := slog.LevelWarn
	if r.verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(r.stderr, &slog.HandlerOptions{Level: level})).With("component", "mmlite")
}

func acceptedRules(list []config.AcceptedRule) []a11y.Accepted {
	out := make([]a11y.Accepted, len(list))
	for i, a := range list {
		out[i] = a11y.Accepted{Rule: a.Rule, Reason: a.Reason}
	}
	return out
}

func randomSecret() string {
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("read random secret: %v", err))
	}
	return hex.EncodeToString(b)
}

func (r *runner) createTeam(ctx context.Context, admin *mattermost.Client, runID string) (*mattermost.Team, error) {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeouts.Action)
	defer cancel()
	name := "mmspec-" + runID
	return admin.CreateTeam(ctx, name, "mmspec "+runID)
}

// cleanup removes the run's users and archives its team, with a context of
// its own so that it also runs after an interrupt.
func (r *runner) cleanup(admin *mattermost.Client, suite *steps.Suite) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := suite.Cleanup(ctx); err != nil {
		r.log.Error("clean up test users; once the server responds, `mmspec cleanup --target URL` "+
			"removes what is left", "err", err)
	}
	if suite.Team != nil {
		if err := admin.ArchiveTeam(ctx, suite.Team.ID); err != nil {
			r.log.Error("archive the run's team", "team", suite.Team.Name, "err", err)
		}
	}
}

func (r *runner) runGodog(ctx context.Context, suite *steps.Suite, sel *selection) int {
	opts := godog.Options{
		Format:         r.cfgFormat,
		Paths:          sel.Paths,
		FS:             sel.FS(sel.features),
		Tags:           r.cfg.Tags,
		Concurrency:    r.cfg.Concurrency,
		Strict:         r.cfg.Strict,
		Output:         r.stdout,
		DefaultContext: ctx,
		NoColors:       !isTerminal(r.stdout),
	}
	if r.cfg.Randomize {
		opts.Randomize = time.Now().UnixNano()
	}
	ts := godog.TestSuite{
		Name:                "mmspec",
		ScenarioInitializer: suite.InitializeScenario,
		Options:             &opts,
	}
	suite.Progress = steps.NewProgress(r.stderr, sel.total)
	status := ts.Run()
	flaky, status := r.retryFailed(ctx, suite, sel, opts, status)
	if ctx.Err() != nil {
		r.log.Error("run stopped early", "reason", context.Cause(ctx))
	}
	r.writeReports(sel)
	if len(flaky) > 0 {
		r.log.Warn("flaky scenarios: they failed, then passed on a retry", "scenarios", flaky,
			"fail_on_flaky", r.cfg.FailOnFlaky)
	}
	if status != 0 || ctx.Err() != nil || (r.cfg.FailOnFlaky && len(flaky) > 0) {
		return exitFailed
	}
	return exitPassed
}

// retryFailed runs the failed scenarios again, up to retries times, each
// attempt writing its reports to <reports>/retry-N, and puts the results
// into the main Cucumber JSON report. It returns the scenarios that passed
// only on a retry and godog's status of the last attempt.
func (r *runner) retryFailed(ctx context.Context, suite *steps.Suite, sel *selection, base godog.Options,
	status int) ([]string, int) {
	if r.cfg.Reports == "" {
		return nil, status
	}
	main := filepath.Join(r.cfg.Reports, "cucumber.json")
	var flaky []string
	for attempt := 1; attempt <= r.cfg.Retries && status != 0 && ctx.Err() == nil; attempt++ {
		failed, err := report.Failed(main)
		if err != nil || len(failed) == 0 {
			break
		}
		again, err := spec.Select(sel.features, failed, nil)
		if err != nil {
			r.log.Error("select the failed scenarios to retry", "err", err)
			break
		}
		dir := filepath.Join(r.cfg.Reports, fmt.Sprintf("retry-%d", attempt))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			r.log.Error("create the retry's reports folder", "err", err)
			break
		}
		r.log.Warn("retrying failed scenarios", "attempt", attempt, "retries", r.cfg.Retries,
			"scenarios", len(failed))

		opts := base
		opts.Paths = again.Paths
		opts.FS = again.FS(sel.features)
		opts.Format = "progress,cucumber:" + filepath.Join(dir, "cucumber.json")
		suite.Progress = steps.NewProgress(r.stderr, len(failed))
		status = godog.TestSuite{Name: "mmspec", ScenarioInitializer: suite.InitializeScenario,
			Options: &opts}.Run()

		passed, err := report.ApplyRetry(main, filepath.Join(dir, "cucumber.json"), attempt)
		if err != nil {
			r.log.Error("merge the retry into the report", "err", err)
			break
		}
		flaky = append(flaky, passed...)
	}
	return flaky, status
}

// formats adds the JUnit and Cucumber JSON reports to the configured
// formatters, and creates the reports folder that they write to.
func (r *runner) formats() (string, error) {
	format := r.cfg.Format
	if r.cfg.Reports == "" {
		return format, nil
	}
	if err := os.MkdirAll(r.cfg.Reports, 0o755); err != nil {
		return "", fmt.Errorf("create the reports folder: %w", err)
	}
	// Traces and screenshots of an earlier run would read as this run's.
	for _, dir := range []string{"traces", "screenshots"} {
		if err := os.RemoveAll(filepath.Join(r.cfg.Reports, dir)); err != nil {
			return "", fmt.Errorf("remove the earlier run's %s: %w", dir, err)
		}
	}
	for _, f := range []string{"junit", "cucumber"} {
		if strings.Contains(format, f+":") {
			continue
		}
		name := map[string]string{"junit": "junit.xml", "cucumber": "cucumber.json"}[f]
		format += "," + f + ":" + filepath.Join(r.cfg.Reports, name)
	}
	return format, nil
}

// writeReports keys the JUnit report by test case for Xray and Zephyr Scale
// and writes the HTML report, from the Cucumber JSON godog wrote.
func (r *runner) writeReports(sel *selection) {
	if r.cfg.Reports == "" || !strings.Contains(r.cfgFormat, "cucumber:") {
		return
	}
	cucumber := filepath.Join(r.cfg.Reports, "cucumber.json")
	junit := filepath.Join(r.cfg.Reports, "junit.xml")
	err := report.PatchJUnit(report.JUnitOptions{
		JUnit:        junit,
		CucumberJSON: cucumber,
		XrayJUnit:    filepath.Join(r.cfg.Reports, "junit-xray.xml"),
	})
	if err != nil {
		r.log.Error("add test case keys to the JUnit report", "path", junit, "err", err)
	}
	paths := make([]string, len(sel.features))
	for i, f := range sel.features {
		paths[i] = f.Path
	}
	html := filepath.Join(r.cfg.Reports, "index.html")
	err = report.WriteHTML(report.HTMLOptions{
		CucumberJSON: cucumber,
		Features:     paths,
		Out:          html,
		Title:        "mmspec: View and Log Out of Active Sessions",
	})
	if err != nil {
		r.log.Error("write the HTML report", "path", html, "err", err)
		return
	}
	r.log.Info("reports written", "html", html, "junit", junit, "cucumber", cucumber)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"mmspec/steps"
	"mmspec/support/clients"
	"mmspec/support/config"
	"mmspec/support/report"
	"mmspec/support/spec"
)

// stepDefs returns the registered step phrases, for the checks.
func stepDefs() []spec.StepDef {
	var defs []spec.StepDef
	for _, d := range steps.Definitions() {
		defs = append(defs, spec.StepDef{Pattern: d.Regexp(), Example: d.Example})
	}
	return defs
}

// runCheck validates the features without a browser or a server.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mmspec check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", config.DefaultPath, "settings file, for its feature paths")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: mmspec check [--config godog.yml] [path ...]

Checks the features without a browser or a server: Gherkin syntax,
undefined and ambiguous steps, client names in Examples tables, duplicate
scenario names and tags that no tag expression can select. Prints
file:line for each problem and exits 2 when there is one.

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
	cfg := config.Default()
	if _, err := os.Stat(*configPath); err == nil {
		loaded, err := config.Load(*configPath)
		if err != nil {
			fmt.Fprintf(stderr, "mmspec check: %v\n", err)
			return exitUsage
		}
		cfg = loaded
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = cfg.Paths
	}
	catalogue, err := clients.Open(cfg.Catalogue)
	if err != nil {
		fmt.Fprintf(stderr, "mmspec check: catalogue: %v\n", err)
		return exitUsage
	}

	start := time.Now()
	features, problems, err := spec.Load(paths)
	if err != nil {
		fmt.Fprintf(stderr, "mmspec check: %v\n", err)
		return exitUsage
	}
	problems = append(problems, spec.Check(features, catalogue, stepDefs())...)
	if len(problems) > 0 {
		fmt.Fprintf(stderr, "%s\nmmspec check: %d problem(s)\n", problems.Error(), len(problems))
		return exitUsage
	}
	fmt.Fprintf(stdout, "mmspec check: %d feature file(s), no problems (%s)\n", len(features),
		time.Since(start).Round(time.Millisecond))
	return exitPassed
}

// runSteps lists every step phrase with an example.
func runSteps(stdout io.Writer) int {
	fmt.Fprintln(stdout, "Step phrases the features may use (Given, When, Then, And and But all work):")
	for _, d := range steps.Definitions() {
		fmt.Fprintf(stdout, "\n  %s\n      pattern: %s\n", d.Example, d.Pattern)
	}
	fmt.Fprintf(stdout, "\nClient types for an Examples row's client column: %v\n", clients.Builtin().Names())
	return exitPassed
}

// runMerge merges the report folders of a sharded run into one set.
func runMerge(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mmspec merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "reports", "folder for the merged reports")
	configPath := fs.String("config", config.DefaultPath, "settings file, for the feature paths the HTML report shows")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: mmspec merge [--out reports] DIR...

Merges the report folders that the shards of one run wrote (mmspec --shard
K/N --reports DIR) into one cucumber.json, junit.xml, junit-xray.xml and
index.html, so CI shows one result.

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
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "mmspec merge: name the shards' report folders, e.g. mmspec merge shard1 shard2")
		return exitUsage
	}
	cfg := config.Default()
	if loaded, err := config.Load(*configPath); err == nil {
		cfg = loaded
	}
	features, _, err := spec.Load(cfg.Paths)
	if err != nil {
		fmt.Fprintf(stderr, "mmspec merge: %v\n", err)
		return exitUsage
	}
	paths := make([]string, len(features))
	for i, f := range features {
		paths[i] = f.Path
	}
	err = report.Merge(report.MergeOptions{Dirs: fs.Args(), Out: *out, Features: paths,
		Title: "mmspec: View and Log Out of Active Sessions"})
	if err != nil {
		fmt.Fprintf(stderr, "mmspec merge: %v\n", err)
		return exitSetup
	}
	fmt.Fprintf(stdout, "mmspec merge: merged %d report folder(s) into %s\n", fs.NArg(), *out)
	return exitPassed
}

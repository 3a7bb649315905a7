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
	"mmspec/support/spec"
)

// stepDefs returns the step phrases the runner knows, for the checks.
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

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"
)

// machine describes where the benchmark ran.
type machine struct {
	CPU            string
	CPUs           int
	MemoryKB       int64
	Kernel         string
	Go             string
	Node           string
	Chromium       string
	PlaywrightCore string
	// LoadStart and LoadEnd are the 1, 5 and 15 minute load averages.
	LoadStart, LoadEnd string
	Commit             string
}

func readMachine(ctx context.Context) machine {
	cpuinfo, _ := os.ReadFile("/proc/cpuinfo")
	meminfo, _ := os.ReadFile("/proc/meminfo")
	kernel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	return machine{
		CPU:            orUnknown(findValue(string(cpuinfo), "model name")),
		CPUs:           runtime.NumCPU(),
		MemoryKB:       parseKB(findValue(string(meminfo), "MemTotal")),
		Kernel:         orUnknown(strings.TrimSpace(string(kernel))),
		Go:             runtime.Version(),
		Node:           orUnknown(commandOutput(ctx, "node", "--version")),
		PlaywrightCore: orUnknown(packageVersion(floorDriverCLI)),
		LoadStart:      loadAverage(),
		Commit:         commitDescription(ctx),
	}
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// commandOutput returns the trimmed stdout of a command, or "" when it
// fails.
func commandOutput(ctx context.Context, name string, args ...string) string {
	out, err := exec.CommandContext(ctx, name, args...).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// packageVersion reads the version from the package.json next to an npm
// package's file, such as playwright-core's cli.js.
func packageVersion(fileInPackage string) string {
	dir := fileInPackage[:strings.LastIndexByte(fileInPackage, '/')+1]
	data, err := os.ReadFile(dir + "package.json")
	if err != nil {
		return ""
	}
	var pkg struct {
		Version string `json:"version"`
	}
	if json.Unmarshal(data, &pkg) != nil {
		return ""
	}
	return pkg.Version
}

func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	fields := strings.Fields(string(data))
	if len(fields) < 3 {
		return "unknown"
	}
	return strings.Join(fields[:3], ", ")
}

// commitDescription names the commit that was measured, and whether the
// working tree had changes to tracked files.
func commitDescription(ctx context.Context) string {
	commit := commandOutput(ctx, "git", "rev-parse", "--short", "HEAD")
	if commit == "" {
		return "unknown"
	}
	if commandOutput(ctx, "git", "status", "--porcelain", "--untracked-files=no") != "" {
		return commit + ", with uncommitted changes"
	}
	return commit
}

// outlineClients returns the values of the "client" column of every
// Examples table in a feature file, in order.
func outlineClients(r io.Reader) ([]string, error) {
	ids := 0
	doc, err := gherkin.ParseGherkinDocument(r, func() string { ids++; return strconv.Itoa(ids) })
	if err != nil {
		return nil, err
	}
	if doc.Feature == nil {
		return nil, errors.New("the file has no Feature")
	}
	var names []string
	for _, child := range doc.Feature.Children {
		scenarios := []*messages.Scenario{child.Scenario}
		if child.Rule != nil {
			for _, rc := range child.Rule.Children {
				scenarios = append(scenarios, rc.Scenario)
			}
		}
		for _, s := range scenarios {
			names = append(names, exampleColumn(s, "client")...)
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no Examples table with a %q column", "client")
	}
	return names, nil
}

// exampleColumn returns the column's values in the Examples tables of a
// scenario, which may be nil.
func exampleColumn(s *messages.Scenario, column string) []string {
	if s == nil {
		return nil
	}
	var values []string
	for _, ex := range s.Examples {
		if ex.TableHeader == nil {
			continue
		}
		col := slices.IndexFunc(ex.TableHeader.Cells, func(c *messages.TableCell) bool { return c.Value == column })
		if col < 0 {
			continue
		}
		for _, row := range ex.TableBody {
			values = append(values, row.Cells[col].Value)
		}
	}
	return values
}

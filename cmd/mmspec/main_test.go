package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// inRepoRoot runs the test from the repository root, where godog.yml and
// features/ are.
func inRepoRoot(t *testing.T) {
	t.Helper()
	t.Chdir(filepath.Join("..", ".."))
}

// runSpec runs mmspec in-process with args and returns the exit code and
// what it wrote.
func runSpec(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestSpecPassesAgainstMmlite(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Chromium; run without -short")
	}
	inRepoRoot(t)
	// mmlite serves the user menu of Mattermost 10 and later by default,
	// and that of 9.x on request; the page objects must drive both.
	for _, menu := range []string{"11", "9"} {
		t.Run("user menu "+menu, func(t *testing.T) {
			reports := t.TempDir()

			code, stdout, stderr := runSpec(t, "--format", "progress", "--reports", reports, "--user-menu", menu)

			require.Equal(t, exitPassed, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			// The seven MM-T2088 rows and the two extended scenarios.
			assert.Contains(t, stdout, "9 scenarios (9 passed)")
			results := readCucumber(t, filepath.Join(reports, "cucumber.json"))
			assert.Len(t, results, 9)
			for _, r := range results {
				assert.Empty(t, r.FailedStep, "%s failed: %s", r.Name, r.Message)
				assert.True(t, r.HasPNG, "%s has no screenshot attached", r.Name)
			}
			junit, err := os.ReadFile(filepath.Join(reports, "junit.xml"))
			require.NoError(t, err)
			assert.Equal(t, 7, strings.Count(string(junit), `name="MM-T2088 `), "testcases keyed by MM-T2088")
			assert.FileExists(t, filepath.Join(reports, "index.html"))
		})
	}
}

func TestUnknownClientFailsBeforeBrowser(t *testing.T) {
	dir := t.TempDir()
	feature := `Feature: f
  Scenario Outline: s
    Given I am signed in on the "<client>" client

    Examples:
      | client     |
      | Nokia 3310 |
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "x.feature"), []byte(feature), 0o644))

	code, _, stderr := runSpec(t, dir)

	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `x.feature:7: unknown client type "Nokia 3310"`)
	assert.Contains(t, stderr, "known client types: Macintosh, Windows")
	assert.NotContains(t, stderr, "browser ready")
}

// scenarioResult is one scenario of a Cucumber JSON report.
type scenarioResult struct {
	Name       string
	FailedStep string
	Message    string
	HasPNG     bool
}

// readCucumber reads the scenarios of a godog Cucumber JSON report.
func readCucumber(t *testing.T, path string) []scenarioResult {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var features []struct {
		Elements []struct {
			Name  string `json:"name"`
			Steps []struct {
				Name   string `json:"name"`
				Result struct {
					Status string `json:"status"`
					Error  string `json:"error_message"`
				} `json:"result"`
				Embeddings []struct {
					MimeType string `json:"mime_type"`
				} `json:"embeddings"`
			} `json:"steps"`
		} `json:"elements"`
	}
	require.NoError(t, json.Unmarshal(data, &features))

	var out []scenarioResult
	for _, f := range features {
		for _, el := range f.Elements {
			r := scenarioResult{Name: el.Name}
			for _, s := range el.Steps {
				for _, e := range s.Embeddings {
					r.HasPNG = r.HasPNG || e.MimeType == "image/png"
				}
				if r.FailedStep == "" && s.Result.Status != "passed" {
					r.FailedStep = s.Name
					r.Message = strings.TrimSpace(s.Result.Error)
				}
			}
			out = append(out, r)
		}
	}
	return out
}

func TestUnknownFaultIsUsageError(t *testing.T) {
	inRepoRoot(t)

	code, _, stderr := runSpec(t, "--fault", "no-such-fault")

	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `unknown fault "no-such-fault"`)
	assert.Contains(t, stderr, "desktop-app-labelled-as-os")
}

func TestMalformedConfigNamesFileAndLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "godog.yml")
	require.NoError(t, os.WriteFile(path, []byte("concurrency: two\n"), 0o644))

	code, _, stderr := runSpec(t, "--config", path)

	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, path+":1: key concurrency")
}

func TestCheckPassesOnProjectFeatures(t *testing.T) {
	inRepoRoot(t)

	code, stdout, stderr := runSpec(t, "check")

	assert.Equal(t, exitPassed, code, stderr)
	assert.Contains(t, stdout, "no problems")
}

func TestCheckReportsTypoAndUnknownClient(t *testing.T) {
	inRepoRoot(t)
	data, err := os.ReadFile("features/active_sessions.feature")
	require.NoError(t, err)
	text := strings.Replace(string(data), "I log back in", "I log bak in", 1)
	text = strings.Replace(text, "| Windows            | Windows            |", "| Nokia 3310 | Nokia 3310 |", 1)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "edited.feature"), []byte(text), 0o644))

	code, _, stderr := runSpec(t, "check", dir)

	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `edited.feature:26: unknown client type "Nokia 3310"`)
	assert.Contains(t, stderr, `undefined step "I log bak in"; the nearest known phrase is "I log back in"`)
	assert.Contains(t, stderr, "2 problem(s)")
}

func TestStepsListsEveryPhrase(t *testing.T) {
	code, stdout, _ := runSpec(t, "steps")

	assert.Equal(t, exitPassed, code)
	assert.Contains(t, stdout, `Given I am signed in on the "Windows" client`)
	assert.Contains(t, stdout, "And the Active Sessions modal passes the accessibility audit")
	assert.Contains(t, stdout, "Native Desktop App")
}

func TestAddedCatalogueRowsRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Chromium; run without -short")
	}
	inRepoRoot(t)
	data, err := os.ReadFile("features/active_sessions.feature")
	require.NoError(t, err)
	// A product owner adds rows for client types the catalogue already has.
	anchor := "      | Android Native Classic App | Android Native Classic App |\n"
	rows := anchor +
		"      | Linux                      | Linux                      |\n" +
		"      | iPad Browser               | iPad                       |\n" +
		"      | Android Browser            | Android                    |\n" +
		"      | iPhone Native App (beta)   | iPhone Native App          |\n"
	require.Contains(t, string(data), anchor)
	dir := t.TempDir()
	path := filepath.Join(dir, "edited.feature")
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(data), anchor, rows, 1)), 0o644))

	code, stdout, stderr := runSpec(t, "--format", "progress", "--reports", t.TempDir(), "--client", "Linux",
		"--client", "iPad Browser", "--client", "Android Browser", "--client", "iPhone Native App (beta)", path)

	require.Equal(t, exitPassed, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "4 scenarios (4 passed)")
}

func TestFlagsAfterPaths(t *testing.T) {
	inRepoRoot(t)

	cfg, _, err := parseFlags([]string{"features", "--tags", "@mobile", "features/active_sessions.feature"},
		io.Discard)

	require.NoError(t, err)
	assert.Equal(t, []string{"features", "features/active_sessions.feature"}, cfg.Paths)
	assert.Equal(t, "@mobile", cfg.Tags)
}

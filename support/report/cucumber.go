// Package report turns godog's reports of a run into what people and test
// management tools read. It writes a self-contained HTML page for a product
// owner, puts each scenario's test case key into the JUnit XML, and adds
// key tags to the Cucumber JSON.
package report

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// Step and scenario statuses as godog writes them in Cucumber JSON.
const (
	statusPassed    = "passed"
	statusFailed    = "failed"
	statusSkipped   = "skipped"
	statusUndefined = "undefined"
	statusPending   = "pending"
	statusAmbiguous = "ambiguous"
)

// cucumberFeature is one feature of godog's Cucumber JSON (the format of
// the cucumber formatter in godog v0.16.0).
type cucumberFeature struct {
	URI         string            `json:"uri"`
	Keyword     string            `json:"keyword"`
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Line        int64             `json:"line"`
	Tags        []cucumberTag     `json:"tags"`
	Elements    []cucumberElement `json:"elements"`
}

// cucumberElement is a scenario, or one Examples row of a Scenario Outline
// with its values substituted into the name and steps.
type cucumberElement struct {
	ID      string `json:"id"`
	Keyword string `json:"keyword"`
	Name    string `json:"name"`
	// Line is the scenario's line, or for an outline the Examples row's.
	Line  int64          `json:"line"`
	Type  string         `json:"type"`
	Tags  []cucumberTag  `json:"tags"`
	Steps []cucumberStep `json:"steps"`
}

type cucumberTag struct {
	Name string `json:"name"`
	Line int64  `json:"line"`
}

type cucumberStep struct {
	Keyword    string              `json:"keyword"`
	Name       string              `json:"name"`
	Line       int64               `json:"line"`
	Result     cucumberResult      `json:"result"`
	Embeddings []cucumberEmbedding `json:"embeddings"`
}

type cucumberResult struct {
	Status string `json:"status"`
	// Duration is in nanoseconds. godog leaves it out for steps that did
	// not run.
	Duration     int64  `json:"duration"`
	ErrorMessage string `json:"error_message"`
}

// cucumberEmbedding is an attachment, with Data in base64 whatever the type.
type cucumberEmbedding struct {
	Name     string `json:"name"`
	MimeType string `json:"mime_type"`
	Data     string `json:"data"`
}

func readCucumber(path string) ([]cucumberFeature, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read the Cucumber JSON report: %w", err)
	}
	var features []cucumberFeature
	if err := json.Unmarshal(data, &features); err != nil {
		return nil, fmt.Errorf("parse the Cucumber JSON report %s: %w", path, err)
	}
	return features, nil
}

// scenarios returns the feature's scenarios in report order, with the steps
// of any background element put in front of the scenario that follows it.
func (f cucumberFeature) scenarios() []cucumberElement {
	var out []cucumberElement
	var background []cucumberStep
	for _, e := range f.Elements {
		if e.Type == "background" {
			background = append(background, e.Steps...)
			continue
		}
		if len(background) > 0 {
			e.Steps = append(append([]cucumberStep{}, background...), e.Steps...)
			background = nil
		}
		out = append(out, e)
	}
	return out
}

// path returns the feature file's path without the ":line" suffix that
// godog keeps when it was given one.
func (f cucumberFeature) path() string {
	return stripLineSuffix(f.URI)
}

func stripLineSuffix(p string) string {
	i := strings.LastIndex(p, ":")
	if i < 0 {
		return p
	}
	if _, err := strconv.Atoi(p[i+1:]); err != nil {
		return p
	}
	return p[:i]
}

// status is the scenario's overall status: failed over ambiguous over
// undefined over pending over skipped over passed, as godog counts them.
func (e cucumberElement) status() string {
	rank := map[string]int{
		statusPassed: 0, statusSkipped: 1, statusPending: 2,
		statusUndefined: 3, statusAmbiguous: 4, statusFailed: 5,
	}
	if len(e.Steps) == 0 {
		return statusSkipped
	}
	worst := statusPassed
	allSkipped := true
	for _, s := range e.Steps {
		if s.Result.Status != statusSkipped {
			allSkipped = false
		}
		if rank[s.Result.Status] > rank[worst] {
			worst = s.Result.Status
		}
	}
	if allSkipped {
		return statusSkipped
	}
	return worst
}

// tagNames returns the element's tag names, feature tags included: godog
// copies the feature's and the Examples' tags onto every scenario.
func (e cucumberElement) tagNames() []string {
	names := make([]string, len(e.Tags))
	for i, t := range e.Tags {
		names[i] = t.Name
	}
	return names
}

// testKeyPattern matches a Jira test case key tag such as @MM-T2088 (Zephyr
// Scale keys have a T before the number) or @CALC-123 (Xray issue keys).
var testKeyPattern = regexp.MustCompile(`^@([A-Z][A-Z0-9]+-T?[0-9]+)$`)

// TestKey returns the test case key named by the first tag of the form
// @KEY-T123 or @KEY-123, without the @, or "" when no tag is one.
func TestKey(tags []string) string {
	for _, t := range tags {
		if m := testKeyPattern.FindStringSubmatch(t); m != nil {
			return m[1]
		}
	}
	return ""
}

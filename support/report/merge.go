package report

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
)

// MergeOptions names the report folders of a sharded run and the folder
// for the merged set.
type MergeOptions struct {
	// Dirs are the shards' report folders, each with cucumber.json and
	// junit.xml as a run writes them.
	Dirs []string
	// Out is the folder for the merged cucumber.json, junit.xml,
	// junit-xray.xml and index.html.
	Out string
	// Features are the feature files, for the HTML report's text.
	Features []string
	Title    string
}

// Merge combines the reports of the shards of one run into one set, as if
// one machine had run every scenario. Scenarios of the same feature are put
// back in line order; traces stay where each shard wrote them.
func Merge(opts MergeOptions) error {
	if len(opts.Dirs) == 0 {
		return errors.New("no report folders to merge")
	}
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", opts.Out, err)
	}
	cucumber := filepath.Join(opts.Out, "cucumber.json")
	if err := mergeCucumber(opts.Dirs, cucumber); err != nil {
		return err
	}
	junit := filepath.Join(opts.Out, "junit.xml")
	if err := mergeJUnit(opts.Dirs, junit); err != nil {
		return err
	}
	err := PatchJUnit(JUnitOptions{JUnit: junit, CucumberJSON: cucumber,
		XrayJUnit: filepath.Join(opts.Out, "junit-xray.xml")})
	if err != nil {
		return err
	}
	return WriteHTML(HTMLOptions{CucumberJSON: cucumber, Features: opts.Features,
		Out: filepath.Join(opts.Out, "index.html"), Title: opts.Title})
}

// mergeCucumber joins the features of several Cucumber JSON files; a
// feature that several shards ran becomes one with all their scenarios.
// Elements are kept as raw JSON, so nothing godog wrote is lost.
func mergeCucumber(dirs []string, out string) error {
	type feature map[string]json.RawMessage
	var order []string
	byURI := map[string]feature{}
	elements := map[string][]json.RawMessage{}
	for _, dir := range dirs {
		path := filepath.Join(dir, "cucumber.json")
		data, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("read a shard's report: %w", err)
		}
		var features []feature
		if err := json.Unmarshal(data, &features); err != nil {
			return fmt.Errorf("%s is not Cucumber JSON: %w", path, err)
		}
		for _, f := range features {
			var uri string
			_ = json.Unmarshal(f["uri"], &uri)
			if _, seen := byURI[uri]; !seen {
				order = append(order, uri)
				byURI[uri] = f
			}
			var els []json.RawMessage
			_ = json.Unmarshal(f["elements"], &els)
			elements[uri] = append(elements[uri], els...)
		}
	}

	merged := make([]feature, 0, len(order))
	for _, uri := range order {
		els := elements[uri]
		sort.SliceStable(els, func(i, j int) bool { return elementLine(els[i]) < elementLine(els[j]) })
		f := byURI[uri]
		raw, err := json.Marshal(els)
		if err != nil {
			return err
		}
		f["elements"] = raw
		merged = append(merged, f)
	}
	data, err := json.MarshalIndent(merged, "", "    ")
	if err != nil {
		return fmt.Errorf("encode the merged Cucumber JSON: %w", err)
	}
	return os.WriteFile(out, data, 0o644)
}

func elementLine(raw json.RawMessage) int {
	var el struct {
		Line int `json:"line"`
	}
	_ = json.Unmarshal(raw, &el)
	return el.Line
}

// mergeJUnit joins the testsuites of several JUnit files by name and
// recounts them.
func mergeJUnit(dirs []string, out string) error {
	merged := junitSuites{Name: "mmspec"}
	index := map[string]int{}
	total := 0.0
	for _, dir := range dirs {
		path := filepath.Join(dir, "junit.xml")
		data, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("read a shard's report: %w", err)
		}
		var in junitSuites
		if err := xml.Unmarshal(data, &in); err != nil {
			return fmt.Errorf("%s is not JUnit XML: %w", path, err)
		}
		for _, s := range in.Suites {
			i, ok := index[s.Name]
			if !ok {
				i = len(merged.Suites)
				index[s.Name] = i
				merged.Suites = append(merged.Suites, junitSuite{Name: s.Name})
			}
			merged.Suites[i].Cases = append(merged.Suites[i].Cases, s.Cases...)
		}
	}
	for i := range merged.Suites {
		s := &merged.Suites[i]
		s.Tests, s.Failures, s.Errors, s.Skipped = len(s.Cases), 0, 0, 0
		seconds := 0.0
		for _, c := range s.Cases {
			switch {
			case c.Failure != nil:
				s.Failures++
			case c.Error != nil:
				s.Errors++
			case c.Skipped != nil:
				s.Skipped++
			}
			t, _ := strconv.ParseFloat(c.Time, 64)
			seconds += t
		}
		s.Time = strconv.FormatFloat(seconds, 'f', 3, 64)
		merged.Tests += s.Tests
		merged.Failures += s.Failures
		merged.Errors += s.Errors
		total += seconds
	}
	merged.Time = strconv.FormatFloat(total, 'f', 3, 64)
	return writeJUnit(out, merged)
}

package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
)

// PatchCucumber adds to every scenario of the Cucumber JSON report at path
// that has a test case key tag (see TestKey) one more tag per prefix,
// "@" + prefix + key, unless the scenario has it already. With no prefixes
// it leaves the file alone.
//
// Xray Server and Data Center match a scenario tagged @KEY, so godog's tags
// suffice there. Other importers read other forms: Zephyr Scale reads
// @TestCaseKey=KEY (prefix "TestCaseKey="), and Xray Cloud, when a test
// prefix is set in its Cucumber settings, reads that prefix before the key
// (e.g. prefix "TEST_" for @TEST_KEY).
//
// Every other field of the report is kept, though JSON object keys come out
// sorted.
func PatchCucumber(path string, prefixes ...string) error {
	if len(prefixes) == 0 {
		return nil
	}
	for _, p := range prefixes {
		if p == "" {
			return errors.New("patch the Cucumber JSON report: a tag prefix is empty, and @KEY is there already")
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read the Cucumber JSON report: %w", err)
	}
	var features []map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&features); err != nil {
		return fmt.Errorf("parse the Cucumber JSON report %s: %w", path, err)
	}
	for _, f := range features {
		elements, _ := f["elements"].([]any)
		for _, e := range elements {
			element, ok := e.(map[string]any)
			if ok {
				addKeyTags(element, prefixes)
			}
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	if err := enc.Encode(features); err != nil {
		return fmt.Errorf("encode the Cucumber JSON report: %w", err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write the Cucumber JSON report: %w", err)
	}
	return nil
}

// addKeyTags adds the prefixed key tags to one element of the report, at
// the line of the key tag they repeat.
func addKeyTags(element map[string]any, prefixes []string) {
	tags, _ := element["tags"].([]any)
	have := map[string]bool{}
	var names []string
	var keyLine any
	for _, t := range tags {
		tag, ok := t.(map[string]any)
		if !ok {
			continue
		}
		name, _ := tag["name"].(string)
		have[name] = true
		names = append(names, name)
		if keyLine == nil && testKeyPattern.MatchString(name) {
			keyLine = tag["line"]
		}
	}
	key := TestKey(names)
	if key == "" {
		return
	}
	for _, p := range prefixes {
		name := "@" + p + key
		if have[name] {
			continue
		}
		tag := map[string]any{"name": name}
		if keyLine != nil {
			tag["line"] = keyLine
		}
		tags = append(tags, tag)
		have[name] = true
	}
	element["tags"] = tags
}

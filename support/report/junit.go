package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// JUnitOptions sets the files PatchJUnit reads and writes.
type JUnitOptions struct {
	// JUnit is the path of godog's JUnit XML report; PatchJUnit rewrites it
	// in place.
	JUnit string
	// CucumberJSON is the path of the same run's Cucumber JSON report, the
	// source of each scenario's tags and steps.
	CucumberJSON string
	// XrayJUnit, when set, is the path of a second copy in Xray's extended
	// JUnit format: every testcase with a key also holds
	// <properties><property name="test_key" value="KEY"/></properties>.
	XrayJUnit string
}

// PatchJUnit rewrites godog's JUnit XML report so that test management
// tools match each testcase to its test case key, and CI servers read it:
//
//   - a testcase whose scenario has a key tag (see TestKey) is named
//     "KEY scenario name", which Zephyr Scale's JUnit import matches to
//     the test case KEY;
//   - every testcase gets a classname, the feature's name;
//   - a failed testcase keeps one <failure> whose message names the
//     failed step, its line and godog's error, and whose text lists every
//     step with its status;
//   - an undefined, pending or ambiguous step becomes one <error>, and a
//     scenario whose steps were all skipped one <skipped>, where godog
//     writes an <error type="skipped"> for every skipped step;
//   - the counts are recounted, and the attributes that the Jenkins JUnit
//     schema does not allow (testsuites@skipped, testcase@status) are gone.
//
// Testcase properties are not part of that schema, so only the copy at
// XrayJUnit carries Xray's test_key property.
func PatchJUnit(opts JUnitOptions) error {
	if opts.JUnit == "" || opts.CucumberJSON == "" {
		return errors.New("patch the JUnit report: JUnit and CucumberJSON must both be set")
	}
	data, err := os.ReadFile(opts.JUnit)
	if err != nil {
		return fmt.Errorf("read the JUnit report: %w", err)
	}
	var in godogSuites
	if err := xml.Unmarshal(data, &in); err != nil {
		return fmt.Errorf("parse the JUnit report %s: %w", opts.JUnit, err)
	}
	features, err := readCucumber(opts.CucumberJSON)
	if err != nil {
		return err
	}

	if err := writeJUnit(opts.JUnit, buildJUnit(in, features, false)); err != nil {
		return err
	}
	if opts.XrayJUnit != "" {
		return writeJUnit(opts.XrayJUnit, buildJUnit(in, features, true))
	}
	return nil
}

// godogSuites is the JUnit XML that godog v0.16.0 writes.
type godogSuites struct {
	Name   string       `xml:"name,attr"`
	Time   string       `xml:"time,attr"`
	Suites []godogSuite `xml:"testsuite"`
}

type godogSuite struct {
	Name  string          `xml:"name,attr"`
	Time  string          `xml:"time,attr"`
	Cases []godogTestcase `xml:"testcase"`
}

type godogTestcase struct {
	Name    string         `xml:"name,attr"`
	Status  string         `xml:"status,attr"`
	Time    string         `xml:"time,attr"`
	Failure *junitProblem  `xml:"failure"`
	Errors  []junitProblem `xml:"error"`
}

// junitSuites and the types below are the JUnit XML that PatchJUnit
// writes. Element order follows the Jenkins schema's sequences.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr,omitempty"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr,omitempty"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string          `xml:"name,attr"`
	Tests    int             `xml:"tests,attr"`
	Failures int             `xml:"failures,attr"`
	Errors   int             `xml:"errors,attr"`
	Skipped  int             `xml:"skipped,attr"`
	Time     string          `xml:"time,attr,omitempty"`
	Cases    []junitTestcase `xml:"testcase"`
}

type junitTestcase struct {
	Name       string           `xml:"name,attr"`
	Classname  string           `xml:"classname,attr"`
	Time       string           `xml:"time,attr"`
	Properties *junitProperties `xml:"properties"`
	// Skipped is text only: the older Jenkins schema types it xs:string,
	// which allows no attributes.
	Skipped   *string       `xml:"skipped"`
	Error     *junitProblem `xml:"error"`
	Failure   *junitProblem `xml:"failure"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProperties struct {
	Properties []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func buildJUnit(in godogSuites, features []cucumberFeature, xrayProperties bool) junitSuites {
	out := junitSuites{Name: in.Name, Time: in.Time}
	for _, s := range in.Suites {
		suite := junitSuite{Name: s.Name, Time: s.Time}
		scenarios := scenariosByName(features, s.Name)
		for _, c := range s.Cases {
			tc := buildTestcase(s.Name, c, scenarios)
			if !xrayProperties {
				tc.Properties = nil
			}
			suite.Tests++
			switch {
			case tc.Failure != nil:
				suite.Failures++
			case tc.Error != nil:
				suite.Errors++
			case tc.Skipped != nil:
				suite.Skipped++
			}
			suite.Cases = append(suite.Cases, tc)
		}
		out.Tests += suite.Tests
		out.Failures += suite.Failures
		out.Errors += suite.Errors
		out.Suites = append(out.Suites, suite)
	}
	return out
}

// scenarioMatch is a scenario of the Cucumber JSON with the feature path
// its step lines refer to.
type scenarioMatch struct {
	element cucumberElement
	path    string
}

// scenariosByName groups the scenarios of the features named feature by the
// testcase name godog gives them: the scenario's name, and when several
// share it, the name with " #1", " #2" and so on in report order.
func scenariosByName(features []cucumberFeature, feature string) map[string][]scenarioMatch {
	byName := map[string][]scenarioMatch{}
	for _, f := range features {
		if f.Name != feature {
			continue
		}
		for _, e := range f.scenarios() {
			byName[e.Name] = append(byName[e.Name], scenarioMatch{element: e, path: f.path()})
		}
	}
	numbered := map[string][]scenarioMatch{}
	for name, list := range byName {
		if len(list) == 1 {
			numbered[name] = list
			continue
		}
		// NOTE: godog numbers repeated names in the order of its pickle
		// ids, which this assumes is the report order.
		for i, m := range list {
			numbered[fmt.Sprintf("%s #%d", name, i+1)] = []scenarioMatch{m}
		}
	}
	return numbered
}

func buildTestcase(classname string, c godogTestcase, scenarios map[string][]scenarioMatch) junitTestcase {
	tc := junitTestcase{Name: c.Name, Classname: classname, Time: c.Time}
	if tc.Time == "" {
		tc.Time = "0"
	}
	matches := scenarios[c.Name]
	if len(matches) == 0 {
		// A report already patched starts its names with the key.
		if key, rest, ok := strings.Cut(c.Name, " "); ok && testKeyPattern.MatchString("@"+key) {
			matches = scenarios[rest]
		}
	}
	if len(matches) != 1 {
		fromGodog(&tc, c)
		return tc
	}
	m := matches[0]
	if key := TestKey(m.element.tagNames()); key != "" {
		if !strings.HasPrefix(tc.Name, key+" ") {
			tc.Name = key + " " + tc.Name
		}
		tc.Properties = &junitProperties{Properties: []junitProperty{{Name: "test_key", Value: key}}}
	}
	fromScenario(&tc, m)
	return tc
}

// fromScenario sets the testcase's outcome from the scenario's steps.
func fromScenario(tc *junitTestcase, m scenarioMatch) {
	e := m.element
	stopped := -1
	var steps []stepView
	for i, s := range e.Steps {
		st := buildStep(i+1, s)
		steps = append(steps, st)
		if stopped < 0 && st.Status != statusPassed && st.Status != statusSkipped {
			stopped = i
		}
		for _, t := range st.Texts {
			tc.SystemOut += t.Name + ":\n" + t.Text + "\n"
		}
	}
	switch status := e.status(); {
	case stopped >= 0:
		problem := &junitProblem{
			Message: stepMessage(steps[stopped], m.path),
			Type:    steps[stopped].Status,
			Text:    stepList(steps),
		}
		if status == statusFailed {
			tc.Failure = problem
		} else {
			tc.Error = problem
		}
	case status == statusSkipped:
		text := "every step was skipped"
		tc.Skipped = &text
	}
}

// stepMessage names the step that stopped the scenario and the reason.
func stepMessage(st stepView, path string) string {
	where := fmt.Sprintf("Step %d “%s %s”", st.Number, st.Keyword, st.Text)
	if path != "" && st.Line > 0 {
		where += fmt.Sprintf(" (%s:%d)", path, st.Line)
	}
	switch st.Status {
	case statusFailed:
		return fmt.Sprintf("%s failed: %s", where, st.Error)
	case statusUndefined:
		return where + " is undefined: no step definition matches it"
	case statusPending:
		return where + " is pending"
	case statusAmbiguous:
		return fmt.Sprintf("%s is ambiguous: %s", where, st.Error)
	}
	return where + " " + st.Status
}

// stepList lists every step with its status and duration, one a line.
func stepList(steps []stepView) string {
	var b bytes.Buffer
	for _, st := range steps {
		fmt.Fprintf(&b, "%2d. %-9s %s %s", st.Number, st.Status, st.Keyword, st.Text)
		if st.Duration > 0 {
			fmt.Fprintf(&b, " (%s)", st.Duration.Round(time.Millisecond))
		}
		b.WriteString("\n")
		if st.Error != "" {
			fmt.Fprintf(&b, "    %s\n", st.Error)
		}
	}
	return b.String()
}

// fromGodog keeps godog's own outcome for a testcase that has no single
// scenario in the Cucumber JSON: its failure, or else its first error that
// is not a skipped step, or a skip.
func fromGodog(tc *junitTestcase, c godogTestcase) {
	if c.Failure != nil {
		f := *c.Failure
		if f.Type == "" {
			f.Type = statusFailed
		}
		tc.Failure = &f
		return
	}
	for _, e := range c.Errors {
		if e.Type != statusSkipped {
			e := e
			tc.Error = &e
			return
		}
	}
	if c.Status == statusSkipped || len(c.Errors) > 0 {
		text := "every step was skipped"
		tc.Skipped = &text
	}
}

func writeJUnit(path string, suites junitSuites) error {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(suites); err != nil {
		return fmt.Errorf("encode the JUnit report: %w", err)
	}
	buf.WriteString("\n")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write the JUnit report: %w", err)
	}
	return nil
}

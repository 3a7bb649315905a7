package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// xmlNode is a parsed element, for checks against the schema's rules.
type xmlNode struct {
	Name     string
	Attrs    map[string]string
	Children []*xmlNode
	Text     string
}

func parseXML(t *testing.T, path string) *xmlNode {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := xml.NewDecoder(f)
	var stack []*xmlNode
	var root *xmlNode
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", path, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{Name: tok.Name.Local, Attrs: map[string]string{}}
			for _, a := range tok.Attr {
				n.Attrs[a.Name.Local] = a.Value
			}
			if len(stack) == 0 {
				root = n
			} else {
				parent := stack[len(stack)-1]
				parent.Children = append(parent.Children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(tok)
			}
		}
	}
	return root
}

// junitSchema holds the rules of the JUnit schema that Jenkins' xUnit
// plugin validates against (junit-10.xsd) and of its older junit-4.xsd
// from the dtkit project, taking the stricter rule where they differ. In
// both, <properties> is allowed in a testsuite but not in a testcase; Xray
// adds it there, so the Xray copy is checked with xray set.
type junitSchema struct {
	xray bool
}

var (
	suitesAttrs = []string{"name", "time", "tests", "failures", "disabled", "errors"}
	suiteAttrs  = []string{"name", "tests", "failures", "errors", "time", "disabled", "skipped", "timestamp", "hostname", "id", "package"}
	caseAttrs   = []string{"name", "assertions", "time", "classname", "status"}
)

func (s junitSchema) check(root *xmlNode) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if root == nil || root.Name != "testsuites" {
		return []string{"the root element is not testsuites"}
	}
	checkAttrs(root, suitesAttrs, nil, add)
	tests, failures, errors := 0, 0, 0
	for _, suite := range root.Children {
		if suite.Name != "testsuite" {
			add("testsuites holds <%s>, only testsuite is allowed", suite.Name)
			continue
		}
		checkAttrs(suite, suiteAttrs, []string{"name", "tests"}, add)
		// junit-4.xsd: properties?, testcase*, system-out?, system-err?
		checkOrder(suite, []string{"properties", "testcase", "system-out", "system-err"}, map[string]bool{"testcase": true}, add)
		counted := map[string]int{}
		for _, tc := range suite.Children {
			if tc.Name != "testcase" {
				continue
			}
			counted["tests"]++
			outcome := s.checkTestcase(tc, add)
			if outcome != "" {
				counted[outcome]++
			}
		}
		for _, attr := range []string{"tests", "failures", "errors", "skipped"} {
			if v, ok := suite.Attrs[attr]; ok && v != strconv.Itoa(counted[attr]) {
				add("testsuite %q says %s=%s but holds %d", suite.Attrs["name"], attr, v, counted[attr])
			}
		}
		checkTime(suite, add)
		tests += counted["tests"]
		failures += counted["failures"]
		errors += counted["errors"]
	}
	for attr, n := range map[string]int{"tests": tests, "failures": failures, "errors": errors} {
		if v, ok := root.Attrs[attr]; ok && v != strconv.Itoa(n) {
			add("testsuites says %s=%s but holds %d", attr, v, n)
		}
	}
	return problems
}

// checkTestcase returns "failures", "errors" or "skipped" for the counts.
func (s junitSchema) checkTestcase(tc *xmlNode, add func(string, ...any)) string {
	checkAttrs(tc, caseAttrs, []string{"name"}, add)
	// Attributes that CI servers need even though the schema makes them
	// optional: JUnit's own writer always sets them.
	for _, attr := range []string{"classname", "time"} {
		if tc.Attrs[attr] == "" {
			add("testcase %q has no %s", tc.Attrs["name"], attr)
		}
	}
	checkTime(tc, add)
	order := []string{"skipped", "error", "failure", "system-out", "system-err"}
	repeat := map[string]bool{"error": true, "failure": true, "system-out": true, "system-err": true}
	if s.xray {
		order = append([]string{"properties"}, order...)
	}
	checkOrder(tc, order, repeat, add)
	outcome := ""
	for _, c := range tc.Children {
		switch c.Name {
		case "failure", "error":
			checkAttrs(c, []string{"message", "type"}, nil, add)
			if len(c.Children) > 0 {
				add("<%s> in testcase %q holds elements; only text is allowed", c.Name, tc.Attrs["name"])
			}
			if outcome != "failures" {
				outcome = map[string]string{"failure": "failures", "error": "errors"}[c.Name]
			}
		case "skipped":
			// junit-4.xsd types skipped as xs:string: no attributes.
			checkAttrs(c, nil, nil, add)
			outcome = "skipped"
		case "properties":
			if len(c.Children) == 0 {
				add("testcase %q has empty properties; junit-4.xsd needs at least one property", tc.Attrs["name"])
			}
			for _, p := range c.Children {
				if p.Name != "property" {
					add("properties holds <%s>", p.Name)
				}
				checkAttrs(p, []string{"name", "value"}, []string{"name", "value"}, add)
			}
		}
	}
	return outcome
}

func checkAttrs(n *xmlNode, allowed, required []string, add func(string, ...any)) {
	for name := range n.Attrs {
		if !slices.Contains(allowed, name) {
			add("<%s %q> has the attribute %s, which the schema does not allow", n.Name, n.Attrs["name"], name)
		}
	}
	for _, name := range required {
		if _, ok := n.Attrs[name]; !ok {
			add("<%s> lacks the required attribute %s", n.Name, name)
		}
	}
	for _, name := range []string{"tests", "failures", "errors", "skipped", "disabled"} {
		if v, ok := n.Attrs[name]; ok {
			if i, err := strconv.Atoi(v); err != nil || i < 0 {
				add("<%s> %s=%q is not a count", n.Name, name, v)
			}
		}
	}
}

// checkTime checks that time is a number of seconds, as CI servers parse it.
func checkTime(n *xmlNode, add func(string, ...any)) {
	if v, ok := n.Attrs["time"]; ok {
		if f, err := strconv.ParseFloat(v, 64); err != nil || f < 0 {
			add("<%s %q> time=%q is not a number of seconds", n.Name, n.Attrs["name"], v)
		}
	}
}

// checkOrder checks that the children follow the sequence order, with only
// the elements in repeat appearing more than once.
func checkOrder(n *xmlNode, order []string, repeat map[string]bool, add func(string, ...any)) {
	pos := -1
	seen := map[string]int{}
	for _, c := range n.Children {
		i := slices.Index(order, c.Name)
		if i < 0 {
			add("<%s %q> holds <%s>, which the schema does not allow there", n.Name, n.Attrs["name"], c.Name)
			continue
		}
		if i < pos {
			add("<%s %q> holds <%s> after <%s>", n.Name, n.Attrs["name"], c.Name, order[pos])
		}
		pos = i
		seen[c.Name]++
		if seen[c.Name] > 1 && !repeat[c.Name] {
			add("<%s %q> holds more than one <%s>", n.Name, n.Attrs["name"], c.Name)
		}
	}
}

// TestGodogJUnitBreaksSchema shows why PatchJUnit exists: godog's own
// report fails the schema checks.
func TestGodogJUnitBreaksSchema(t *testing.T) {
	problems := junitSchema{}.check(parseXML(t, "testdata/mixed/junit.xml"))
	if len(problems) == 0 {
		t.Fatal("godog's JUnit report passes the schema checks; the checks may be too weak")
	}
	joined := strings.Join(problems, "\n")
	for _, want := range []string{"attribute skipped", "has no classname", "holds <error> after <failure>"} {
		if !strings.Contains(joined, want) {
			t.Errorf("the checks did not find %q in godog's report; they found:\n%s", want, joined)
		}
	}
}

func TestPatchJUnit(t *testing.T) {
	tests := []struct {
		dir string
		// cases maps each testcase name to its expected outcome element
		// ("" for passed) and message parts.
		cases map[string]wantCase
	}{
		{
			dir: "mixed",
			cases: map[string]wantCase{
				"MM-T2088 Log out of every session from the Windows client": {},
				"MM-T2088 Log out of every session from the Android Native App client": {
					element: "failure",
					kind:    "failed",
					message: []string{
						`Step 4 “Then the current session is described as "Android Native App"” (features/active_sessions.feature:13) failed:`,
						`on the Android Native App client: expected the current session to be described as "Android Native App" by exactly one entry`,
					},
					text: []string{" 5. skipped   When I expand every session with More info", " 1. passed    Given I am signed in"},
					out:  []string{"open it with: node tools/node_modules/playwright-core/cli.js show-trace"},
				},
			},
		},
		{
			dir: "accessibility",
			cases: map[string]wantCase{
				"MM-T2088 Log out of every session from the Windows client": {
					element: "failure",
					kind:    "failed",
					message: []string{`Step 7 “And the Active Sessions modal passes the accessibility audit”`, "aria-dialog-name"},
				},
			},
		},
		{
			dir: "undefined",
			cases: map[string]wantCase{
				"MM-T2088 Log out of every session from the Windows client": {
					element: "error",
					kind:    "undefined",
					message: []string{`Step 11 “And the session list shows the new session first” (/tmp/undef/active_sessions.feature:20) is undefined`},
				},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			dir := copyTestdata(t, tt.dir, "junit.xml", "cucumber.json")
			junit := filepath.Join(dir, "junit.xml")
			xray := filepath.Join(dir, "junit-xray.xml")
			opts := JUnitOptions{JUnit: junit, CucumberJSON: filepath.Join(dir, "cucumber.json"), XrayJUnit: xray}
			if err := PatchJUnit(opts); err != nil {
				t.Fatal(err)
			}
			plain := parseXML(t, junit)
			for _, p := range (junitSchema{}).check(plain) {
				t.Errorf("junit.xml: %s", p)
			}
			withKeys := parseXML(t, xray)
			for _, p := range (junitSchema{xray: true}).check(withKeys) {
				t.Errorf("junit-xray.xml: %s", p)
			}
			checkCases(t, plain, tt.cases, false)
			checkCases(t, withKeys, tt.cases, true)

			// A second run leaves the file as the first wrote it.
			first, _ := os.ReadFile(junit)
			if err := PatchJUnit(opts); err != nil {
				t.Fatal(err)
			}
			second, _ := os.ReadFile(junit)
			if string(first) != string(second) {
				t.Errorf("a second PatchJUnit changed the report:\n%s\nto\n%s", first, second)
			}
		})
	}
}

type wantCase struct {
	element string
	kind    string
	message []string
	text    []string
	out     []string
}

func checkCases(t *testing.T, root *xmlNode, want map[string]wantCase, xray bool) {
	t.Helper()
	got := map[string]*xmlNode{}
	for _, suite := range root.Children {
		for _, tc := range suite.Children {
			got[tc.Attrs["name"]] = tc
			if tc.Attrs["classname"] != "View and log out of active sessions" {
				t.Errorf("testcase %q classname = %q, want the feature name", tc.Attrs["name"], tc.Attrs["classname"])
			}
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d testcases, want %d: %v", len(got), len(want), got)
	}
	for name, w := range want {
		tc, ok := got[name]
		if !ok {
			t.Errorf("no testcase named %q", name)
			continue
		}
		elements := map[string]*xmlNode{}
		for _, c := range tc.Children {
			elements[c.Name] = c
		}
		if xray {
			props := elements["properties"]
			if props == nil || len(props.Children) != 1 || props.Children[0].Attrs["name"] != "test_key" || props.Children[0].Attrs["value"] != "MM-T2088" {
				t.Errorf("testcase %q lacks <property name=\"test_key\" value=\"MM-T2088\"/>", name)
			}
		} else if elements["properties"] != nil {
			t.Errorf("testcase %q in junit.xml has properties", name)
		}
		for _, el := range []string{"failure", "error", "skipped"} {
			if (elements[el] != nil) != (el == w.element) {
				t.Errorf("testcase %q: <%s> present = %v, want %v", name, el, elements[el] != nil, el == w.element)
			}
		}
		if w.element == "" {
			continue
		}
		problem := elements[w.element]
		if problem == nil {
			continue
		}
		if problem.Attrs["type"] != w.kind {
			t.Errorf("testcase %q: type = %q, want %q", name, problem.Attrs["type"], w.kind)
		}
		for _, part := range w.message {
			if !strings.Contains(problem.Attrs["message"], part) {
				t.Errorf("testcase %q: message %q lacks %q", name, problem.Attrs["message"], part)
			}
		}
		for _, part := range w.text {
			if !strings.Contains(problem.Text, part) {
				t.Errorf("testcase %q: text %q lacks %q", name, problem.Text, part)
			}
		}
		for _, part := range w.out {
			if out := elements["system-out"]; out == nil || !strings.Contains(out.Text, part) {
				t.Errorf("testcase %q: system-out lacks %q", name, part)
			}
		}
	}
}

func TestPatchJUnitWithoutCucumberMatch(t *testing.T) {
	dir := copyTestdata(t, "undefined", "junit.xml")
	empty := filepath.Join(dir, "cucumber.json")
	if err := os.WriteFile(empty, []byte("[]"), 0o644); err != nil {
		t.Fatal(err)
	}
	junit := filepath.Join(dir, "junit.xml")
	if err := PatchJUnit(JUnitOptions{JUnit: junit, CucumberJSON: empty}); err != nil {
		t.Fatal(err)
	}
	root := parseXML(t, junit)
	for _, p := range (junitSchema{}).check(root) {
		t.Errorf("junit.xml: %s", p)
	}
	tc := root.Children[0].Children[0]
	if tc.Attrs["name"] != "Log out of every session from the Windows client" {
		t.Errorf("name = %q, want godog's name unchanged without a key", tc.Attrs["name"])
	}
	if len(tc.Children) != 1 || tc.Children[0].Name != "error" || tc.Children[0].Attrs["type"] != "undefined" {
		t.Errorf("want godog's one undefined error kept and its skipped steps dropped, got %+v", tc.Children)
	}
}

func TestPatchJUnitMissingFiles(t *testing.T) {
	if err := PatchJUnit(JUnitOptions{JUnit: "testdata/none.xml", CucumberJSON: "testdata/mixed/cucumber.json"}); err == nil {
		t.Error("PatchJUnit with a missing JUnit report returned no error")
	}
	if err := PatchJUnit(JUnitOptions{JUnit: "testdata/mixed/junit.xml"}); err == nil {
		t.Error("PatchJUnit with no Cucumber JSON returned no error")
	}
}

package spec

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"

	"mmspec/support/clients"
)

// StepDef is a registered step phrase: its pattern and an example.
type StepDef struct {
	Pattern *regexp.Regexp
	Example string
}

// Check runs every check that needs no browser and no server: unknown
// client names, undefined and ambiguous steps, duplicate scenario names and
// tags that no tag expression can select.
func Check(features []Feature, catalogue *clients.Catalogue, defs []StepDef) Problems {
	var problems Problems
	problems = append(problems, CheckClients(features, catalogue)...)
	problems = append(problems, CheckSteps(features, defs)...)
	problems = append(problems, CheckNames(features)...)
	problems = append(problems, CheckTags(features)...)
	sort.SliceStable(problems, func(i, j int) bool {
		if problems[i].Path != problems[j].Path {
			return problems[i].Path < problems[j].Path
		}
		return problems[i].Line < problems[j].Line
	})
	return problems
}

// CheckSteps reports each step, with Examples values put in, that matches
// no definition or more than one.
func CheckSteps(features []Feature, defs []StepDef) Problems {
	var problems Problems
	for _, f := range features {
		lines := stepLines(f.Document)
		seen := map[string]bool{}
		for _, p := range pickles(f) {
			for _, step := range p.Steps {
				line := lines[step.AstNodeIds[0]]
				key := fmt.Sprintf("%d:%s", line, step.Text)
				if seen[key] {
					continue
				}
				seen[key] = true
				if msg := matchProblem(step.Text, defs); msg != "" {
					problems = append(problems, Problem{Path: f.Path, Line: line, Message: msg})
				}
			}
		}
	}
	return problems
}

func matchProblem(text string, defs []StepDef) string {
	var matches []string
	for _, d := range defs {
		if d.Pattern.MatchString(text) {
			matches = append(matches, d.Pattern.String())
		}
	}
	switch len(matches) {
	case 1:
		return ""
	case 0:
		msg := fmt.Sprintf("undefined step %q", text)
		if near := nearestPhrase(text, defs); near != "" {
			msg += fmt.Sprintf("; the nearest known phrase is %q", near)
		}
		return msg + "; `mmspec steps` lists every phrase. To add this one, define it in steps/:\n" + Snippet(text)
	default:
		return fmt.Sprintf("ambiguous step %q matches %d definitions: %s", text, len(matches),
			strings.Join(matches, ", "))
	}
}

// nearestPhrase returns the example closest to text by edit distance,
// with its keyword dropped, or "" when none is close.
func nearestPhrase(text string, defs []StepDef) string {
	examples := make([]string, len(defs))
	for i, d := range defs {
		examples[i] = stripKeyword(d.Example)
	}
	best, bestDist := "", -1
	for _, ex := range examples {
		d := clients.Distance(strings.ToLower(text), strings.ToLower(ex))
		if bestDist < 0 || d < bestDist {
			best, bestDist = ex, d
		}
	}
	if bestDist < 0 || bestDist > len(text)/2 {
		return ""
	}
	return best
}

func stripKeyword(example string) string {
	for _, kw := range []string{"Given ", "When ", "Then ", "And ", "But "} {
		if rest, ok := strings.CutPrefix(example, kw); ok {
			return rest
		}
	}
	return example
}

var (
	quoted = regexp.MustCompile(`"[^"]*"`)
	number = regexp.MustCompile(`\b\d+\b`)
)

// Snippet returns a step definition to start from for an undefined step,
// in the form steps/definitions.go and a scenario method take.
func Snippet(text string) string {
	pattern := regexp.QuoteMeta(text)
	pattern = quoted.ReplaceAllString(pattern, `"([^"]*)"`)
	pattern = number.ReplaceAllString(pattern, `(\d+)`)

	var params []string
	n := 0
	for _, m := range regexp.MustCompile(`\(\[\^"\]\*\)|\(\\d\+\)`).FindAllString(pattern, -1) {
		n++
		kind := "string"
		if m == `(\d+)` {
			kind = "int"
		}
		params = append(params, fmt.Sprintf("arg%d %s", n, kind))
	}
	name := methodName(number.ReplaceAllString(quoted.ReplaceAllString(text, ""), ""))
	args := strings.Join(append([]string{"ctx context.Context"}, params...), ", ")
	return fmt.Sprintf("    {`^%s$`, `%s`,\n        func(st *scenario) any { return st.%s }},\n"+
		"    func (st *scenario) %s(%s) error {\n        return godog.ErrPending\n    }",
		pattern, text, name, name, args)
}

// methodName turns a phrase into a lower camel case Go name.
func methodName(text string) string {
	var b strings.Builder
	upper := false
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || (unicode.IsDigit(r) && b.Len() > 0):
			if upper && b.Len() > 0 {
				r = unicode.ToUpper(r)
			} else if b.Len() == 0 {
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
			upper = false
		default:
			upper = true
		}
	}
	if b.Len() == 0 {
		return "step"
	}
	return b.String()
}

// CheckNames reports scenarios that share a name, with Examples values put
// in, because reports and test management tell results apart by name.
func CheckNames(features []Feature) Problems {
	var problems Problems
	first := map[string]string{}
	for _, f := range features {
		lines := scenarioLines(f.Document)
		for _, p := range pickles(f) {
			where := fmt.Sprintf("%s:%d", f.Path, lines[p.AstNodeIds[len(p.AstNodeIds)-1]])
			if prev, dup := first[p.Name]; dup {
				problems = append(problems, Problem{Path: f.Path, Line: lines[p.AstNodeIds[len(p.AstNodeIds)-1]],
					Message: fmt.Sprintf("duplicate scenario name %q, first at %s; put an Examples "+
						"column such as <client> in the name", p.Name, prev)})
				continue
			}
			first[p.Name] = where
		}
	}
	return problems
}

// CheckTags reports tags that godog's tag expressions cannot select: a tag
// holding a comma, "~", "&&" or a space splits or negates in a filter.
func CheckTags(features []Feature) Problems {
	var problems Problems
	bad := regexp.MustCompile(`[,~&|()\s]`)
	for _, f := range features {
		for _, tag := range allTags(f.Document) {
			if tag.Name == "@" || bad.MatchString(tag.Name) {
				problems = append(problems, Problem{Path: f.Path, Line: tag.Location.Line,
					Message: fmt.Sprintf("tag %q cannot be selected by a tag expression; use letters, "+
						"digits, - and _ only", tag.Name)})
			}
		}
	}
	return problems
}

func allTags(doc *messages.GherkinDocument) []*messages.Tag {
	if doc == nil || doc.Feature == nil {
		return nil
	}
	tags := append([]*messages.Tag(nil), doc.Feature.Tags...)
	for _, sc := range scenarios(doc) {
		tags = append(tags, sc.Tags...)
		for _, ex := range sc.Examples {
			tags = append(tags, ex.Tags...)
		}
	}
	return tags
}

// pickles compiles a feature into its scenarios, one per Examples row.
func pickles(f Feature) []*messages.Pickle {
	if f.Document == nil {
		return nil
	}
	ids := 1 << 20 // above the ids Load gave the document's nodes
	return gherkin.Pickles(*f.Document, f.Path, func() string { ids++; return strconv.Itoa(ids) })
}

// stepLines maps each step's node id to its line.
func stepLines(doc *messages.GherkinDocument) map[string]int64 {
	lines := map[string]int64{}
	add := func(steps []*messages.Step) {
		for _, s := range steps {
			lines[s.Id] = s.Location.Line
		}
	}
	if doc == nil || doc.Feature == nil {
		return lines
	}
	for _, child := range doc.Feature.Children {
		if child.Background != nil {
			add(child.Background.Steps)
		}
		if child.Rule != nil {
			for _, rc := range child.Rule.Children {
				if rc.Background != nil {
					add(rc.Background.Steps)
				}
			}
		}
	}
	for _, sc := range scenarios(doc) {
		add(sc.Steps)
	}
	return lines
}

// scenarioLines maps scenario and Examples row node ids to their lines.
func scenarioLines(doc *messages.GherkinDocument) map[string]int64 {
	lines := map[string]int64{}
	for _, sc := range scenarios(doc) {
		lines[sc.Id] = sc.Location.Line
		for _, ex := range sc.Examples {
			for _, row := range ex.TableBody {
				lines[row.Id] = row.Location.Line
			}
		}
	}
	return lines
}

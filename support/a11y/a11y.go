// Package a11y audits a part of a page with axe-core, the accessibility
// engine, injected from the installed npm package.
package a11y

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/mxschmitt/playwright-go"
)

// Impacts are axe-core's impact levels, from lowest to highest.
var Impacts = []string{"minor", "moderate", "serious", "critical"}

// Accepted is a rule whose violations a team has accepted for now, with
// the reason, such as the issue filed for it.
type Accepted struct {
	Rule   string `yaml:"rule"`
	Reason string `yaml:"reason"`
}

// Options configures an audit.
type Options struct {
	// Tags select axe-core's rules, such as wcag2a and wcag2aa.
	Tags []string
	// MinImpact is the lowest impact that fails the audit.
	MinImpact string
	// Accepted rules are reported as warnings, not failures.
	Accepted []Accepted
}

// Violation is one rule that failed, with the elements that fail it.
type Violation struct {
	Rule    string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"-"`
	// Reason is set on accepted violations.
	Reason string `json:"-"`
}

func (v Violation) String() string {
	return fmt.Sprintf("%s (%s, %d element(s): %s): %s", v.Rule, v.Impact, len(v.Targets),
		strings.Join(v.Targets, ", "), v.Help)
}

// Result sorts what axe-core found by what the team asked for.
type Result struct {
	// Failures are violations at MinImpact or above that are not accepted.
	Failures []Violation
	// Warnings are accepted violations, and those below MinImpact.
	Warnings []Violation
	// Stale are accepted rules that no longer fire, so the list can be
	// pruned.
	Stale []Accepted
}

// Summary describes the failures in one paragraph.
func (r Result) Summary() string {
	parts := make([]string, len(r.Failures))
	for i, v := range r.Failures {
		parts[i] = v.String()
	}
	return strings.Join(parts, "; ")
}

// Engine is axe-core's source, read once from the installed package.
type Engine struct {
	path string
	once sync.Once
	src  string
	err  error
}

// NewEngine returns an engine that loads axe-core from path, usually
// tools/node_modules/axe-core/axe.min.js.
func NewEngine(path string) *Engine {
	return &Engine{path: path}
}

func (e *Engine) source() (string, error) {
	e.once.Do(func() {
		data, err := os.ReadFile(e.path)
		if err != nil {
			e.err = fmt.Errorf("read axe-core from %s: %w (run `make setup` to install it)", e.path, err)
			return
		}
		e.src = string(data)
	})
	return e.src, e.err
}

// runAxe audits the dialog that holds the element, or the element itself,
// so rules about the dialog's own name apply. axe-core is evaluated as a
// script, which a Content-Security-Policy that blocks inline script tags
// does not stop.
const runAxe = `async (el, tags) => {
  const context = el.closest('[role="dialog"], [role="alertdialog"], .modal') || el;
  const result = await window.axe.run(context, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact || '', help: v.help,
    targets: v.nodes.map((n) => n.target.map((t) => Array.isArray(t) ? t.join(' ') : t).join(' >>> ')),
  }));
}`

// Audit runs axe-core on the element that root matches.
func (e *Engine) Audit(page playwright.Page, root playwright.Locator, opts Options) (Result, error) {
	src, err := e.source()
	if err != nil {
		return Result{}, err
	}
	loaded, err := page.Evaluate("() => typeof window.axe === 'object'")
	if err != nil {
		return Result{}, fmt.Errorf("check for axe-core on the page: %w", err)
	}
	if loaded != true {
		if _, err := page.Evaluate(src); err != nil {
			return Result{}, fmt.Errorf("load axe-core into the page: %w", err)
		}
	}
	raw, err := root.Evaluate(runAxe, opts.Tags)
	if err != nil {
		return Result{}, fmt.Errorf("run axe-core: %w", err)
	}
	violations, err := decode(raw)
	if err != nil {
		return Result{}, err
	}
	return Classify(violations, opts), nil
}

func decode(raw any) ([]Violation, error) {
	data, err := json.Marshal(raw)
	if err != nil {
		return nil, fmt.Errorf("read axe-core results: %w", err)
	}
	var items []struct {
		Violation
		Targets []string `json:"targets"`
	}
	if err := json.Unmarshal(data, &items); err != nil {
		return nil, fmt.Errorf("read axe-core results: %w", err)
	}
	out := make([]Violation, len(items))
	for i, it := range items {
		out[i] = it.Violation
		out[i].Targets = it.Targets
	}
	return out, nil
}

// Classify splits violations into failures and warnings, and finds the
// accepted rules that did not fire.
func Classify(violations []Violation, opts Options) Result {
	var r Result
	fired := map[string]bool{}
	minRank := rank(opts.MinImpact)
	for _, v := range violations {
		fired[v.Rule] = true
		if a, ok := accepted(opts.Accepted, v.Rule); ok {
			v.Reason = a.Reason
			r.Warnings = append(r.Warnings, v)
			continue
		}
		if rank(v.Impact) >= minRank {
			r.Failures = append(r.Failures, v)
		} else {
			r.Warnings = append(r.Warnings, v)
		}
	}
	for _, a := range opts.Accepted {
		if !fired[a.Rule] {
			r.Stale = append(r.Stale, a)
		}
	}
	sort.SliceStable(r.Failures, func(i, j int) bool { return rank(r.Failures[i].Impact) > rank(r.Failures[j].Impact) })
	return r
}

func accepted(list []Accepted, rule string) (Accepted, bool) {
	for _, a := range list {
		if a.Rule == rule {
			return a, true
		}
	}
	return Accepted{}, false
}

// rank orders impacts; an unknown or empty impact ranks lowest.
func rank(impact string) int {
	return slices.Index(Impacts, impact)
}

package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/cucumber/godog"

	"mmspec/support/a11y"
)

// theModalPassesTheAccessibilityAudit audits the open Active Sessions
// modal with axe-core. Violations of accepted rules and those below the
// configured impact are attached as warnings; the rest fail the step.
func (st *scenario) theModalPassesTheAccessibilityAudit(ctx context.Context) (context.Context, error) {
	if err := st.needModal(); err != nil {
		return ctx, err
	}
	if st.suite.Audit == nil {
		return ctx, st.fail(fmt.Errorf("no accessibility engine is configured; set accessibility.axe_path in godog.yml"))
	}
	result, err := st.suite.Audit.Audit(st.page, st.modal.Root(), st.suite.AuditOptions)
	if err != nil {
		return ctx, st.fail(err)
	}

	for _, w := range result.Warnings {
		st.suite.Log.Warn("accessibility warning", "client", st.client.Name, "rule", w.Rule, "impact", w.Impact,
			"elements", len(w.Targets), "reason", w.Reason)
	}
	for _, s := range result.Stale {
		st.suite.Log.Warn("accepted accessibility rule no longer fires; remove it from accessibility.accepted",
			"client", st.client.Name, "rule", s.Rule, "reason", s.Reason)
	}
	if body, err := json.MarshalIndent(auditReport(result), "", "  "); err == nil {
		ctx = godog.Attach(ctx, godog.Attachment{
			FileName:  fmt.Sprintf("accessibility-%s.json", slug(st.client.Name)),
			MediaType: "application/json",
			Body:      body,
		})
	}

	if note := warningNote(result); note != "" {
		ctx = godog.Attach(ctx, godog.Attachment{
			FileName:  fmt.Sprintf("accessibility-warnings-%s.txt", slug(st.client.Name)),
			MediaType: "text/plain",
			Body:      []byte(note),
		})
	}

	if len(result.Failures) > 0 {
		return ctx, st.fail(fmt.Errorf("the accessibility audit of the Active Sessions modal found %d rule(s) "+
			"violated at impact %s or above: %s", len(result.Failures), st.suite.AuditOptions.MinImpact,
			result.Summary()))
	}
	return ctx, nil
}

// warningNote describes the warnings and stale accepted rules in plain
// text, which the JUnit report carries in the testcase's system-out.
func warningNote(r a11y.Result) string {
	var b strings.Builder
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "accessibility warning: %s", w)
		if w.Reason != "" {
			fmt.Fprintf(&b, " (accepted: %s)", w.Reason)
		}
		b.WriteString("\n")
	}
	for _, s := range r.Stale {
		fmt.Fprintf(&b, "accepted rule %s no longer fires; remove it from accessibility.accepted (it was "+
			"accepted because: %s)\n", s.Rule, s.Reason)
	}
	return b.String()
}

// auditEntry is one violation as the reports show it.
type auditEntry struct {
	Rule     string   `json:"rule"`
	Impact   string   `json:"impact"`
	Help     string   `json:"help"`
	Elements []string `json:"elements"`
	Reason   string   `json:"accepted_because,omitempty"`
}

func auditReport(r a11y.Result) map[string]any {
	convert := func(list []a11y.Violation) []auditEntry {
		out := make([]auditEntry, len(list))
		for i, v := range list {
			out[i] = auditEntry{v.Rule, v.Impact, v.Help, v.Targets, v.Reason}
		}
		return out
	}
	stale := make([]string, len(r.Stale))
	for i, s := range r.Stale {
		stale[i] = s.Rule
	}
	return map[string]any{
		"failures":              convert(r.Failures),
		"warnings":              convert(r.Warnings),
		"accepted_but_not_seen": strings.Join(stale, ", "),
	}
}

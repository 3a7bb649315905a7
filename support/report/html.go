package report

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// HTMLOptions sets what WriteHTML reads and where it writes.
type HTMLOptions struct {
	// CucumberJSON is the path of godog's Cucumber JSON report.
	CucumberJSON string
	// Features are the feature file paths of the run, for their text as
	// written and their Examples rows. A ":line" suffix is ignored.
	Features []string
	// Out is the path of the HTML file to write, e.g. reports/index.html.
	Out string
	// Title is the page's title and main heading.
	Title string
}

//go:embed report.html.tmpl
var reportTemplateText string

var reportTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"duration": formatDuration,
}).Parse(reportTemplateText))

// imageTypes are the attachment types shown as images; any other type is
// shown as text or named only.
var imageTypes = map[string]bool{"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true}

// WriteHTML writes one self-contained HTML page with the results of a run:
// a summary, the results by client type, the accessibility violations, the
// feature files as written, and every scenario with its Examples row, steps,
// failure, screenshots and text attachments. The page loads nothing: styles
// are inline and images are data: URIs.
func WriteHTML(opts HTMLOptions) error {
	if opts.CucumberJSON == "" || opts.Out == "" {
		return errors.New("write the HTML report: CucumberJSON and Out must both be set")
	}
	features, err := readCucumber(opts.CucumberJSON)
	if err != nil {
		return err
	}
	files, err := readFeatureFiles(opts.Features)
	if err != nil {
		return err
	}
	page := buildPage(opts.Title, features, files)
	var buf bytes.Buffer
	if err := reportTemplate.Execute(&buf, page); err != nil {
		return fmt.Errorf("render the HTML report: %w", err)
	}
	if dir := filepath.Dir(opts.Out); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("create the folder of the HTML report: %w", err)
		}
	}
	if err := os.WriteFile(opts.Out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write the HTML report: %w", err)
	}
	return nil
}

// page is the data the template renders.
type page struct {
	Title     string
	Summary   []count
	Steps     []count
	Total     int
	Clients   []clientRow
	HasClient bool
	Audits    []audit
	Files     []featureFile
	Features  []featureView
}

type count struct {
	Status string
	N      int
}

type clientRow struct {
	Client   string
	Status   string
	Scenario string
	Anchor   string
	Duration time.Duration
}

type featureView struct {
	Name      string
	Path      string
	Scenarios []scenarioView
}

type scenarioView struct {
	Anchor   string
	Name     string
	Status   string
	Key      string
	Tags     []string
	Line     int64
	Row      *examplesRow
	Client   string
	Duration time.Duration
	Failure  string
	Steps    []stepView
}

type stepView struct {
	Number      int
	Keyword     string
	Text        string
	Line        int64
	Status      string
	Duration    time.Duration
	Error       string
	Images      []imageAttachment
	Texts       []textAttachment
	Audits      []audit
	Unsupported []string
}

type imageAttachment struct {
	Name string
	Alt  string
	// Src is a data: URI built from bytes that decoded as base64.
	Src template.URL
}

type textAttachment struct {
	Name string
	Text string
}

// audit is one accessibility attachment: the result of an axe-core audit
// of the Active Sessions modal on one client.
type audit struct {
	Name               string
	Client             string
	Anchor             string
	Failures           []violation `json:"failures"`
	Warnings           []violation `json:"warnings"`
	AcceptedButNotSeen string      `json:"accepted_but_not_seen"`
}

type violation struct {
	Rule     string   `json:"rule"`
	Impact   string   `json:"impact"`
	Help     string   `json:"help"`
	Elements []string `json:"elements"`
}

func buildPage(title string, features []cucumberFeature, files []featureFile) page {
	if title == "" {
		title = "Test results"
	}
	p := page{Title: title, Files: files}
	scenarioCounts := map[string]int{}
	stepCounts := map[string]int{}
	n := 0
	for _, f := range features {
		file, _ := matchFeatureFile(files, f.URI)
		fv := featureView{Name: f.Name, Path: f.path()}
		for _, e := range f.scenarios() {
			n++
			sv := buildScenario(e, file, fmt.Sprintf("scenario-%d", n))
			for _, s := range sv.Steps {
				stepCounts[s.Status]++
				p.Audits = append(p.Audits, s.Audits...)
			}
			scenarioCounts[sv.Status]++
			fv.Scenarios = append(fv.Scenarios, sv)
			if sv.Client != "" {
				p.HasClient = true
			}
			p.Clients = append(p.Clients, clientRow{
				Client: sv.Client, Status: sv.Status, Scenario: sv.Name, Anchor: sv.Anchor, Duration: sv.Duration,
			})
		}
		p.Features = append(p.Features, fv)
	}
	p.Total = n
	p.Summary = counts(scenarioCounts)
	p.Steps = counts(stepCounts)
	return p
}

// counts lists passed, failed, undefined and skipped always, and pending
// and ambiguous when they occur.
func counts(m map[string]int) []count {
	out := []count{
		{statusPassed, m[statusPassed]}, {statusFailed, m[statusFailed]},
		{statusUndefined, m[statusUndefined]}, {statusSkipped, m[statusSkipped]},
	}
	for _, s := range []string{statusPending, statusAmbiguous} {
		if m[s] > 0 {
			out = append(out, count{s, m[s]})
		}
	}
	return out
}

func buildScenario(e cucumberElement, file featureFile, anchor string) scenarioView {
	sv := scenarioView{
		Anchor: anchor,
		Name:   e.Name,
		Status: e.status(),
		Key:    TestKey(e.tagNames()),
		Tags:   e.tagNames(),
		Line:   e.Line,
	}
	if row, ok := file.rows[e.Line]; ok {
		sv.Row = &row
		sv.Client = row.cell(clientColumn)
	}
	for i, s := range e.Steps {
		st := buildStep(i+1, s)
		for j := range st.Audits {
			st.Audits[j].Client = sv.Client
			st.Audits[j].Anchor = anchor
		}
		sv.Duration += st.Duration
		if sv.Failure == "" {
			sv.Failure = failureText(st, file.Path)
		}
		sv.Steps = append(sv.Steps, st)
	}
	return sv
}

func buildStep(number int, s cucumberStep) stepView {
	st := stepView{
		Number:   number,
		Keyword:  strings.TrimSpace(s.Keyword),
		Text:     s.Name,
		Line:     s.Line,
		Status:   s.Result.Status,
		Duration: time.Duration(s.Result.Duration),
		Error:    s.Result.ErrorMessage,
	}
	for _, emb := range s.Embeddings {
		addAttachment(&st, emb)
	}
	return st
}

// addAttachment sorts an embedding into images, accessibility audits and
// text. Anything else is named but not shown.
func addAttachment(st *stepView, emb cucumberEmbedding) {
	data, err := base64.StdEncoding.DecodeString(emb.Data)
	if err != nil {
		st.Unsupported = append(st.Unsupported, fmt.Sprintf("%s (%s): not valid base64", emb.Name, emb.MimeType))
		return
	}
	mime := strings.ToLower(strings.TrimSpace(strings.SplitN(emb.MimeType, ";", 2)[0]))
	switch {
	case imageTypes[mime]:
		st.Images = append(st.Images, imageAttachment{
			Name: emb.Name,
			Alt:  fmt.Sprintf("Screenshot %s, attached to the step “%s %s”", emb.Name, st.Keyword, st.Text),
			// Re-encoding keeps the URI to the base64 alphabet whatever the
			// report held.
			Src: template.URL("data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(data)),
		})
	case mime == "application/json" && strings.HasPrefix(emb.Name, "accessibility-"):
		var a audit
		if err := json.Unmarshal(data, &a); err != nil {
			st.Texts = append(st.Texts, textAttachment{Name: emb.Name, Text: string(data)})
			return
		}
		a.Name = emb.Name
		st.Audits = append(st.Audits, a)
	case mime == "application/json":
		var pretty bytes.Buffer
		if json.Indent(&pretty, data, "", "  ") == nil {
			data = pretty.Bytes()
		}
		st.Texts = append(st.Texts, textAttachment{Name: emb.Name, Text: string(data)})
	case strings.HasPrefix(mime, "text/"):
		st.Texts = append(st.Texts, textAttachment{Name: emb.Name, Text: string(data)})
	default:
		st.Unsupported = append(st.Unsupported, fmt.Sprintf("%s (%s, %d bytes)", emb.Name, emb.MimeType, len(data)))
	}
}

// failureText returns, in a sentence, why the step stopped the scenario, or ""
// for a step that passed or was skipped.
func failureText(st stepView, path string) string {
	where := fmt.Sprintf("step %d, “%s %s”", st.Number, st.Keyword, st.Text)
	if path != "" && st.Line > 0 {
		where += fmt.Sprintf(" (%s:%d)", path, st.Line)
	}
	switch st.Status {
	case statusFailed:
		return fmt.Sprintf("Failed at %s: %s", where, st.Error)
	case statusUndefined:
		return fmt.Sprintf("Stopped at %s: no step definition matches this step yet, so it and the steps after it did not run.", where)
	case statusPending:
		return fmt.Sprintf("Stopped at %s: its step definition is marked pending, so it and the steps after it did not run.", where)
	case statusAmbiguous:
		return fmt.Sprintf("Stopped at %s: more than one step definition matches this step. %s", where, st.Error)
	}
	return ""
}

// formatDuration rounds to milliseconds, or shows "–" for a step that did
// not run.
func formatDuration(d time.Duration) string {
	if d <= 0 {
		return "–"
	}
	if d < time.Millisecond {
		return "<1ms"
	}
	return d.Round(time.Millisecond).String()
}

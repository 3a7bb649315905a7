package report

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func writeTestHTML(t *testing.T, cucumberJSON string, features ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "index.html")
	err := WriteHTML(HTMLOptions{CucumberJSON: cucumberJSON, Features: features, Out: out, Title: "MM-T2088 results"})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestWriteHTMLContent(t *testing.T) {
	tests := []struct {
		name     string
		json     string
		feature  string
		contains []string
		images   int
	}{
		{
			name:    "one passed one failed",
			json:    "testdata/mixed/cucumber.json",
			feature: projectFeature,
			contains: []string{
				`<span class="n">1</span> passed`,
				`<span class="n">1</span> failed`,
				`<span class="n">0</span> undefined`,
				`<th scope="row">Windows</th><td><span class="badge passed">`,
				`<th scope="row">Android Native App</th><td><span class="badge failed">`,
				// The failure names the step, its line and the error.
				`Failed at step 4, “Then the current session is described as &#34;Android Native App&#34;” (testdata/active_sessions.feature:13): on the Android Native App client: expected`,
				`<caption>Examples row of “Mobile apps”</caption>`,
				`<td>Android Native App</td>`,
				`Test case MM-T2088`,
				`open it with: node tools/node_modules/playwright-core/cli.js show-trace`,
				`Feature file as written: testdata/active_sessions.feature`,
				`    @mobile @native`,
			},
			// The Windows modal, and the Android failure.
			images: 2,
		},
		{
			name:    "accessibility failure",
			json:    "testdata/accessibility/cucumber.json",
			feature: projectFeature,
			contains: []string{
				`<th scope="row">aria-dialog-name</th><td>serious</td><td>ARIA dialog and alertdialog nodes should have an accessible name</td><td><code>#activityLogModal</code></td>`,
				`Windows: 1 failure, 0 warnings`,
				`Failed at step 7, “And the Active Sessions modal passes the accessibility audit”`,
			},
			images: 2,
		},
		{
			name:    "undefined step",
			json:    "testdata/undefined/cucumber.json",
			feature: "testdata/undefined/active_sessions.feature",
			contains: []string{
				`<span class="n">1</span> undefined`,
				`Stopped at step 11, “And the session list shows the new session first” (testdata/undefined/active_sessions.feature:20): no step definition matches this step yet`,
				`<span class="badge undefined">undefined</span>`,
			},
			images: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html := writeTestHTML(t, tt.json, tt.feature)
			for _, want := range tt.contains {
				if !strings.Contains(html, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
			if got := strings.Count(html, `<img src="data:image/png;base64,`); got != tt.images {
				t.Errorf("%d inline PNG images, want %d", got, tt.images)
			}
			if got := strings.Count(html, `<img `); got != strings.Count(html, ` alt="Screenshot `) {
				t.Errorf("%d images but only %d with alt text", got, strings.Count(html, ` alt="Screenshot `))
			}
		})
	}
}

// TestWriteHTMLLoadsNothing checks that no attribute points outside the
// page: every src is a data: URI and every href a fragment.
func TestWriteHTMLLoadsNothing(t *testing.T) {
	html := writeTestHTML(t, "testdata/mixed/cucumber.json", projectFeature)
	for _, m := range regexp.MustCompile(`\b(src|href|srcset|action|poster)="([^"]*)"`).FindAllStringSubmatch(html, -1) {
		attr, value := m[1], m[2]
		switch {
		case attr == "src" && strings.HasPrefix(value, "data:image/png;base64,"):
		case attr == "href" && strings.HasPrefix(value, "#"):
		default:
			t.Errorf("%s=%q may load something from outside the page", attr, value)
		}
	}
	for _, banned := range []string{"<script", "<link", "@import", "url(", "<iframe"} {
		if strings.Contains(html, banned) {
			t.Errorf("the page contains %q", banned)
		}
	}
	if !strings.Contains(html, `<html lang="en">`) {
		t.Error("the page has no language")
	}
}

// TestWriteHTMLEscapes feeds markup through every text field and checks
// that none of it comes out as markup.
func TestWriteHTMLEscapes(t *testing.T) {
	attack := `<script>alert(1)</script>`
	audit := base64.StdEncoding.EncodeToString([]byte(`{"failures":[{"rule":"` + `<b>r</b>` + `","impact":"serious","help":"` + `<i>h</i>` + `","elements":["<img src=x>"]}],"warnings":[],"accepted_but_not_seen":""}`))
	text := base64.StdEncoding.EncodeToString([]byte(attack))
	json := `[{"uri":"x.feature","name":"F ` + attack + `","elements":[{"name":"S ` + attack + `","line":3,"type":"scenario",
		"tags":[{"name":"@MM-T1"}],
		"steps":[{"keyword":"Given ","name":"a ` + attack + `","line":4,"result":{"status":"failed","error_message":"` + attack + `"},
		"embeddings":[{"name":"accessibility-x.json","mime_type":"application/json","data":"` + audit + `"},
		{"name":"n ` + attack + `","mime_type":"text/plain","data":"` + text + `"},
		{"name":"bad.png","mime_type":"image/png","data":"\"><script>"}]}]}]}]`
	dir := t.TempDir()
	path := filepath.Join(dir, "cucumber.json")
	if err := os.WriteFile(path, []byte(json), 0o644); err != nil {
		t.Fatal(err)
	}
	html := writeTestHTML(t, path)
	for _, bad := range []string{"<script", "<b>r</b>", "<i>h</i>", "<img src=x>"} {
		if strings.Contains(html, bad) {
			t.Errorf("the page contains the markup %q unescaped", bad)
		}
	}
	if !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the page lacks the escaped text")
	}
	if !strings.Contains(html, "bad.png (image/png): not valid base64") {
		t.Error("the page does not name the attachment it could not decode")
	}
}

func TestWriteHTMLMissingInput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "index.html")
	if err := WriteHTML(HTMLOptions{CucumberJSON: "testdata/none.json", Out: out}); err == nil {
		t.Error("WriteHTML with a missing report returned no error")
	}
	if err := WriteHTML(HTMLOptions{CucumberJSON: "testdata/mixed/cucumber.json"}); err == nil {
		t.Error("WriteHTML with no Out returned no error")
	}
	if err := WriteHTML(HTMLOptions{CucumberJSON: "testdata/mixed/cucumber.json", Features: []string{"testdata/none.feature"}, Out: out}); err == nil {
		t.Error("WriteHTML with a missing feature file returned no error")
	}
}

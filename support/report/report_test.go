package report

import (
	"os"
	"path/filepath"
	"testing"
)

// projectFeature is a copy of the project's feature file as the runs behind
// testdata/mixed and testdata/accessibility read it.
const projectFeature = "testdata/active_sessions.feature"

// copyTestdata copies the named testdata files into a temporary folder,
// because the patch functions rewrite their input.
func copyTestdata(t *testing.T, dir string, names ...string) string {
	t.Helper()
	out := t.TempDir()
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join("testdata", dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestTestKey(t *testing.T) {
	tests := []struct {
		name string
		tags []string
		want string
	}{
		{"zephyr key", []string{"@account-settings", "@MM-T2088"}, "MM-T2088"},
		{"xray key", []string{"@CALC-123"}, "CALC-123"},
		{"first key wins", []string{"@MM-T1", "@MM-T2"}, "MM-T1"},
		{"digits in project", []string{"@AB2-T7"}, "AB2-T7"},
		{"lower case is a plain tag", []string{"@mm-t2088"}, ""},
		{"no number", []string{"@MM-T"}, ""},
		{"prefixed tag", []string{"@TEST_MM-T2088"}, ""},
		{"missing at sign", []string{"MM-T2088"}, ""},
		{"no tags", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TestKey(tt.tags); got != tt.want {
				t.Errorf("TestKey(%q) = %q, want %q", tt.tags, got, tt.want)
			}
		})
	}
}

func TestScenarioStatus(t *testing.T) {
	steps := func(statuses ...string) []cucumberStep {
		var out []cucumberStep
		for _, s := range statuses {
			out = append(out, cucumberStep{Result: cucumberResult{Status: s}})
		}
		return out
	}
	tests := []struct {
		name  string
		steps []cucumberStep
		want  string
	}{
		{"all passed", steps("passed", "passed"), "passed"},
		{"failed then skipped", steps("passed", "failed", "skipped"), "failed"},
		{"undefined then skipped", steps("passed", "undefined", "skipped"), "undefined"},
		{"pending", steps("pending", "skipped"), "pending"},
		{"all skipped", steps("skipped", "skipped"), "skipped"},
		{"no steps", nil, "skipped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (cucumberElement{Steps: tt.steps}).status(); got != tt.want {
				t.Errorf("status() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestScenariosInheritFeatureTags(t *testing.T) {
	features, err := readCucumber("testdata/mixed/cucumber.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range features[0].scenarios() {
		if got := TestKey(e.tagNames()); got != "MM-T2088" {
			t.Errorf("%s: key %q, want MM-T2088 from the feature's tag", e.Name, got)
		}
	}
}

func TestMatchFeatureFile(t *testing.T) {
	files := []featureFile{{Path: "/work/x/features/active_sessions.feature"}, {Path: "other/login.feature"}}
	tests := []struct {
		uri    string
		want   string
		wantOK bool
	}{
		{"features/active_sessions.feature:9", "/work/x/features/active_sessions.feature", true},
		{"/tmp/undef/active_sessions.feature", "/work/x/features/active_sessions.feature", true},
		{"other/login.feature", "other/login.feature", true},
		{"features/missing.feature", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.uri, func(t *testing.T) {
			got, ok := matchFeatureFile(files, tt.uri)
			if ok != tt.wantOK || got.Path != tt.want {
				t.Errorf("matchFeatureFile(%q) = %q, %v; want %q, %v", tt.uri, got.Path, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestMatchFeatureFileAmbiguousName(t *testing.T) {
	files := []featureFile{{Path: "a/x.feature"}, {Path: "b/x.feature"}}
	if got, ok := matchFeatureFile(files, "c/x.feature"); ok {
		t.Errorf("matched %q, want no match for a name two files share", got.Path)
	}
}

func TestReadFeatureFileRows(t *testing.T) {
	f, err := readFeatureFile(projectFeature)
	if err != nil {
		t.Fatal(err)
	}
	row, ok := f.rows[26]
	if !ok {
		t.Fatalf("no Examples row at line 26; rows: %v", f.rows)
	}
	if got := row.cell("client"); got != "Windows" {
		t.Errorf("client cell = %q, want Windows", got)
	}
	if row.Examples != "Browsers and the desktop app" {
		t.Errorf("Examples name = %q", row.Examples)
	}
	if len(f.rows) != 7 {
		t.Errorf("%d rows, want 7", len(f.rows))
	}
}

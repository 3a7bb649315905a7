package report

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestPatchCucumber(t *testing.T) {
	tests := []struct {
		name     string
		prefixes []string
		want     []string
	}{
		{"no prefixes", nil, []string{"@MM-T2088", "@account-settings", "@active-sessions", "@desktop"}},
		{"zephyr scale", []string{"TestCaseKey="}, []string{"@MM-T2088", "@account-settings", "@active-sessions", "@desktop", "@TestCaseKey=MM-T2088"}},
		{"xray cloud prefix and zephyr", []string{"TEST_", "TestCaseKey="}, []string{"@MM-T2088", "@account-settings", "@active-sessions", "@desktop", "@TEST_MM-T2088", "@TestCaseKey=MM-T2088"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyTestdata(t, "accessibility", "cucumber.json")
			path := filepath.Join(dir, "cucumber.json")
			before, _ := os.ReadFile(path)
			if err := PatchCucumber(path, tt.prefixes...); err != nil {
				t.Fatal(err)
			}
			// Twice, to check that tags are not added again.
			if err := PatchCucumber(path, tt.prefixes...); err != nil {
				t.Fatal(err)
			}
			features, err := readCucumber(path)
			if err != nil {
				t.Fatal(err)
			}
			e := features[0].scenarios()[0]
			if got := e.tagNames(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("tags = %q, want %q", got, tt.want)
			}
			if tt.prefixes == nil {
				after, _ := os.ReadFile(path)
				if string(after) != string(before) {
					t.Error("PatchCucumber with no prefixes changed the file")
				}
			}
			// The rest of the report survives: steps, results, attachments.
			original, err := readCucumber("testdata/accessibility/cucumber.json")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(e.Steps, original[0].scenarios()[0].Steps) {
				t.Error("the steps changed")
			}
		})
	}
}

func TestPatchCucumberRejectsEmptyPrefix(t *testing.T) {
	if err := PatchCucumber("testdata/accessibility/cucumber.json", ""); err == nil {
		t.Error("PatchCucumber with an empty prefix returned no error")
	}
}

package report

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMergeJoinsShards(t *testing.T) {
	out := t.TempDir()

	err := Merge(MergeOptions{
		Dirs:     []string{"testdata/mixed", "testdata/accessibility"},
		Out:      out,
		Features: []string{"testdata/active_sessions.feature"},
		Title:    "merged",
	})
	require.NoError(t, err)

	data, err := os.ReadFile(filepath.Join(out, "cucumber.json"))
	require.NoError(t, err)
	var features []struct {
		URI      string `json:"uri"`
		Elements []struct {
			Line int `json:"line"`
		} `json:"elements"`
	}
	require.NoError(t, json.Unmarshal(data, &features))
	require.Len(t, features, 1, "one feature, run by both shards")
	assert.Len(t, features[0].Elements, 3)
	for i := 1; i < len(features[0].Elements); i++ {
		assert.LessOrEqual(t, features[0].Elements[i-1].Line, features[0].Elements[i].Line)
	}

	var junit junitSuites
	raw, err := os.ReadFile(filepath.Join(out, "junit.xml"))
	require.NoError(t, err)
	require.NoError(t, xml.Unmarshal(raw, &junit))
	assert.Equal(t, 3, junit.Tests)
	assert.Equal(t, 2, junit.Failures)
	assert.FileExists(t, filepath.Join(out, "index.html"))
	assert.FileExists(t, filepath.Join(out, "junit-xray.xml"))
}

func TestMergeNeedsFolders(t *testing.T) {
	assert.Error(t, Merge(MergeOptions{Out: t.TempDir()}))
}

func TestMergeMissingReport(t *testing.T) {
	err := Merge(MergeOptions{Dirs: []string{t.TempDir()}, Out: t.TempDir()})

	require.Error(t, err)
	assert.Contains(t, err.Error(), "cucumber.json")
}

package spec

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mmspec/support/clients"
)

func writeFeature(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "test.feature")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	return dir
}

func TestLoadProjectFeatures(t *testing.T) {
	features, problems, err := Load([]string{"../../features"})
	require.NoError(t, err)

	assert.Empty(t, problems)
	require.NotEmpty(t, features)
	assert.Empty(t, CheckClients(features, clients.Builtin()))
}

func TestCheckClientsNamesUnknownRow(t *testing.T) {
	dir := writeFeature(t, `Feature: f
  Scenario Outline: s <client>
    Given I am signed in on the "<client>" client

    Examples:
      | client     |
      | Windows    |
      | Nokia 3310 |
      | Macintosch |
`)
	features, problems, err := Load([]string{dir})
	require.NoError(t, err)
	require.Empty(t, problems)

	got := CheckClients(features, clients.Builtin())

	require.Len(t, got, 2)
	assert.Equal(t, int64(8), got[0].Line)
	assert.Contains(t, got[0].String(), `test.feature:8: unknown client type "Nokia 3310"`)
	assert.Contains(t, got[0].Message, "known client types: Macintosh, Windows")
	assert.Equal(t, int64(9), got[1].Line)
	assert.Contains(t, got[1].Message, `did you mean "Macintosh"?`)
}

func TestLoadReportsSyntaxErrorWithLine(t *testing.T) {
	dir := writeFeature(t, `Feature: f
  Scenario: s
    Given a step
  This line is not Gherkin
`)
	_, problems, err := Load([]string{dir})
	require.NoError(t, err)

	require.NotEmpty(t, problems)
	assert.Equal(t, int64(4), problems[0].Line)
	assert.Contains(t, problems[0].Message, "Gherkin syntax")
}

func TestLoadParsesOtherLanguages(t *testing.T) {
	dir := writeFeature(t, `# language: de
Funktionalität: f
  Szenario: s
    Angenommen ein Schritt
`)
	features, problems, err := Load([]string{dir})
	require.NoError(t, err)

	assert.Empty(t, problems)
	assert.Len(t, features, 1)
}

func TestLoadMissingPath(t *testing.T) {
	_, _, err := Load([]string{"no/such/folder"})

	require.Error(t, err)
	assert.Contains(t, err.Error(), "no/such/folder")
}

func TestLoadEmptyFolder(t *testing.T) {
	_, _, err := Load([]string{t.TempDir()})

	require.Error(t, err)
	assert.Contains(t, err.Error(), "no .feature files")
}

func TestClientRowsPointAtEachRow(t *testing.T) {
	dir := writeFeature(t, `Feature: f
  Scenario Outline: s <client>
    Given I am signed in on the "<client>" client

    Examples:
      | client  |
      | Windows |
      | Linux   |
`)
	features, _, err := Load([]string{dir})
	require.NoError(t, err)

	rows := ClientRows(features)

	assert.Equal(t, []string{filepath.Join(dir, "test.feature") + ":7"}, rows["Windows"])
	assert.Equal(t, []string{filepath.Join(dir, "test.feature") + ":8"}, rows["Linux"])
}

func TestStripLine(t *testing.T) {
	assert.Equal(t, "a.feature", stripLine("a.feature:12"))
	assert.Equal(t, "a.feature", stripLine("a.feature"))
	assert.Equal(t, "c:/x", stripLine("c:/x"))
}

func TestShardsCoverEveryRowOnce(t *testing.T) {
	features, _, err := Load([]string{"../../features"})
	require.NoError(t, err)
	base, err := Select(features, []string{"../../features"}, nil)
	require.NoError(t, err)

	for n := 1; n <= 4; n++ {
		seen := map[string]int{}
		for k := 1; k <= n; k++ {
			shard, err := base.Shard(features, k, n)
			require.NoError(t, err)
			for path, rows := range shard.rows {
				for line := range rows {
					seen[fmt.Sprintf("%s:%d", path, line)]++
				}
			}
		}
		assert.Len(t, seen, 7, "shards of %d", n)
		for row, count := range seen {
			assert.Equal(t, 1, count, "row %s in %d shards of %d", row, count, n)
		}
	}
}

func TestParseShard(t *testing.T) {
	k, n, err := ParseShard("2/3")
	require.NoError(t, err)
	assert.Equal(t, 2, k)
	assert.Equal(t, 3, n)

	for _, bad := range []string{"0/3", "4/3", "1/0", "a/b", "1/3x", "13"} {
		_, _, err := ParseShard(bad)
		assert.Error(t, err, bad)
	}
}

func TestCheckClientsInDataTable(t *testing.T) {
	dir := writeFeature(t, `Feature: f
  Scenario: s
    Given I am also signed in on these clients:
      | client  |
      | Windows |
      | Nokia   |
`)
	features, _, err := Load([]string{dir})
	require.NoError(t, err)

	got := CheckClients(features, clients.Builtin())

	require.Len(t, got, 1)
	assert.Equal(t, int64(6), got[0].Line)
	assert.Contains(t, got[0].Message, `unknown client type "Nokia"`)
}

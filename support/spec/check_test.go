package spec

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testDefs = []StepDef{
	{regexp.MustCompile(`^I am signed in on the "([^"]*)" client$`), `Given I am signed in on the "Windows" client`},
	{regexp.MustCompile(`^I log out of every session$`), `When I log out of every session`},
	{regexp.MustCompile(`^I log (out|in) of every session$`), `When I log in of every session`},
	{regexp.MustCompile(`^the login screen shows$`), `Then the login screen shows`},
}

func loadOne(t *testing.T, text string) []Feature {
	t.Helper()
	features, problems, err := Load([]string{writeFeature(t, text)})
	require.NoError(t, err)
	require.Empty(t, problems)
	return features
}

func TestCheckStepsUndefinedNamesNearestAndSnippet(t *testing.T) {
	features := loadOne(t, `Feature: f
  Scenario: s
    Then the login scren shows
`)

	got := CheckSteps(features, testDefs)

	require.Len(t, got, 1)
	assert.Equal(t, int64(3), got[0].Line)
	assert.Contains(t, got[0].Message, `undefined step "the login scren shows"`)
	assert.Contains(t, got[0].Message, `the nearest known phrase is "the login screen shows"`)
	assert.Contains(t, got[0].Message, "func (st *scenario) theLoginScrenShows(ctx context.Context) error")
}

func TestCheckStepsAmbiguous(t *testing.T) {
	features := loadOne(t, `Feature: f
  Scenario: s
    When I log out of every session
`)

	got := CheckSteps(features, testDefs)

	require.Len(t, got, 1)
	assert.Contains(t, got[0].Message, "ambiguous step")
	assert.Contains(t, got[0].Message, "matches 2 definitions")
}

func TestCheckStepsSubstitutesExamples(t *testing.T) {
	features := loadOne(t, `Feature: f
  Scenario Outline: s <client>
    Given I am signed in on the "<client>" client

    Examples:
      | client  |
      | Windows |
`)

	assert.Empty(t, CheckSteps(features, testDefs))
}

func TestCheckNamesFindsDuplicates(t *testing.T) {
	features := loadOne(t, `Feature: f
  Scenario: same
    Then the login screen shows

  Scenario: same
    Then the login screen shows
`)

	got := CheckNames(features)

	require.Len(t, got, 1)
	assert.Equal(t, int64(5), got[0].Line)
	assert.Contains(t, got[0].Message, `duplicate scenario name "same"`)
}

func TestCheckNamesOutlineWithoutColumnInName(t *testing.T) {
	features := loadOne(t, `Feature: f
  Scenario Outline: s
    Given I am signed in on the "<client>" client

    Examples:
      | client  |
      | Windows |
      | Linux   |
`)

	got := CheckNames(features)

	require.Len(t, got, 1)
	assert.Equal(t, int64(8), got[0].Line)
}

func TestCheckTagsRejectsUnselectable(t *testing.T) {
	features := loadOne(t, `@MM-T2088 @a,b
Feature: f
  @ok_tag @x~y
  Scenario: s
    Then the login screen shows
`)

	got := CheckTags(features)

	require.Len(t, got, 2)
	assert.Contains(t, got[0].Message, `tag "@a,b"`)
	assert.Contains(t, got[1].Message, `tag "@x~y"`)
}

func TestSnippetParameters(t *testing.T) {
	got := Snippet(`I wait 5 seconds for "Windows"`)

	assert.Contains(t, got, "`^I wait (\\d+) seconds for \"([^\"]*)\"$`")
	assert.Contains(t, got, "iWaitSecondsFor(ctx context.Context, arg1 int, arg2 string)")
}

package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cucumberSample has the shape of godog v0.16.0's Cucumber JSON: two rows
// of an outline, the second failed at its second step, so its third step
// was skipped and has no duration.
const cucumberSample = `[
  {
    "uri": "features/active_sessions.feature",
    "elements": [
      {
        "name": "Log out of every session from the Macintosh client",
        "steps": [
          {"keyword": "Given ", "name": "I am signed in on the \"Macintosh\" client", "line": 10,
           "result": {"status": "passed", "duration": 1919875185}},
          {"keyword": "And ", "name": "I am also signed in on 2 other clients", "line": 11,
           "result": {"status": "passed", "duration": 327829}},
          {"keyword": "Then ", "name": "the current session is described as \"Macintosh\"", "line": 13,
           "result": {"status": "passed", "duration": 20712731}}
        ]
      },
      {
        "name": "Log out of every session from the Windows client",
        "steps": [
          {"keyword": "Given ", "name": "I am signed in on the \"Windows\" client", "line": 10,
           "result": {"status": "passed", "duration": 1080124815}},
          {"keyword": "And ", "name": "I am also signed in on 2 other clients", "line": 11,
           "result": {"status": "failed", "duration": 5000000, "error_message": "boom"}},
          {"keyword": "Then ", "name": "the current session is described as \"Windows\"", "line": 13,
           "result": {"status": "skipped"}}
        ]
      }
    ]
  }
]`

func TestParseStepTimes(t *testing.T) {
	steps, err := parseStepTimes([]byte(cucumberSample))

	require.NoError(t, err)
	require.Len(t, steps, 5, "the skipped step has no duration and is left out")
	assert.Equal(t, stepTime{0, `I am signed in on the "…" client`, 1919875185 * time.Nanosecond}, steps[0])
	assert.Equal(t, stepTime{0, "I am also signed in on 2 other clients", 327829 * time.Nanosecond}, steps[1])
	assert.Equal(t, `the current session is described as "…"`, steps[2].Phrase)
	assert.Equal(t, 1, steps[3].Scenario)
	assert.Equal(t, 5*time.Millisecond, steps[4].Duration, "a failed step keeps its duration")
}

func TestParseStepTimesInvalid(t *testing.T) {
	_, err := parseStepTimes([]byte(`{"not": "an array"}`))

	assert.ErrorContains(t, err, "invalid Cucumber JSON")
}

func TestStepPhrase(t *testing.T) {
	assert.Equal(t, `I am signed in on the "…" client`, stepPhrase(`I am signed in on the "iPhone Native App" client`))
	assert.Equal(t, `a "…" and "…"`, stepPhrase(`a "x" and ""`))
	assert.Equal(t, "the login screen shows", stepPhrase(" the login screen shows "))
}

func TestSummarizeSteps(t *testing.T) {
	steps, err := parseStepTimes([]byte(cucumberSample))
	require.NoError(t, err)

	stats := summarizeSteps(steps)

	require.Len(t, stats, 3)
	assert.Equal(t, `I am signed in on the "…" client`, stats[0].Phrase)
	assert.Equal(t, 2, stats[0].Count)
	assert.Equal(t, (1919875185+1080124815)/2*time.Nanosecond, stats[0].Mean)
	assert.Equal(t, 1919875185*time.Nanosecond, stats[0].Max)
	assert.Equal(t, "I am also signed in on 2 other clients", stats[1].Phrase)
	assert.Equal(t, 5*time.Millisecond, stats[1].Max)
	assert.Equal(t, 1, stats[2].Count)
}

func TestScenarioTimes(t *testing.T) {
	steps, err := parseStepTimes([]byte(cucumberSample))
	require.NoError(t, err)

	times := scenarioTimes(steps)

	require.Len(t, times, 2)
	assert.Equal(t, (1919875185+327829+20712731)*time.Nanosecond, times[0])
	assert.Equal(t, (1080124815+5000000)*time.Nanosecond, times[1])
}

// eventsSample has the shape of godog v0.16.0's events formatter output,
// with the attachment and source bodies shortened.
const eventsSample = `{"event":"TestRunStarted","version":"0.1.0","timestamp":1796406635620,"suite":"mmspec"}
{"event":"TestSource","location":"features/active_sessions.feature:2","source":"Feature: ..."}
{"event":"TestCaseStarted","location":"features/active_sessions.feature:26","timestamp":1796406635624}
{"event":"StepDefinitionFound","location":"features/active_sessions.feature:10","definition_id":"x","arguments":[[23,30]]}
{"event":"TestStepStarted","location":"features/active_sessions.feature:10","timestamp":1796406635629}
{"event":"TestStepFinished","location":"features/active_sessions.feature:10","timestamp":1796406636159,"status":"passed"}
{"event":"TestCaseStarted","location":"features/active_sessions.feature:25","timestamp":1796406635621}
{"event":"TestStepStarted","location":"features/active_sessions.feature:10","timestamp":1796406635625}
{"event":"Attachment","location":"features/active_sessions.feature:15","timestamp":1796406636000,"body":"..."}
{"event":"TestRunFinished","status":"passed","timestamp":1796406652400,"snippets":"","memory":""}
`

func TestParseEvents(t *testing.T) {
	ev, err := parseEvents(strings.NewReader(eventsSample))

	require.NoError(t, err)
	assert.Equal(t, int64(1796406635620), ev.RunStarted)
	assert.Equal(t, int64(1796406635625), ev.FirstStep, "the earliest TestStepStarted, not the first line")
}

func TestParseEventsLongLine(t *testing.T) {
	long := `{"event":"Attachment","body":"` + strings.Repeat("A", 3<<20) + `"}` + "\n"

	ev, err := parseEvents(strings.NewReader(long + eventsSample))

	require.NoError(t, err)
	assert.Equal(t, int64(1796406635620), ev.RunStarted)
}

func TestParseEventsWithoutSteps(t *testing.T) {
	_, err := parseEvents(strings.NewReader(`{"event":"TestRunStarted","timestamp":1}` + "\n"))

	assert.ErrorContains(t, err, "no TestStepStarted")
}

func TestParseEventsInvalidLine(t *testing.T) {
	_, err := parseEvents(strings.NewReader("not json\n"))

	assert.ErrorContains(t, err, "invalid events line")
}

func TestParseGodogElapsed(t *testing.T) {
	stdout := "...........F-\n\n\n7 scenarios (7 passed)\n77 steps (77 passed)\n17.340875963s\n"

	d, err := parseGodogElapsed(stdout)

	require.NoError(t, err)
	assert.Equal(t, 17340875963*time.Nanosecond, d)
}

func TestParseGodogElapsedMinutes(t *testing.T) {
	d, err := parseGodogElapsed("1 scenarios (1 passed)\n11 steps (11 passed)\n1m2.5s")

	require.NoError(t, err)
	assert.Equal(t, 62500*time.Millisecond, d)
}

func TestParseGodogElapsedMissing(t *testing.T) {
	_, err := parseGodogElapsed("7 scenarios (7 passed)\n77 steps (77 passed)\n")

	assert.ErrorContains(t, err, "no run time")
}

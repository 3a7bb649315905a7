package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
)

// stepTime is how long one step of one scenario took.
type stepTime struct {
	// Scenario is the index of the step's scenario in the report.
	Scenario int
	// Phrase is the step text with quoted values replaced by "…", so that
	// the rows of an outline share it.
	Phrase   string
	Duration time.Duration
}

// cucumberJSON is the part of godog's Cucumber JSON (godog v0.16.0) that
// holds step durations.
type cucumberJSON []struct {
	Elements []struct {
		Steps []struct {
			Name   string `json:"name"`
			Result struct {
				Status string `json:"status"`
				// Duration is in nanoseconds, and missing for steps that
				// did not run.
				Duration *int64 `json:"duration"`
			} `json:"result"`
		} `json:"steps"`
	} `json:"elements"`
}

// parseStepTimes returns the duration of every step that ran, in report
// order. godog measures each step from the end of the one before it, and
// the first from the scenario's start, so the first step includes the
// Before-scenario hooks and the last one the After-scenario hooks.
func parseStepTimes(data []byte) ([]stepTime, error) {
	var features cucumberJSON
	if err := json.Unmarshal(data, &features); err != nil {
		return nil, fmt.Errorf("invalid Cucumber JSON: %w", err)
	}
	var out []stepTime
	scenario := 0
	for _, f := range features {
		for _, e := range f.Elements {
			for _, s := range e.Steps {
				if s.Result.Duration == nil {
					continue
				}
				out = append(out, stepTime{
					Scenario: scenario,
					Phrase:   stepPhrase(s.Name),
					Duration: time.Duration(*s.Result.Duration),
				})
			}
			scenario++
		}
	}
	return out, nil
}

var quoted = regexp.MustCompile(`"[^"]*"`)

// stepPhrase replaces the quoted values of a step's text with "…".
func stepPhrase(text string) string {
	return quoted.ReplaceAllString(strings.TrimSpace(text), `"…"`)
}

// phraseStats is the time one step phrase took over the scenarios of a run.
type phraseStats struct {
	Phrase string
	Count  int
	Mean   time.Duration
	Max    time.Duration
}

// summarizeSteps groups step times by phrase, in the order each phrase
// first appears.
func summarizeSteps(steps []stepTime) []phraseStats {
	index := map[string]int{}
	var out []phraseStats
	var sums []time.Duration
	for _, s := range steps {
		i, ok := index[s.Phrase]
		if !ok {
			i = len(out)
			index[s.Phrase] = i
			out = append(out, phraseStats{Phrase: s.Phrase})
			sums = append(sums, 0)
		}
		out[i].Count++
		sums[i] += s.Duration
		out[i].Max = max(out[i].Max, s.Duration)
	}
	for i := range out {
		out[i].Mean = sums[i] / time.Duration(out[i].Count)
	}
	return out
}

// scenarioTimes returns the sum of the step times of each scenario, which
// is the time from the scenario's start to the end of its last step that
// ran, because godog measures each step from the end of the one before.
func scenarioTimes(steps []stepTime) []time.Duration {
	var out []time.Duration
	for _, s := range steps {
		for len(out) <= s.Scenario {
			out = append(out, 0)
		}
		out[s.Scenario] += s.Duration
	}
	return out
}

// runEvents are the times, in Unix milliseconds, that godog's events
// formatter stamped on a run.
type runEvents struct {
	// RunStarted is when godog started the suite: after mmspec checked the
	// features, started the target and launched the browser.
	RunStarted int64
	// FirstStep is the earliest TestStepStarted, which godog writes after
	// the Before hooks and just before it calls the step.
	FirstStep int64
}

// parseEvents reads the JSON lines of godog's events formatter.
func parseEvents(r io.Reader) (runEvents, error) {
	var ev runEvents
	scanner := bufio.NewScanner(r)
	// TestSource holds a whole feature file and Attachment a whole
	// screenshot, so lines can be long.
	scanner.Buffer(make([]byte, 0, 64*1024), 64*1024*1024)
	for scanner.Scan() {
		var line struct {
			Event     string `json:"event"`
			Timestamp int64  `json:"timestamp"`
		}
		if err := json.Unmarshal(scanner.Bytes(), &line); err != nil {
			return ev, fmt.Errorf("invalid events line: %w", err)
		}
		switch line.Event {
		case "TestRunStarted":
			ev.RunStarted = line.Timestamp
		case "TestStepStarted":
			if ev.FirstStep == 0 || line.Timestamp < ev.FirstStep {
				ev.FirstStep = line.Timestamp
			}
		}
	}
	if err := scanner.Err(); err != nil {
		return ev, fmt.Errorf("read events: %w", err)
	}
	if ev.RunStarted == 0 || ev.FirstStep == 0 {
		return ev, errors.New("the events have no TestRunStarted or no TestStepStarted")
	}
	return ev, nil
}

// parseGodogElapsed returns the run time that godog's progress formatter
// prints as the last line of its summary: the time from TestRunStarted to
// the summary, as a Go duration such as "17.340875963s".
func parseGodogElapsed(stdout string) (time.Duration, error) {
	lines := strings.Split(strings.TrimRight(stdout, "\n"), "\n")
	for i := len(lines) - 1; i >= 0 && i >= len(lines)-3; i-- {
		if d, err := time.ParseDuration(strings.TrimSpace(lines[i])); err == nil {
			return d, nil
		}
	}
	return 0, errors.New("no run time at the end of the progress output")
}

package report

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
)

// Failed returns the failed scenarios of a Cucumber JSON report as
// "path:line", the line being the scenario's or its Examples row's.
func Failed(cucumberJSON string) ([]string, error) {
	features, err := readRaw(cucumberJSON)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range features {
		uri := stripLineSuffix(str(f["uri"]))
		for _, el := range elements(f) {
			if elementFailed(el) {
				out = append(out, fmt.Sprintf("%s:%d", uri, int(num(el["line"]))))
			}
		}
	}
	return out, nil
}

// ApplyRetry puts the scenarios of a retry's report in place of the same
// scenarios in the main report. A scenario that failed before and passed
// in the retry gets the tag @flaky and a note stating that. It returns
// the names of the flaky scenarios.
func ApplyRetry(mainJSON, retryJSON string, attempt int) ([]string, error) {
	main, err := readRaw(mainJSON)
	if err != nil {
		return nil, err
	}
	retry, err := readRaw(retryJSON)
	if err != nil {
		return nil, err
	}
	replacement := map[string]map[string]any{}
	for _, f := range retry {
		uri := stripLineSuffix(str(f["uri"]))
		for _, el := range elements(f) {
			replacement[fmt.Sprintf("%s:%d", uri, int(num(el["line"])))] = el
		}
	}

	var flaky []string
	for _, f := range main {
		uri := stripLineSuffix(str(f["uri"]))
		els := elements(f)
		for i, el := range els {
			again, ok := replacement[fmt.Sprintf("%s:%d", uri, int(num(el["line"])))]
			if !ok {
				continue
			}
			if elementFailed(el) && !elementFailed(again) {
				markFlaky(again, attempt)
				flaky = append(flaky, str(again["name"]))
			}
			els[i] = again
		}
		f["elements"] = els
	}
	data, err := json.MarshalIndent(main, "", "    ")
	if err != nil {
		return nil, fmt.Errorf("encode the Cucumber JSON: %w", err)
	}
	return flaky, os.WriteFile(mainJSON, data, 0o644)
}

// markFlaky tags a scenario @flaky and attaches a plain-text note to its
// last step, which the JUnit report carries in system-out.
func markFlaky(el map[string]any, attempt int) {
	tags, _ := el["tags"].([]any)
	el["tags"] = append(tags, map[string]any{"name": "@flaky", "line": 0})
	note := fmt.Sprintf("flaky: this scenario failed, then passed on retry %d\n", attempt)
	steps, _ := el["steps"].([]any)
	if len(steps) == 0 {
		return
	}
	last, _ := steps[len(steps)-1].(map[string]any)
	embeddings, _ := last["embeddings"].([]any)
	last["embeddings"] = append(embeddings, map[string]any{
		"name":      "flaky.txt",
		"mime_type": "text/plain",
		"data":      base64.StdEncoding.EncodeToString([]byte(note)),
	})
}

func readRaw(path string) ([]map[string]any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read the Cucumber JSON report: %w", err)
	}
	var features []map[string]any
	if err := json.Unmarshal(data, &features); err != nil {
		return nil, fmt.Errorf("%s is not Cucumber JSON: %w", path, err)
	}
	return features, nil
}

func elements(f map[string]any) []map[string]any {
	raw, _ := f["elements"].([]any)
	out := make([]map[string]any, 0, len(raw))
	for _, el := range raw {
		if m, ok := el.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// elementFailed reports whether any step of a scenario did not pass or skip.
func elementFailed(el map[string]any) bool {
	steps, _ := el["steps"].([]any)
	for _, s := range steps {
		step, _ := s.(map[string]any)
		result, _ := step["result"].(map[string]any)
		switch str(result["status"]) {
		case "passed", "skipped":
		default:
			return true
		}
	}
	return false
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func num(v any) float64 {
	n, _ := v.(float64)
	return n
}

package pages

import (
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/mxschmitt/playwright-go"
)

// Watch records the page's console errors, uncaught exceptions and failed
// API requests. Playwright calls its listeners on the driver's goroutine,
// so every field is guarded.
type Watch struct {
	mu     sync.Mutex
	events []string
}

// NewWatch starts watching page.
func NewWatch(page playwright.Page) *Watch {
	w := &Watch{}
	page.OnConsole(func(m playwright.ConsoleMessage) {
		if m.Type() == "error" {
			w.add(fmt.Sprintf("console error: %s", m.Text()))
		}
	})
	page.OnPageError(func(err error) {
		w.add(fmt.Sprintf("uncaught page error: %s", firstLine(err)))
	})
	page.OnResponse(func(r playwright.Response) {
		if r.Status() >= 400 && isAPI(r.URL()) {
			w.add(fmt.Sprintf("%s %s answered %d", r.Request().Method(), apiPath(r.URL()), r.Status()))
		}
	})
	page.OnRequestFailed(func(r playwright.Request) {
		if !isAPI(r.URL()) {
			return
		}
		reason := "failed"
		if f := r.Failure(); f != nil {
			reason = "failed: " + f.Error()
		}
		w.add(fmt.Sprintf("%s %s %s", r.Method(), apiPath(r.URL()), reason))
	})
	return w
}

func (w *Watch) add(event string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.events = append(w.events, event)
}

// Mark returns a position in the record; Since(mark) returns what happened
// after it.
func (w *Watch) Mark() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.events)
}

// Since returns the events recorded after mark.
func (w *Watch) Since(mark int) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if mark > len(w.events) {
		return nil
	}
	return append([]string(nil), w.events[mark:]...)
}

func isAPI(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && strings.HasPrefix(u.Path, "/api/v4/")
}

// apiPath drops the query, which can carry ids of no use in a message.
func apiPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Path
}

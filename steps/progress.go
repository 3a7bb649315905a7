package steps

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Progress prints one whole line when a scenario starts and when it ends,
// with how many have ended and how many there are, so parallel scenarios
// never interleave within a line.
type Progress struct {
	mu      sync.Mutex
	out     io.Writer
	total   int
	started int
	ended   int
	failed  int
}

// NewProgress writes to out; total is the number of scenarios the run has.
func NewProgress(out io.Writer, total int) *Progress {
	return &Progress{out: out, total: total}
}

func (p *Progress) start(name string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.started++
	fmt.Fprintf(p.out, "[%d/%d] started  %s\n", p.started, p.total, name)
}

func (p *Progress) end(name string, failed bool, elapsed time.Duration) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ended++
	status := "passed"
	if failed {
		p.failed++
		status = "FAILED"
	}
	fmt.Fprintf(p.out, "[%d/%d] %s   %s (%s; %d left, %d failed so far)\n", p.ended, p.total, status, name,
		elapsed.Round(100*time.Millisecond), p.total-p.ended, p.failed)
}

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// buildRunner builds cmd/mmspec, so a test can signal and kill it and its
// children as a user's shell would.
func buildRunner(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "mmspec")
	out, err := exec.Command("go", "build", "-o", bin, "./cmd/mmspec").CombinedOutput()
	require.NoError(t, err, "build cmd/mmspec: %s", out)
	return bin
}

// descendants returns the pids of every live process below pid, with
// their command names.
func descendants(pid int) map[int]string {
	parent := map[int]int{}
	name := map[int]string{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// The command name is in parentheses and may hold spaces.
		text := string(stat)
		open, end := strings.IndexByte(text, '('), strings.LastIndexByte(text, ')')
		if open < 0 || end < open {
			continue
		}
		fields := strings.Fields(text[end+1:])
		if len(fields) < 2 || fields[0] == "Z" {
			continue
		}
		ppid, _ := strconv.Atoi(fields[1])
		parent[p] = ppid
		name[p] = text[open+1 : end]
	}
	out := map[int]string{}
	for p := range parent {
		for q := parent[p]; q > 1; q = parent[q] {
			if q == pid {
				out[p] = name[p]
				break
			}
		}
	}
	return out
}

// startRunner starts the built runner and records every process it starts
// while it runs.
type runnerProcess struct {
	cmd    *exec.Cmd
	stdout bytes.Buffer
	stderr bytes.Buffer
	seen   map[int]string
	done   chan error
}

func startRunner(t *testing.T, bin string, args ...string) *runnerProcess {
	t.Helper()
	r := &runnerProcess{seen: map[int]string{}, done: make(chan error, 1)}
	r.cmd = exec.Command(bin, args...)
	r.cmd.Stdout = &r.stdout
	r.cmd.Stderr = &r.stderr
	require.NoError(t, r.cmd.Start())
	go func() { r.done <- r.cmd.Wait() }()
	t.Cleanup(func() {
		_ = r.cmd.Process.Kill()
		for pid := range r.seen {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	})
	return r
}

// watchUntil records the runner's children until cond holds or limit
// passes, and reports whether cond held.
func (r *runnerProcess) watchUntil(cond func() bool, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		for pid, name := range descendants(r.cmd.Process.Pid) {
			r.seen[pid] = name
		}
		if cond() {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}

// wait waits for the runner to exit within limit and returns its exit code
// and how long it took.
func (r *runnerProcess) wait(t *testing.T, limit time.Duration) (int, time.Duration) {
	t.Helper()
	start := time.Now()
	select {
	case err := <-r.done:
		code := 0
		if exit, ok := err.(*exec.ExitError); ok {
			code = exit.ExitCode()
		}
		return code, time.Since(start)
	case <-time.After(limit):
		t.Fatalf("the runner did not exit within %s\nstderr:\n%s", limit, r.stderr.String())
		return -1, limit
	}
}

// leftovers returns the recorded children that still run.
func (r *runnerProcess) leftovers() []string {
	var left []string
	for pid, name := range r.seen {
		stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
		if err != nil {
			continue
		}
		if end := strings.LastIndexByte(string(stat), ')'); end > 0 {
			fields := strings.Fields(string(stat)[end+1:])
			if len(fields) > 0 && fields[0] == "Z" {
				continue
			}
		}
		left = append(left, strconv.Itoa(pid)+" "+name)
	}
	return left
}

func (r *runnerProcess) hasChild(name string) func() bool {
	return func() bool {
		for _, n := range r.seen {
			if strings.Contains(n, name) {
				return true
			}
		}
		return false
	}
}

func TestInterruptEndsRunCleanly(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Chromium; run without -short")
	}
	inRepoRoot(t)
	bin := buildRunner(t)
	// The sessions request never gets a response, so the scenarios wait when the
	// interrupt comes.
	url := startMmliteProcess(t, "--fault", "sessions-hang")
	t.Setenv("MMSPEC_ADMIN_USERNAME", "admin")
	t.Setenv("MMSPEC_ADMIN_PASSWORD", testAdminPassword)
	reports := t.TempDir()
	r := startRunner(t, bin, "--target", url, "--format", "progress", "--reports", reports,
		"--timeout-action", "60s", "--client", "Windows", "--client", "Macintosh")
	require.True(t, r.watchUntil(func() bool { return strings.Contains(r.stderr.String(), "started") },
		60*time.Second), "no scenario started:\n%s", r.stderr.String())
	r.watchUntil(func() bool { return false }, 3*time.Second)

	require.NoError(t, r.cmd.Process.Signal(os.Interrupt))
	code, took := r.wait(t, 10*time.Second)

	assert.Equal(t, exitFailed, code)
	assert.Less(t, took, 10*time.Second)
	assert.FileExists(t, filepath.Join(reports, "junit.xml"))
	assert.FileExists(t, filepath.Join(reports, "index.html"))
	require.True(t, r.hasChild("chrom")(), "the check for leftovers saw no Chromium: %v", r.seen)
	r.watchUntil(func() bool { return len(r.leftovers()) == 0 }, 5*time.Second)
	assert.Empty(t, r.leftovers(), "processes left behind")
	assert.Empty(t, activeRunLeftovers(t, adminClient(t, url)), "the run left users or teams behind")
}

func TestKilledBrowserEndsRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Chromium; run without -short")
	}
	inRepoRoot(t)
	bin := buildRunner(t)
	reports := t.TempDir()
	r := startRunner(t, bin, "--format", "progress", "--reports", reports, "--fault", "sessions-hang",
		"--timeout-action", "60s", "--client", "Windows")
	require.True(t, r.watchUntil(r.hasChild("chrom"), 60*time.Second), "Chromium did not start")
	r.watchUntil(func() bool { return strings.Contains(r.stderr.String(), "started") }, 60*time.Second)
	r.watchUntil(func() bool { return false }, 3*time.Second)

	for pid, name := range descendants(r.cmd.Process.Pid) {
		if strings.Contains(name, "chrom") {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
	code, took := r.wait(t, 30*time.Second)

	assert.NotEqual(t, exitPassed, code)
	assert.Less(t, took, 30*time.Second)
	r.watchUntil(func() bool { return len(r.leftovers()) == 0 }, 5*time.Second)
	assert.Empty(t, r.leftovers(), "processes left behind")
}

func TestTargetThatStopsAnsweringEndsRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Chromium; run without -short")
	}
	inRepoRoot(t)
	bin := buildRunner(t)
	reports := t.TempDir()
	// sessions-hang: the target stops responding to the page's sessions
	// request; the step limit must end the scenario with a message that
	// names the limit and what it waited for.
	r := startRunner(t, bin, "--format", "progress", "--reports", reports, "--fault", "sessions-hang",
		"--timeout-action", "60s", "--timeout-step", "5s", "--client", "Windows")

	code, _ := r.wait(t, 60*time.Second)

	assert.Equal(t, exitFailed, code)
	junit := readText(t, filepath.Join(reports, "junit.xml"))
	assert.Contains(t, junit, "the step timed out after 5s (timeouts.step)")
	assert.Contains(t, junit, "waiting for the Active Sessions modal to list at least one session")
}

package main

import (
	"fmt"
	"net"
	"os/exec"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mmspec/support/browser"
)

// startRunServer starts the installed playwright-core's browser server on
// a free loopback port. --unsafe lets clients choose the executable path
// and arguments, which is how the run reaches this machine's Chromium.
func startRunServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	require.NoError(t, ln.Close())

	cmd := exec.Command("node", "tools/node_modules/playwright-core/cli.js", "run-server",
		"--port", fmt.Sprint(port), "--host", "127.0.0.1", "--unsafe")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})

	return awaitLine(t, stdout, regexp.MustCompile(`Listening on (ws://\S+)`),
		"Playwright's run-server to listen")
}

func TestSpecThroughRemoteBrowserServer(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Chromium; run without -short")
	}
	inRepoRoot(t)
	endpoint := startRunServer(t)
	chromium, err := browser.FindChromium("")
	require.NoError(t, err)
	require.NotEmpty(t, chromium, "no system Chromium; run make setup")

	code, stdout, stderr := runSpec(t, "--format", "progress", "--reports", t.TempDir(),
		"--browser-ws", endpoint, "--browser-path", chromium,
		"--client", "Windows", "--client", "iPhone Native App")

	require.Equal(t, exitPassed, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "2 scenarios (2 passed)")
	assert.Contains(t, stderr, "connecting to remote browser")
}

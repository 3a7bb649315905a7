package main

import (
	"archive/zip"
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mmspec/support/mattermost"
)

// startMmliteProcess builds cmd/mmlite and runs it as a server of its own
// on a free loopback port, as a real Mattermost would run apart from the
// runner. It returns the server's URL.
func startMmliteProcess(t *testing.T, extraArgs ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "mmlite")
	build := exec.Command("go", "build", "-o", bin, "./cmd/mmlite")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "build cmd/mmlite: %s", out)

	args := append([]string{"--addr", "127.0.0.1:0", "--admin-username", "admin"}, extraArgs...)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "MMLITE_ADMIN_PASSWORD="+testAdminPassword)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})

	return awaitLine(t, stderr, regexp.MustCompile(`serving (http://127\.0\.0\.1:\d+)`),
		"mmlite to print the URL it serves")
}

// awaitLine reads r until a line matches pattern and returns the pattern's
// first group, or fails the test after 30 s, naming what it waited for. It
// keeps reading r afterwards, so the process never blocks on a full pipe.
func awaitLine(t *testing.T, r io.Reader, pattern *regexp.Regexp, what string) string {
	t.Helper()
	found := make(chan string, 1)
	go func() {
		scanner := bufio.NewScanner(r)
		sent := false
		for scanner.Scan() {
			if m := pattern.FindStringSubmatch(scanner.Text()); m != nil && !sent {
				found <- m[1]
				sent = true
			}
		}
	}()
	select {
	case match := <-found:
		return match
	case <-time.After(30 * time.Second):
		t.Fatalf("timed out after 30s waiting for %s", what)
		return ""
	}
}

func adminClient(t *testing.T, url string) *mattermost.Client {
	t.Helper()
	c, err := mattermost.New(url)
	require.NoError(t, err)
	login, err := c.Login(context.Background(), mattermost.LoginRequest{LoginID: "admin", Password: testAdminPassword})
	require.NoError(t, err)
	return c.WithToken(login.Token)
}

// activeRunLeftovers lists the active users and teams named as a run names
// them.
func activeRunLeftovers(t *testing.T, admin *mattermost.Client) []string {
	t.Helper()
	ctx := context.Background()
	var names []string
	users, err := admin.UsersWithPrefix(ctx, "mmspec-")
	require.NoError(t, err)
	for _, u := range users {
		if runUserName.MatchString(u.Username) && u.DeleteAt == 0 {
			names = append(names, "user "+u.Username)
		}
	}
	teams, err := admin.TeamsWithPrefix(ctx, "mmspec-")
	require.NoError(t, err)
	for _, tm := range teams {
		if runTeamName.MatchString(tm.Name) && tm.DeleteAt == 0 {
			names = append(names, "team "+tm.Name)
		}
	}
	return names
}

func TestSpecPassesAgainstURLTarget(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Chromium; run without -short")
	}
	inRepoRoot(t)
	url := startMmliteProcess(t)
	t.Setenv("MMSPEC_ADMIN_USERNAME", "admin")
	t.Setenv("MMSPEC_ADMIN_PASSWORD", testAdminPassword)

	code, stdout, stderr := runSpec(t, "--format", "progress", "--reports", t.TempDir(), "--target", url)

	require.Equal(t, exitPassed, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "9 scenarios (9 passed)")
	assert.NotContains(t, stdout+stderr, testAdminPassword)
	assert.Empty(t, activeRunLeftovers(t, adminClient(t, url)), "the run left users or teams behind")
}

func TestCleanupRemovesLeftovers(t *testing.T) {
	url := newMmlite(t, nil)
	admin := adminClient(t, url)
	ctx := context.Background()
	for _, name := range []string{"mmspec-0123abcd-1", "mmspec-0123abcd-probe", "mmspec-fan", "alice"} {
		_, err := admin.CreateUser(ctx, mattermost.CreateUser{
			Email: name + "@mmspec.invalid", Username: name, Password: "Passw0rd-" + name,
		})
		require.NoError(t, err)
	}
	for _, name := range []string{"mmspec-0123abcd", "mmspec-fans"} {
		_, err := admin.CreateTeam(ctx, name, name)
		require.NoError(t, err)
	}
	t.Setenv("MMSPEC_ADMIN_USERNAME", "admin")
	t.Setenv("MMSPEC_ADMIN_PASSWORD", testAdminPassword)

	code, stdout, stderr := runSpec(t, "cleanup", "--target", url)

	require.Equal(t, exitPassed, code, "stderr: %s", stderr)
	assert.Contains(t, stdout, "removed 2 user(s) and 1 team(s)")
	assert.Empty(t, activeRunLeftovers(t, admin))
	users, err := admin.UsersWithPrefix(ctx, "mmspec-fan")
	require.NoError(t, err)
	assert.Len(t, users, 1, "a user whose name only starts with mmspec- must stay")
	alice, err := admin.UsersWithPrefix(ctx, "alice")
	require.NoError(t, err)
	assert.Len(t, alice, 1)
}

func TestCleanupNeedsTarget(t *testing.T) {
	code, _, stderr := runSpec(t, "cleanup")

	assert.Equal(t, exitUsage, code)
	assert.True(t, strings.Contains(stderr, "--target URL"), stderr)
}

// leakPatterns find secrets by their place in what a run writes: session
// and CSRF cookies, Token and Authorization headers, JSON password fields
// and the test users' passwords.
var leakPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(MMAUTHTOKEN|MMCSRF)=[a-z0-9]{10,}`),
	regexp.MustCompile(`"name"\s*:\s*"(MMAUTHTOKEN|MMCSRF|[Tt]oken)"\s*,\s*"value"\s*:\s*"[a-z0-9]{10,}`),
	regexp.MustCompile(`Bearer [a-z0-9]{10,}`),
	regexp.MustCompile(`\\?"password\\?"\s*:\s*\\?"[^"\\\[]`),
	regexp.MustCompile(`Mm1-[0-9a-f]{24}`),
}

// filesUnder returns the text of every file under dir, zip entries
// included, by name.
func filesUnder(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out[path] = string(data)
		if strings.HasSuffix(path, ".zip") {
			r, err := zip.OpenReader(path)
			if err != nil {
				return err
			}
			defer r.Close()
			for _, f := range r.File {
				rc, err := f.Open()
				if err != nil {
					return err
				}
				entry, err := io.ReadAll(rc)
				rc.Close()
				if err != nil {
					return err
				}
				out[path+"!"+f.Name] = string(entry)
			}
		}
		return nil
	})
	require.NoError(t, err)
	return out
}

func TestRunWritesNoSecrets(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Chromium; run without -short")
	}
	inRepoRoot(t)
	url := startMmliteProcess(t)
	t.Setenv("MMSPEC_ADMIN_USERNAME", "admin")
	t.Setenv("MMSPEC_ADMIN_PASSWORD", testAdminPassword)
	reports := t.TempDir()

	// Every trace kept, and mmlite's and the runner's debug logs on.
	code, stdout, stderr := runSpec(t, "--format", "pretty", "--reports", reports, "--target", url,
		"--trace", "on", "--client", "Windows", "--client", "iPhone Native App", "--verbose")
	require.Equal(t, exitPassed, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)

	files := filesUnder(t, reports)
	files["stdout"] = stdout
	files["stderr"] = stderr
	traces := 0
	for name, text := range files {
		if strings.Contains(name, ".zip!") {
			traces++
		}
		assert.NotContains(t, text, testAdminPassword, "%s holds the admin password", name)
		for _, p := range leakPatterns {
			if m := p.FindString(text); m != "" {
				t.Errorf("%s holds a secret: %q", name, m)
			}
		}
	}
	assert.NotZero(t, traces, "the run kept no trace to check")
}

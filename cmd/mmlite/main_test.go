package main

import (
	"bytes"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mmspec/support/mmlite"
)

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestRunExitsEarly(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"help", []string{"--help"}, 0, "", "in memory only"},
		{"list faults", []string{"--list-faults"}, 0, "the desktop app's session", ""},
		{"unknown fault", []string{"--fault", "nope", "--admin-password", "adminpass1"}, 2, "", `unknown fault "nope"`},
		{"bad user menu", []string{"--user-menu", "10", "--admin-password", "adminpass1"}, 2, "", "invalid user menu"},
		{"unknown flag", []string{"--nope"}, 2, "", "flag provided but not defined"},
		{"stray argument", []string{"serve"}, 2, "", `unexpected argument "serve"`},
		{"non-loopback address", []string{"--addr", "0.0.0.0:0", "--admin-password", "adminpass1"}, 1, "", "not a loopback address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			assert.Equal(t, tt.wantCode, code)
			assert.Contains(t, stdout.String(), tt.wantStdout)
			assert.Contains(t, stderr.String(), tt.wantStderr)
		})
	}
}

func TestListFaultsOneALine(t *testing.T) {
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"--list-faults"}, &stdout, &stderr))
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	assert.Len(t, lines, len(mmlite.Faults()))
	for _, line := range lines {
		assert.Regexp(t, `^[a-z0-9-]+ {2,}\S`, line)
	}
}

func TestRunServesUntilSignal(t *testing.T) {
	tests := []struct {
		name          string
		env           string
		args          []string
		wantGenerated bool
	}{
		{"generated password", "", nil, true},
		{"password from environment", "envpass123", nil, false},
		{"password flag", "", []string{"--admin-password", "flagpass123"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("MMLITE_ADMIN_PASSWORD", tt.env)
			var stdout bytes.Buffer
			var stderr syncBuffer
			args := append([]string{"--addr", "127.0.0.1:0"}, tt.args...)
			done := make(chan int, 1)
			go func() { done <- run(args, &stdout, &stderr) }()

			serving := regexp.MustCompile(`serving (http://127\.0\.0\.1:\d+)`)
			var url string
			require.Eventually(t, func() bool {
				m := serving.FindStringSubmatch(stderr.String())
				if m != nil {
					url = m[1]
				}
				return m != nil
			}, 5*time.Second, 10*time.Millisecond)

			resp, err := http.Get(url + "/api/v4/system/ping")
			require.NoError(t, err)
			_ = resp.Body.Close()
			assert.Equal(t, http.StatusOK, resp.StatusCode)

			generated := regexp.MustCompile(`shown only this once: (\S+)`).FindStringSubmatch(stderr.String())
			if tt.wantGenerated {
				require.NotNil(t, generated, "generated password printed")
				assert.Equal(t, 1, strings.Count(stderr.String(), generated[1]), "printed once")
			} else {
				assert.Nil(t, generated, "no password printed")
			}
			for _, secret := range []string{"envpass123", "flagpass123"} {
				assert.NotContains(t, stderr.String(), secret)
			}

			require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGTERM))
			select {
			case code := <-done:
				assert.Equal(t, 0, code)
			case <-time.After(10 * time.Second):
				t.Fatal("mmlite did not stop on SIGTERM")
			}
			assert.Contains(t, stderr.String(), "mmlite stopped")
		})
	}
}

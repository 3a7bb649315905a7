package main

import (
	"os"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseStatPPID(t *testing.T) {
	ppid, err := parseStatPPID("4242 (chromium) S 4200 4242 4200 0 -1 4194560 1234 0 0 0")

	require.NoError(t, err)
	assert.Equal(t, 4200, ppid)
}

func TestParseStatPPIDNameWithParentheses(t *testing.T) {
	ppid, err := parseStatPPID("77 (Web Content (x) y) R 12 77 12 0 -1")

	require.NoError(t, err)
	assert.Equal(t, 12, ppid)
}

func TestParseStatPPIDInvalid(t *testing.T) {
	for _, stat := range []string{"", "12 no-parens S 1", "12 (sh) S", "12 (sh) S abc"} {
		_, err := parseStatPPID(stat)
		assert.Error(t, err, "stat %q", stat)
	}
}

func TestParseStatPPIDOfThisProcess(t *testing.T) {
	stat, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		t.Skip("no /proc:", err)
	}

	ppid, err := parseStatPPID(string(stat))

	require.NoError(t, err)
	assert.Equal(t, os.Getppid(), ppid)
}

const smapsRollup = `55d0c0a00000-7ffd5e1f4000 ---p 00000000 00:00 0                          [rollup]
Rss:              204800 kB
Pss:               51234 kB
Pss_Dirty:         40000 kB
Pss_Anon:          30000 kB
Shared_Clean:     150000 kB
`

func TestParseSmapsRollup(t *testing.T) {
	m, err := parseSmapsRollup(smapsRollup)

	require.NoError(t, err)
	assert.Equal(t, int64(204800), m.RSS)
	assert.Equal(t, int64(51234), m.PSS, "Pss_Dirty and Pss_Anon must not overwrite Pss")
}

func TestParseSmapsRollupMissingPss(t *testing.T) {
	_, err := parseSmapsRollup("Rss: 12 kB\n")

	assert.Error(t, err)
}

func TestParseSmapsRollupOfThisProcess(t *testing.T) {
	data, err := os.ReadFile("/proc/self/smaps_rollup")
	if err != nil {
		t.Skip("no smaps_rollup:", err)
	}

	m, err := parseSmapsRollup(string(data))

	require.NoError(t, err)
	assert.Positive(t, m.RSS)
	assert.Positive(t, m.PSS)
	assert.LessOrEqual(t, m.PSS, m.RSS)
}

func TestParseStatmRSS(t *testing.T) {
	pages, err := parseStatmRSS("1153478 25326 9875 1 0 80591 0\n")

	require.NoError(t, err)
	assert.Equal(t, int64(25326), pages)
}

func TestParseStatmRSSInvalid(t *testing.T) {
	for _, statm := range []string{"", "12", "12 x 3"} {
		_, err := parseStatmRSS(statm)
		assert.Error(t, err, "statm %q", statm)
	}
}

func TestParseKB(t *testing.T) {
	assert.Equal(t, int64(24683784), parseKB("       24683784 kB"))
	assert.Equal(t, int64(0), parseKB(""))
	assert.Equal(t, int64(0), parseKB("n/a"))
}

func TestDescendants(t *testing.T) {
	parents := map[int]int{
		1:  0,
		10: 1, // the measured process
		11: 10,
		12: 11,
		13: 11,
		20: 1, // another tree
		21: 20,
	}

	tree := descendants(10, parents)

	slices.Sort(tree)
	assert.Equal(t, []int{10, 11, 12, 13}, tree)
}

func TestDescendantsOfExitedRoot(t *testing.T) {
	assert.Equal(t, []int{99}, descendants(99, map[int]int{1: 0}))
}

func TestFindValue(t *testing.T) {
	cpuinfo := "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\nprocessor\t: 1\n" +
		"model name\t: AMD EPYC 7B13\n"

	assert.Equal(t, "AMD EPYC 7B13", findValue(cpuinfo, "model name"))
	assert.Equal(t, "24683784 kB", findValue("MemTotal:       24683784 kB\nMemFree: 1 kB\n", "MemTotal"))
	assert.Empty(t, findValue(cpuinfo, "flags"))
}

func TestSamplerSeesThisProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self/statm"); err != nil {
		t.Skip("no /proc:", err)
	}
	s := startSampler(os.Getpid(), time.Millisecond, 1)
	time.Sleep(20 * time.Millisecond)

	peak := s.stop()

	assert.Positive(t, peak.Samples)
	assert.Equal(t, peak.Samples, peak.PSSSamples)
	assert.Positive(t, peak.MaxRSS)
	assert.Positive(t, peak.MaxPSS)
	assert.GreaterOrEqual(t, peak.Processes, 1)
}

package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// parseStatPPID returns the parent pid from the content of /proc/PID/stat.
// The second field, the command name in parentheses, may itself contain
// spaces and parentheses, so the fields are counted from the last ')'.
func parseStatPPID(stat string) (int, error) {
	end := strings.LastIndexByte(stat, ')')
	if end < 0 {
		return 0, errors.New("invalid /proc stat: no ')' after the command name")
	}
	// After the name come the state and then the parent pid.
	fields := strings.Fields(stat[end+1:])
	if len(fields) < 2 {
		return 0, fmt.Errorf("invalid /proc stat: %d fields after the command name, expected at least 2", len(fields))
	}
	ppid, err := strconv.Atoi(fields[1])
	if err != nil {
		return 0, fmt.Errorf("invalid /proc stat: parent pid %q: %w", fields[1], err)
	}
	return ppid, nil
}

// memoryKB is the memory of one process, or a sum over processes, in KiB.
type memoryKB struct {
	RSS int64
	PSS int64
}

// parseSmapsRollup reads the Rss and Pss lines of /proc/PID/smaps_rollup,
// whose values the kernel writes in kB (KiB).
func parseSmapsRollup(content string) (memoryKB, error) {
	var m memoryKB
	var haveRSS, havePSS bool
	for line := range strings.SplitSeq(content, "\n") {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch name {
		case "Rss":
			m.RSS, haveRSS = parseKB(value), true
		case "Pss":
			m.PSS, havePSS = parseKB(value), true
		}
	}
	if !haveRSS || !havePSS {
		return m, errors.New("invalid smaps_rollup: missing the Rss or Pss line")
	}
	return m, nil
}

// parseKB parses a value such as "  123456 kB"; a malformed value is 0.
func parseKB(value string) int64 {
	fields := strings.Fields(value)
	if len(fields) == 0 {
		return 0
	}
	n, err := strconv.ParseInt(fields[0], 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// descendants returns root and every process below it in the tree that
// parents, a map from pid to parent pid, describes.
func descendants(root int, parents map[int]int) []int {
	children := map[int][]int{}
	for pid, ppid := range parents {
		children[ppid] = append(children[ppid], pid)
	}
	tree := []int{root}
	for i := 0; i < len(tree); i++ {
		tree = append(tree, children[tree[i]]...)
	}
	return tree
}

// readParents maps every pid in /proc to its parent pid. Processes that
// exit while it reads are skipped.
func readParents() (map[int]int, error) {
	dir, err := os.Open("/proc")
	if err != nil {
		return nil, err
	}
	defer dir.Close()
	names, err := dir.Readdirnames(-1)
	if err != nil {
		return nil, fmt.Errorf("list /proc: %w", err)
	}
	parents := make(map[int]int, len(names))
	for _, name := range names {
		pid, err := strconv.Atoi(name)
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + name + "/stat")
		if err != nil {
			continue
		}
		if ppid, err := parseStatPPID(string(stat)); err == nil {
			parents[pid] = ppid
		}
	}
	return parents, nil
}

// parseStatmRSS returns the resident pages, the second field, of the
// content of /proc/PID/statm.
func parseStatmRSS(statm string) (int64, error) {
	fields := strings.Fields(statm)
	if len(fields) < 2 {
		return 0, fmt.Errorf("invalid /proc statm %q: expected at least 2 fields", statm)
	}
	pages, err := strconv.ParseInt(fields[1], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("invalid /proc statm: resident pages %q: %w", fields[1], err)
	}
	return pages, nil
}

// readRSS returns the RSS of pid in KiB from /proc/PID/statm, which the
// kernel serves from counters, so it is cheap to read.
func readRSS(pid int) (int64, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
	if err != nil {
		return 0, err
	}
	pages, err := parseStatmRSS(string(data))
	if err != nil {
		return 0, err
	}
	return pages * int64(os.Getpagesize()) / 1024, nil
}

// readPSS returns the PSS of pid in KiB from /proc/PID/smaps_rollup, which
// the kernel computes by walking the process's page tables. A process
// without memory of its own, such as a zombie, has an empty file and a PSS
// of 0.
func readPSS(pid int) (int64, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/smaps_rollup")
	if err != nil {
		return 0, err
	}
	if len(data) == 0 {
		return 0, nil
	}
	m, err := parseSmapsRollup(string(data))
	return m.PSS, err
}

// memoryPeak is the result of sampling a process tree.
type memoryPeak struct {
	// MaxPSS is the largest PSS sum over the tree in one PSS sample, in
	// KiB.
	MaxPSS int64
	// MaxRSS is the largest RSS sum in one sample, in KiB. It counts the
	// pages that processes share once per process, so it overstates.
	MaxRSS int64
	// Processes is the size of the tree in the sample with MaxPSS.
	Processes int
	// PSSComplete is false when the smaps_rollup of some process could not
	// be read, so that its RSS stood in for its PSS.
	PSSComplete bool
	// Samples counts the RSS samples and PSSSamples those that also read
	// PSS.
	Samples, PSSSamples int
	// SamplerCPU is the CPU time that mmbench used while the run lasted,
	// almost all of it reading /proc.
	SamplerCPU time.Duration
}

// sampler polls the memory of a process tree until stop: the RSS of every
// process each interval, and its PSS every pssEvery-th interval, because
// reading PSS costs about a millisecond of CPU per Chromium process.
type sampler struct {
	root     int
	interval time.Duration
	pssEvery int

	done chan struct{}
	wg   sync.WaitGroup
	peak memoryPeak
}

func startSampler(root int, interval time.Duration, pssEvery int) *sampler {
	s := &sampler{root: root, interval: interval, pssEvery: pssEvery, done: make(chan struct{})}
	s.peak.PSSComplete = true
	s.wg.Go(s.loop)
	return s
}

func (s *sampler) loop() {
	ticker := time.NewTicker(s.interval)
	defer ticker.Stop()
	for tick := 0; ; tick++ {
		s.sample(tick%s.pssEvery == 0)
		select {
		case <-s.done:
			return
		case <-ticker.C:
		}
	}
}

func (s *sampler) sample(withPSS bool) {
	parents, err := readParents()
	if err != nil {
		return
	}
	tree := descendants(s.root, parents)
	var rssSum, pssSum int64
	counted := 0
	for _, pid := range tree {
		rss, err := readRSS(pid)
		if err != nil {
			continue // the process exited after the scan
		}
		rssSum += rss
		counted++
		if !withPSS {
			continue
		}
		pss, err := readPSS(pid)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ESRCH) {
				continue // the process exited after the scan
			}
			s.peak.PSSComplete = false
			pss = rss
		}
		pssSum += pss
	}
	s.peak.Samples++
	s.peak.MaxRSS = max(s.peak.MaxRSS, rssSum)
	if withPSS {
		s.peak.PSSSamples++
		if pssSum > s.peak.MaxPSS {
			s.peak.MaxPSS = pssSum
			s.peak.Processes = counted
		}
	}
}

// stop ends the sampling and returns the peak.
func (s *sampler) stop() memoryPeak {
	close(s.done)
	s.wg.Wait()
	return s.peak
}

// findValue returns the value of the first "name : value" line with the
// given name in content, such as that of /proc/cpuinfo, or "".
func findValue(content, name string) string {
	for line := range strings.SplitSeq(content, "\n") {
		key, value, ok := strings.Cut(line, ":")
		if ok && strings.TrimSpace(key) == name {
			return strings.TrimSpace(value)
		}
	}
	return ""
}

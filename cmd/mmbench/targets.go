package main

import (
	"fmt"
	"strings"
	"time"
)

// The targets the benchmark checks mmspec against.
const (
	targetOverhead  = 1.10              // mmspec's wall time over the floor's
	targetFirstStep = 2 * time.Second   // from the command to the first step
	targetPeakPSS   = int64(1536) << 10 // KiB: 1.5 GiB, the whole run at concurrency 7
)

// writeTargets reports for each target whether this run met it, and by how
// much it missed one.
func (d document) writeTargets(w *strings.Builder) {
	b := d.bench
	fmt.Fprintf(w, "## Targets\n\n| target | measured | met |\n|---|---:|---|\n")

	mm := passed(b.pairs, func(p pair) measuredRun { return p.mmspec })
	floor := passed(b.pairs, func(p pair) measuredRun { return p.floor })
	if len(mm) > 0 && len(floor) > 0 {
		ratio := median(walls(mm)).Seconds() / median(walls(floor)).Seconds()
		fmt.Fprintf(w, "| mmspec's wall time at most %.2f × the floor's | %.2f × | %s |\n",
			targetOverhead, ratio, verdict(ratio <= targetOverhead,
				fmt.Sprintf("missed by %.0f %%", (ratio/targetOverhead-1)*100)))
	}
	if probes := d.allPassed(programProbe); len(probes) > 0 {
		var first []time.Duration
		for _, p := range probes {
			first = append(first, p.FirstStep)
		}
		m := median(first)
		fmt.Fprintf(w, "| first step within %s of the command | %s | %s |\n", targetFirstStep, secondsFine(m),
			verdict(m <= targetFirstStep, fmt.Sprintf("missed by %s", secondsFine(m-targetFirstStep))))
	}
	for k, r := range b.sweep {
		if k.concurrency != 7 || k.latency != 0 || r.Err != nil {
			continue
		}
		peak := r.Memory.MaxPSS
		fmt.Fprintf(w, "| peak memory below %s at concurrency 7 | %s | %s |\n", mib(targetPeakPSS), mib(peak),
			verdict(peak < targetPeakPSS, fmt.Sprintf("missed by %s", mib(peak-targetPeakPSS))))
	}
	fmt.Fprintf(w, "\nThe overhead is what mmspec does that the floor does not, not godog itself: per "+
		"scenario, the accessibility audit (axe-core is injected and run, about 150 ms), the modal's screenshot "+
		"and the checks of every entry's details, a few REST calls that find the scenario's session ids, and "+
		"after the run the JUnit, Cucumber JSON and HTML reports and the removal of the test users (the "+
		"\"outside the scenarios\" row). The floor leaves all of these out, so the target compares a "+
		"specification with a script that checks nothing; the step times below show where the time goes.\n\n")
}

func verdict(met bool, miss string) string {
	if met {
		return "yes"
	}
	return "no, " + miss
}

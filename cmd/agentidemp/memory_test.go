package main

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestReadmeMemory measures the peak RSS of the README's command-line
// memory table again with testdata/memory.sh and checks every figure of
// the table against it, within 3% or 0.5 MiB. It takes about a minute and
// 1 GB of disk, so it runs only with AGENTIDEMP_MEASURE_MEMORY=1, on Linux
// with GNU time; figures from another machine may differ by more.
func TestReadmeMemory(t *testing.T) {
	if os.Getenv("AGENTIDEMP_MEASURE_MEMORY") != "1" {
		t.Skip("set AGENTIDEMP_MEASURE_MEMORY=1 to measure the README's memory table")
	}
	out, err := exec.Command("bash", "testdata/memory.sh").CombinedOutput()
	if err != nil {
		t.Fatalf("testdata/memory.sh: %v\n%s", err, out)
	}
	measured := tableRows(string(out))
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := string(readme)
	if i := strings.Index(section, "## Command line"); i >= 0 {
		section = section[i:]
	}
	if i := strings.Index(section, "\n## Which key"); i >= 0 {
		section = section[:i]
	}
	shown := tableRows(section)
	if len(measured) != 6 || len(shown) != len(measured) {
		t.Fatalf("measured %d rows, the README shows %d:\n%s", len(measured), len(shown), out)
	}
	for i := range measured {
		// The README's columns are the script's first ones: the input's
		// size, json FILE, canon FILE and so on.
		if len(shown[i]) < 3 || len(shown[i]) > len(measured[i]) {
			t.Fatalf("row %d: the README shows %d figures, the script measures %d", i, len(shown[i]), len(measured[i]))
		}
		for j, s := range shown[i] {
			if m := measured[i][j]; s < m*0.97 && s < m-0.5 || s > m*1.03 && s > m+0.5 {
				t.Errorf("row %d, column %d: the README shows %.1f MiB, measured %.1f", i, j+1, s, m)
			}
		}
	}
}

// figureRE is a row of a Markdown table of figures: its first cell, then
// cells that each start with a number.
var figureRE = regexp.MustCompile(`(?m)^\|[^|\n]*((?:\| [0-9.]+[^|\n]*)+)\|$`)

// tableRows returns the figures of the rows of the Markdown tables in s
// whose cells after the first start with numbers: the first number of each.
func tableRows(s string) [][]float64 {
	var rows [][]float64
	for _, m := range figureRE.FindAllStringSubmatch(s, -1) {
		var row []float64
		for _, cell := range strings.Split(m[1], "|")[1:] {
			f, err := strconv.ParseFloat(strings.Fields(cell)[0], 64)
			if err != nil {
				return nil
			}
			row = append(row, f)
		}
		rows = append(rows, row)
	}
	return rows
}

// Package config parses KEY=value lines; it is Go code, not files read at run time.
package config

import "strings"

// Parse reads KEY=value lines, skipping blanks and comments.
func Parse(text string) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok {
			out[k] = v
		}
	}
	return out
}

// Command tzdata-apt needs packages installed with apt at run time: tzdata
// for time.LoadLocation, ca-certificates for TLS roots, and netcat's nc.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
	"os/exec"
	"time"
)

func present(ok bool) string {
	if ok {
		return "present"
	}
	return "missing"
}

func main() {
	tz := os.Getenv("TZ")
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		// No time/tzdata import: the zone must come from /usr/share/zoneinfo.
		loc, err := time.LoadLocation(tz)
		if err != nil {
			http.Error(w, "loading zone "+tz+": "+err.Error(), http.StatusInternalServerError)
			return
		}
		for _, s := range []string{"2024-01-15T12:00:00Z", "2024-07-01T12:00:00Z"} {
			t, _ := time.Parse(time.RFC3339, s)
			fmt.Fprintf(w, "%s in %s = %s\n", s, tz, t.In(loc).Format("2006-01-02 15:04:05 MST"))
		}
		_, err = os.Stat("/etc/ssl/certs/ca-certificates.crt")
		fmt.Fprintf(w, "ca-certificates bundle: %s\n", present(err == nil))
		_, err = exec.LookPath("nc")
		fmt.Fprintf(w, "nc: %s\n", present(err == nil))
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}

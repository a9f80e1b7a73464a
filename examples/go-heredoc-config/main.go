// Command server reads its configuration from files the Dockerfile wrote with heredocs
// (/etc/app/app.conf from COPY <<EOT, /opt/app/seed.json from a RUN heredoc script).
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

func main() {
	conf, err := os.ReadFile("/etc/app/app.conf")
	if err != nil {
		log.Fatalf("config: %v", err)
	}
	seed, err := os.ReadFile("/opt/app/seed.json")
	if err != nil {
		log.Fatalf("seed: %v", err)
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s%s", conf, seed)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}

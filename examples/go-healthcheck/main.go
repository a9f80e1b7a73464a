// Command healthcheck serves a page and a /healthz endpoint that the
// Dockerfile's HEALTHCHECK polls with curl.
package main

import (
	"fmt"
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "hello from go-healthcheck; health endpoint is /healthz")
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}

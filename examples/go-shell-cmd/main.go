// Command shell-cmd takes its port from a flag and its greeting from the
// environment; the Dockerfile passes the flag through shell expansion.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
)

func main() {
	port := flag.String("port", "", "port to listen on (required)")
	flag.Parse()
	if *port == "" {
		log.Fatal("missing -port")
	}
	greeting := os.Getenv("GREETING")
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "greeting=%s port=%s\n", greeting, *port)
	})
	log.Fatal(http.ListenAndServe(":"+*port, nil))
}

// Command server reads .env from its working folder at start. Its context also holds a Go
// package named config/ and a sql/ folder for the database container: both have
// conventional run-time names, but nothing in the program or its start reaches them.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"

	"example.com/server/config"
)

func main() {
	env, err := os.ReadFile(".env")
	if err != nil {
		log.Fatalf("reading .env: %v", err)
	}
	settings := config.Parse(string(env))
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, settings["GREETING"])
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}

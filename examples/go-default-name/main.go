// Command default-name is built with a bare `go build`, so its binary is
// named after the last element of the module path: default-name.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
	"path/filepath"
)

func main() {
	exe, err := os.Executable()
	if err != nil {
		log.Fatal(err)
	}
	name := filepath.Base(exe)
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello from the binary named %s\n", name)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}

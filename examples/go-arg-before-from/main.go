// Command arg-before-from reports a version stamped in with -ldflags -X and
// the same value passed through ENV.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "ldflags version=%s\nAPP_VERSION=%s\n", version, os.Getenv("APP_VERSION"))
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}

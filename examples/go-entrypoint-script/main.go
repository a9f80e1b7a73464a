// Command entrypoint-script reports the APP_MODE that its entrypoint script
// defaults before exec'ing it.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "APP_MODE=%s (set by docker-entrypoint.sh)\n", os.Getenv("APP_MODE"))
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}

// Command basic is a minimal net/http server.
package main

import (
	"fmt"
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "hello from go-basic")
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}

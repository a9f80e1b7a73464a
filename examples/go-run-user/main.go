// Command runuser is a minimal net/http server that says which user it runs as.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello from go-run-user, uid %d\n", os.Getuid())
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}

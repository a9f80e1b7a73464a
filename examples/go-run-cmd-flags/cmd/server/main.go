// Command server answers with a page read from templates/ in its working folder, on the
// port its -port flag names, and a greeting compiled in through -ldflags.
package main

import (
	"flag"
	"log"
	"net/http"
	"os"
)

var greeting = "unset"

func main() {
	port := flag.String("port", "8000", "port to listen on")
	flag.Parse()
	page, err := os.ReadFile("templates/index.html")
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(greeting + " " + os.Getenv("APP_MODE") + "\n"))
		w.Write(page)
	})
	log.Fatal(http.ListenAndServe(":"+*port, nil))
}

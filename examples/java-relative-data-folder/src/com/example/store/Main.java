package com.example.store;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads a message and appends a visit line, both relative to the folder it starts in. */
public final class Main {
  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(8080), 0);
    server.createContext("/", exchange -> {
      String body;
      int status = 200;
      try {
        String message = Files.readString(Path.of("volumes/messages/hello.txt")).trim();
        Files.writeString(Path.of("volumes/visits.log"), "visit\n",
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        body = "{\"message\":\"" + message + "\"}";
      } catch (Exception e) {
        status = 500;
        body = "{\"error\":\"" + e.getClass().getSimpleName() + "\"}";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("content-type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    System.out.println("listening");
  }
}

package com.example.plugins;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A tiny HTTP server whose answer comes from a class named in the environment and loaded
 * with Class.forName: jdeps cannot see what such an app loads, so no jlink runtime.
 */
public class Main {
  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    String name = System.getenv().getOrDefault("GREETER", "com.example.plugins.Plain");
    Supplier<String> greeter =
        (Supplier<String>) Class.forName(name).getDeclaredConstructor().newInstance();
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/", exchange -> {
      byte[] bytes = (greeter.get() + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    System.out.println("listening on " + port);
  }
}

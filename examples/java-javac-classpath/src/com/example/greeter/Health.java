package com.example.greeter;

import java.net.HttpURLConnection;
import java.net.URL;

/** HEALTHCHECK probe: exit 0 when the server answers 200. */
public class Health {
  public static void main(String[] args) throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:8080/").openConnection();
    c.setConnectTimeout(2000);
    c.setReadTimeout(2000);
    System.exit(c.getResponseCode() == 200 ? 0 : 1);
  }
}

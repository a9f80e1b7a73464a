package com.example.hello;

final class Greeting {
  private Greeting() {}

  static String text(int javaVersion) {
    return "hello from java " + javaVersion;
  }
}

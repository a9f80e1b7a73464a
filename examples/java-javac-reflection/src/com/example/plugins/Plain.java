package com.example.plugins;

import java.util.function.Supplier;

public class Plain implements Supplier<String> {
  @Override
  public String get() {
    return "hello from " + getClass().getSimpleName() + " on java " + Runtime.version().feature();
  }
}

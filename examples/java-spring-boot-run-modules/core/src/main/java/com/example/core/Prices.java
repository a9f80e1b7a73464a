package com.example.core;

public final class Prices {
  private Prices() {}

  public static int cents(int euros) {
    return euros * 100;
  }
}

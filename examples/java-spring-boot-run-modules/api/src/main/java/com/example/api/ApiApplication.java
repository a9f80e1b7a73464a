package com.example.api;

import com.example.core.Prices;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class ApiApplication {

  @GetMapping("/price")
  public Map<String, Integer> price() {
    return Map.of("cents", Prices.cents(3));
  }

  public static void main(String[] args) {
    SpringApplication.run(ApiApplication.class, args);
  }
}
